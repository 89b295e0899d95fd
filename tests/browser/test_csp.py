"""The Content Security Policy holds in a real browser: the pages readers and
editors use, Swagger UI included, work under it without a single violation
or console error."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Author

pytestmark = pytest.mark.browser

PASSWORD = "una-clave-larga-para-la-prueba"
SEED_PATH = "/articulos/peru-aliado-extra-otan/"

# Runs before any page script; records what the policy blocks.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline")
  );
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation and console error written down."""
    problems = []
    page.add_init_script(RECORD_VIOLATIONS)

    def console(message):
        # The admin has no favicon link, so the browser asks for /favicon.ico.
        if message.type == "error" and not message.location.get("url", "").endswith(
            "/favicon.ico"
        ):
            problems.append(f"console: {message.text} {message.location}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )

    def check():
        violations = page.evaluate("() => window.__cspViolations || []")
        return problems + [f"CSP: {violation}" for violation in violations]

    page.problems = check
    return page


@pytest.fixture
def editor(site):
    get_user_model().objects.create_superuser("editora", "e@example.org", PASSWORD)
    Author.objects.create(name="Ana Pérez", slug="ana-perez")
    return site


def log_in(page, url):
    page.goto(url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "editora")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(url + "/admin/")


@pytest.mark.parametrize("path", ["/", SEED_PATH, "/temas/peru/", "/buscar/?q=Perú"])
def test_public_pages_run_without_violations(watched, site, path):
    watched.goto(site.url + path)
    expect(watched.locator("h1").first).to_be_visible()

    assert watched.problems() == []


def test_editor_works_in_the_admin_without_violations(watched, editor, artifacts):
    url = editor.url
    watched.goto(url + "/admin/login/")
    assert watched.problems() == []
    log_in(watched, url)

    watched.goto(url + "/admin/articles/article/")
    expect(watched.locator("#result_list")).to_be_visible()
    watched.locator("#changelist-filter").get_by_role("link").first.click()
    assert watched.problems() == []

    watched.locator("#result_list tbody th a").first.click()
    expect(watched.locator("#article_form")).to_be_visible()
    # An inline row, and the author picked through the autocomplete widget.
    watched.locator("#bylines-group .add-row a").click()
    watched.locator("#bylines-group .select2-selection").first.click()
    watched.locator(".select2-dropdown .select2-search__field").fill("Ana")
    watched.locator(".select2-results__option", has_text="Ana Pérez").click()
    expect(
        watched.locator("#bylines-group .select2-selection__rendered").first
    ).to_have_text("Ana Pérez")
    # The collapsed "System" fieldset opens by script.
    watched.locator("fieldset.collapse summary, fieldset.collapse h2 a").first.click()
    watched.screenshot(path=artifacts / "admin-article-change.png", full_page=True)
    watched.locator("input[name=_continue]").first.click()
    expect(watched.locator(".messagelist .success")).to_be_visible()
    assert watched.problems() == []

    watched.goto(url + "/admin/articles/article/add/")
    watched.locator("#id_headline").press_sequentially("Una noticia nueva")
    # The slug fills itself from the headline (prepopulated_fields, by script).
    expect(watched.locator("#id_slug")).to_have_value("una-noticia-nueva")
    assert watched.problems() == []


def test_swagger_ui_works_without_violations(watched, site, artifacts):
    watched.goto(site.url + "/api/docs/")
    expect(watched.locator(".swagger-ui .info .title")).to_contain_text("Newsroom API")
    watched.locator(".opblock-summary", has_text="/api/v1/articles/").first.click()
    watched.get_by_role("button", name="Try it out").first.click()
    watched.get_by_role("button", name="Execute").first.click()
    expect(
        watched.locator(".responses-wrapper .response .response-col_status").first
    ).to_have_text("200")
    watched.screenshot(path=artifacts / "api-docs.png", full_page=True)

    assert watched.problems() == []
