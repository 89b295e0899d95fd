"""Live coverage in Chromium: an editor publishes an entry with Ctrl+Enter
from the live desk, and a reader with the page open is told of new entries
within a poll and shows them with a click. Short intervals keep it quick."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.live.models import LiveEntry
from tests.browser import test_csp
from tests.live import add_entry, make_live

pytestmark = pytest.mark.browser

PASSWORD = "una-clave-larga-para-la-prueba"
# The page with every CSP violation and console error written down.
watched = test_csp.watched


@pytest.fixture
def live(site, settings):
    settings.LIVE_POLL_SECONDS = 0.5
    # No heartbeat while an entry is posted: the live server's threads share
    # SQLite's in-memory connection, and two requests at once would race on it.
    settings.DESK_HEARTBEAT_INTERVAL = 60
    article = make_live(slug="sesion-en-vivo")
    add_entry(article, "<p>Se abre la sesión.</p>", minutes_ago=5)
    site.article = article
    return site


def test_ctrl_enter_publishes_an_entry_from_the_live_desk(live, watched):
    page = watched
    get_user_model().objects.create_superuser("maria", "m@example.org", PASSWORD)
    page.goto(f"{live.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "maria")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    desk = f"{live.url}/admin/live/livecoverage/{live.article.live_coverage.pk}/desk/"
    page.goto(desk)

    body = page.locator("#id_body")
    body.fill("<p>Empieza la votación nominal.</p>")
    page.locator("#id_title").fill("Votación")
    body.press("Control+Enter")

    rows = page.locator("#live-desk-entries tbody tr")
    expect(rows.first).to_contain_text("Votación")
    expect(rows.first).to_contain_text("publicado")
    expect(body).to_have_value("")
    entry = LiveEntry.objects.get(title="Votación")
    assert entry.status == LiveEntry.Status.PUBLISHED
    assert page.url == desk  # no reload, no redirect

    page.goto(live.url + live.article.get_absolute_url())
    expect(page.locator(f"#{entry.anchor}")).to_contain_text("votación nominal")
    assert page.problems() == []  # under the CSP, no inline script


def test_a_reader_is_told_of_new_entries_and_shows_them(live, watched):
    page = watched
    page.goto(live.url + live.article.get_absolute_url())
    entries = page.locator("[data-live-entries] [data-entry]")
    expect(entries).to_have_count(1)
    notice = page.locator("[data-live-notice]")
    expect(notice).to_be_hidden()

    add_entry(live.article, "<p>El pleno aprueba la moción.</p>")
    add_entry(live.article, "<p>Se levanta la sesión.</p>")

    expect(notice).to_be_visible(timeout=5000)
    expect(page.locator("[data-live-count]")).to_have_text("2 entradas nuevas")
    expect(page.locator("[data-live-count]")).to_have_attribute("aria-live", "polite")
    expect(entries).to_have_count(1)  # nothing moves until the reader asks

    page.locator("[data-live-show]").click()
    expect(entries).to_have_count(3)
    expect(entries.first).to_contain_text("Se levanta la sesión.")
    expect(notice).to_be_hidden()
    assert page.problems() == []
