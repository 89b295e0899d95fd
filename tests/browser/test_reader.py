import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SEED_HEADLINE = (
    "Gobierno de Trump quiere designar a Perú como principal aliado extra-OTAN"
)
SEED_PATH = "/articulos/peru-aliado-extra-otan/"
PAGES = {"home": "/", "article": SEED_PATH, "entity": "/temas/peru/"}
MORE_PAGES = {**PAGES, "search": "/buscar/?q=aliado", "corrections": "/correcciones/"}
EVERY_PAGE = {
    **MORE_PAGES,
    "section": "/secciones/internacional/",
    "empty search": "/buscar/",
    "withdrawn or missing": "/articulos/no-existe/",
}


# WCAG 2.2 AA (target size 2.5.8 is axe's ``target-size``, tagged wcag22aa)
# and axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}


def violations(page):
    """Every WCAG 2.2 AA violation, and serious or critical best-practice ones."""
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
        or "best-practice" not in violation["tags"]
    ]


def test_reader_follows_the_seed_story_from_home_to_an_entity(page, site, artifacts):
    page.goto(site.url + "/")
    expect(page.locator("h1")).to_have_count(1)
    page.get_by_role("link", name=SEED_HEADLINE).first.click()
    expect(page).to_have_url(site.url + SEED_PATH)
    expect(page.locator("h1")).to_have_text(SEED_HEADLINE)
    credit = page.locator("figure figcaption .credit")
    expect(credit).to_have_text("Foto: Freddy Rodríguez / Ejército del Perú")
    expect(credit).to_be_visible()
    image = page.locator("figure picture img")
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    assert "/media/renditions/" in image.evaluate("img => img.currentSrc")
    page.screenshot(path=artifacts / "article-desktop.png", full_page=True)

    page.locator(".article__entities").get_by_role(
        "link", name="Perú", exact=True
    ).click()
    expect(page).to_have_url(site.url + "/temas/peru/")
    expect(page.locator("h1")).to_have_text("Perú")
    expect(page.get_by_role("link", name=SEED_HEADLINE)).to_be_visible()


@pytest.mark.parametrize("name", EVERY_PAGE)
def test_every_public_page_meets_wcag_2_2_aa(page, site, artifacts, name):
    page.goto(site.url + EVERY_PAGE[name])
    page.screenshot(path=artifacts / f"{name}-light.png", full_page=True)
    assert violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert violations(page) == []
    page.screenshot(path=artifacts / f"{name}-dark.png")


@pytest.mark.parametrize("name", EVERY_PAGE)
def test_every_public_page_meets_wcag_2_2_aa_at_phone_width(page, site, name):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site.url + EVERY_PAGE[name])
    assert violations(page) == []


@pytest.mark.parametrize("name", MORE_PAGES)
def test_phone_width_has_no_horizontal_scroll(page, site, artifacts, name):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site.url + MORE_PAGES[name])
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth,"
        " document.documentElement.clientWidth]"
    )
    scroll_width, client_width = widths
    assert client_width == 375
    assert scroll_width <= client_width
    page.screenshot(path=artifacts / f"{name}-phone.png", full_page=True)


def test_copy_link_copies_the_article_address(page, site, browser_name):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site.url + SEED_PATH)
    page.get_by_role("link", name="Copiar enlace").click()
    expect(page.locator("a.share__copy")).to_have_text("Enlace copiado")
    expect(page).to_have_url(site.url + SEED_PATH)
    assert page.evaluate("() => navigator.clipboard.readText()") == site.url + SEED_PATH


def test_printed_article_keeps_the_story_and_drops_the_chrome(page, site, artifacts):
    page.goto(site.url + SEED_PATH)
    page.emulate_media(media="print")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("figure .credit")).to_be_visible()
    expect(page.locator(".article__body p")).to_have_count(10)
    for chrome in [".share", ".site-nav", ".site-search", ".site-footer nav"]:
        expect(page.locator(chrome)).to_be_hidden()
    page.screenshot(path=artifacts / "article-print.png", full_page=True)
