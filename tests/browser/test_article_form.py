"""The article form in Chromium at a laptop's size: the seed story's 41
entities fit on one screen, and the counters follow the typing."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.leaving import leave

pytestmark = pytest.mark.browser

PASSWORD = "una-clave-larga-para-la-prueba"
SEED_SLUG = "peru-aliado-extra-otan"
VIEWPORT = {"width": 1366, "height": 768}


@pytest.fixture
def change_page(site, browser):
    get_user_model().objects.create_superuser("maria", "m@example.org", PASSWORD)
    article = Article.objects.get(slug=SEED_SLUG)
    context = browser.new_context(locale="es-EC", viewport=VIEWPORT)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(message.text))
    page.goto(f"{site.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "maria")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{site.url}/admin/articles/article/{article.pk}/change/")
    yield page
    leave(page)
    context.close()


def test_the_entities_of_a_long_story_fit_on_one_screen(change_page, artifacts):
    page = change_page
    group = page.locator("#entity_links-group")
    rows = group.locator("tr.compact-entity.has_original")
    expect(rows).to_have_count(41)
    page.screenshot(path=artifacts / "admin-article-form.png", full_page=True)

    group.scroll_into_view_if_needed()
    box = group.bounding_box()
    page.screenshot(path=artifacts / "admin-entities.png")
    print(f"entity section: {box['width']:.0f} x {box['height']:.0f} px")
    assert box["height"] <= VIEWPORT["height"]
    # One line each: every row is as tall as the first.
    heights = {round(rows.nth(n).bounding_box()["height"]) for n in range(41)}
    assert len(heights) == 1
    assert heights.pop() < 40

    # The form's styles and scripts are files: the CSP refuses nothing.
    assert [text for text in page.console_errors if "Content Security" in text] == []

    # Django's inline script still adds a line, with the entity autocomplete.
    group.locator(".add-row a").click()
    expect(
        group.locator("tr.compact-entity:not(.has_original):not(.empty-form)")
    ).to_have_count(1)
    expect(group.locator("#id_entity_links-41-entity")).to_be_attached()


def test_counters_follow_the_typing(change_page):
    page = change_page
    headline = page.locator('[data-counter-for="headline"] .counter__count')
    page.locator("#id_headline").fill("Corto")
    expect(headline).to_have_text("5")
    page.locator("#id_headline").fill("x" * 111)
    expect(page.locator('[data-counter-for="headline"]')).to_have_class(
        "counter counter--over"
    )

    words = page.locator('[data-counter-for="body"] .counter__words')
    minutes = page.locator('[data-counter-for="body"] .counter__minutes')
    # Set as a rich-text editor sets its hidden text area: no input event.
    page.locator("[name=body]").evaluate(
        "(area) => { area.value = '<p>' + 'palabra '.repeat(401) + '</p>'; }"
    )
    expect(words).to_have_text("401")
    expect(minutes).to_have_text("3")
