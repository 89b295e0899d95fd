"""The article form in Chromium: autosave survives a closed tab, two editors
see each other and learn of each other's saves, and the unsaved form can be
previewed. Short intervals keep the tests quick."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.leaving import leave

pytestmark = pytest.mark.browser

PASSWORD = "una-clave-larga-para-la-prueba"
SEED_SLUG = "peru-aliado-extra-otan"


@pytest.fixture
def desk(site, settings):
    settings.DESK_AUTOSAVE_INTERVAL = 0.3
    settings.DESK_HEARTBEAT_INTERVAL = 0.5
    users = get_user_model().objects
    users.create_superuser(
        "maria", "m@example.org", PASSWORD, first_name="María", last_name="Pérez"
    )
    users.create_superuser(
        "luis", "l@example.org", PASSWORD, first_name="Luis", last_name="Soto"
    )
    article = Article.objects.get(slug=SEED_SLUG)
    site.change_url = f"{site.url}/admin/articles/article/{article.pk}/change/"
    site.article = article
    return site


@pytest.fixture
def open_page(browser, desk):
    """A new browser (context) logged in as ``username``. At the end each page
    is left first, so that its last requests (autosave, leave) are answered
    before the database is flushed."""
    pages = []

    def open_page(username):
        page = browser.new_context(locale="es-EC").new_page()
        pages.append(page)
        log_in(page, desk, username)
        return page

    yield open_page
    for page in pages:
        for left in page.context.pages:
            leave(left)
    for page in pages:
        page.context.close()


def log_in(page, site, username):
    page.goto(f"{site.url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{site.url}/admin/")


def test_a_closed_tab_loses_nothing(desk, open_page, artifacts):
    page = open_page("maria")
    context = page.context
    page.goto(desk.change_url)
    page.locator("#id_headline").fill("Titular que nadie guardó")
    page.locator("#id_dek").press("Control+End")
    page.locator("#id_dek").press_sequentially(" Y una frase más.")
    expect(page.locator("#desk-status")).to_contain_text(
        "Cambios sin guardar conservados a las"
    )
    page.close()

    page = context.new_page()
    page.goto(desk.change_url)
    expect(page.locator("#id_headline")).to_have_value(desk.article.headline)
    offer = page.get_by_role("link", name="Restaurar los cambios sin guardar de las")
    page.screenshot(path=artifacts / "admin-autosave-offer.png")
    offer.click()

    expect(page.locator("#id_headline")).to_have_value("Titular que nadie guardó")
    expect(page.locator("#id_dek")).to_have_value(
        f"{desk.article.dek} Y una frase más."
    )
    desk.article.refresh_from_db()
    assert desk.article.headline != "Titular que nadie guardó"


def test_two_editors_see_each_other_and_each_others_saves(desk, open_page, artifacts):
    first = open_page("maria")
    second = open_page("luis")
    first.goto(desk.change_url)
    second.goto(desk.change_url)

    expect(second.locator("#desk-presence")).to_contain_text(
        "María Pérez está editando desde las"
    )
    expect(first.locator("#desk-presence")).to_contain_text(
        "Luis Soto está editando desde las"
    )
    second.locator("#id_headline").fill("Titular de Luis")
    second.locator("input[name=_continue]").first.click()
    expect(second.locator(".messagelist .success")).to_be_visible()

    notice = first.locator("#desk-newer")
    expect(notice).to_contain_text("Luis Soto guardó una versión más reciente")
    first.screenshot(path=artifacts / "admin-presence.png")
    expect(notice.get_by_role("link", name="Recargar y combinar")).to_be_visible()


def test_the_preview_shows_the_unsaved_headline(desk, open_page):
    page = open_page("maria")
    context = page.context
    page.goto(desk.change_url)
    page.locator("#id_headline").fill("Titular aún sin guardar")

    button = page.get_by_role("button", name="Vista previa de los cambios sin guardar")
    with context.expect_page() as opened:
        button.click()
    preview = opened.value

    expect(preview.locator("h1.article__headline")).to_have_text(
        "Titular aún sin guardar"
    )
    desk.article.refresh_from_db()
    assert desk.article.headline != "Titular aún sin guardar"
