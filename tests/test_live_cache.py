"""A new entry touches only its live's page, its endpoint, its feeds and its
entries in the API: other pages and lists stay cached."""

import pytest
from django.test import Client

from articles.live.models import LiveEntry
from tests import factories
from tests.live import add_entry, make_live

pytestmark = pytest.mark.django_db


def state(client, urls):
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


def warm(client, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert state(client, urls) == dict.fromkeys(urls, "hit")


@pytest.fixture
def live_and_other():
    section = factories.make_section("politica", name="Política")
    live = make_live(section=section)
    other = factories.make_article(slug="otra", section=section)
    return live, other


def live_answers(live):
    url = live.get_absolute_url()
    return [
        url,
        url + "entradas/",
        url + "rss/",
        f"/api/v1/articles/{live.slug}/entries/",
    ]


def other_answers(live, other):
    return [
        "/",
        "/secciones/politica/",
        "/feeds/rss/",
        "/api/v1/articles/",
        f"/api/v1/articles/{live.slug}/",
        other.get_absolute_url(),
        "/sitemap.xml",
    ]


def test_a_new_entry_makes_stale_only_the_live_answers(live_and_other):
    live, other = live_and_other
    reader = Client()
    mine, others = live_answers(live), other_answers(live, other)
    warm(reader, mine + others)

    add_entry(live, "<p>Última hora</p>")

    assert state(reader, others) == dict.fromkeys(others, "hit")
    assert state(reader, mine) == dict.fromkeys(mine, "miss")
    assert "Última hora" in reader.get(live.get_absolute_url()).content.decode()


def test_a_draft_entry_touches_nothing(live_and_other):
    live, other = live_and_other
    reader = Client()
    urls = live_answers(live) + other_answers(live, other)
    warm(reader, urls)

    entry = add_entry(live, "<p>Borrador</p>", status=LiveEntry.Status.DRAFT)
    entry.title = "Aún borrador"
    entry.save()

    assert state(reader, urls) == dict.fromkeys(urls, "hit")


def test_withdrawing_an_entry_makes_its_live_answers_stale(live_and_other):
    live, _other = live_and_other
    entry = add_entry(live, "<p>Se retirará</p>")
    reader = Client()
    warm(reader, live_answers(live))

    entry.status = LiveEntry.Status.WITHDRAWN
    entry.withdrawal_reason = "Dato sin confirmar"
    entry.save()

    assert state(reader, live_answers(live)) == dict.fromkeys(
        live_answers(live), "miss"
    )
    assert "Se retirará" not in reader.get(live.get_absolute_url()).content.decode()
