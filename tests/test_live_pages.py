"""What readers see of a live coverage: its page, its poll endpoint, its
feeds, the home page's label and the JSON-LD."""

import json
import re

import pytest
from django.test import Client

from articles.live.models import LiveEntry
from tests import factories
from tests.live import add_entry, make_live

pytestmark = pytest.mark.django_db


def json_ld(page):
    found = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S
    )
    return [json.loads(text) for text in found]


def test_live_page_shows_pinned_first_then_entries_newest_first(client):
    live = make_live()
    add_entry(live, "<p>Primera</p>", minutes_ago=30)
    add_entry(live, "<p>Fijada</p>", minutes_ago=20, pinned=True)
    add_entry(live, "<p>Segunda</p>", minutes_ago=10, key_event=True, title="Votación")
    page = client.get(live.get_absolute_url()).content.decode()
    order = [page.index(word) for word in ("Fijada", "Segunda", "Primera")]
    assert order == sorted(order)
    assert 'class="live__key-events"' in page
    assert "Votación" in page
    assert "Resumen." in page


def test_drafts_and_withdrawn_entries_never_reach_readers(client):
    live = make_live()
    add_entry(live, "<p>Borrador secreto</p>", status=LiveEntry.Status.DRAFT)
    add_entry(
        live,
        "<p>Retirada secreta</p>",
        status=LiveEntry.Status.WITHDRAWN,
        withdrawal_reason="Error",
    )
    add_entry(live, "<p>Publicada</p>")
    url = live.get_absolute_url()
    answers = [
        client.get(url).content.decode(),
        client.get(url + "entradas/").content.decode(),
        client.get(url + "rss/").content.decode(),
        client.get(url + "atom/").content.decode(),
    ]
    for answer in answers:
        assert "secreto" not in answer and "secreta" not in answer
        assert "Publicada" in answer


def test_entries_of_an_unpublished_live_are_not_public(client):
    live = make_live(status="draft")
    add_entry(live, "<p>Nada</p>")
    url = live.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client.get(url + "entradas/").status_code == 404
    assert client.get(url + "rss/").status_code == 404
    assert list(LiveEntry.objects.published()) == []


def test_entry_body_is_sanitised_on_save():
    live = make_live()
    entry = add_entry(live, '<p onclick="x()">Hola<script>alert(1)</script></p>')
    assert entry.body == "<p>Hola</p>"


def test_poll_endpoint_answers_newer_entries_and_304_to_its_etag(client):
    live = make_live()
    old = add_entry(live, "<p>Vieja</p>", minutes_ago=5)
    url = live.get_absolute_url() + "entradas/"
    since = old.published_at.isoformat()
    first = client.get(url, {"since": since})
    assert first.json()["count"] == 0
    again = client.get(url, {"since": since}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    add_entry(live, "<p>Nueva</p>")
    fresh = client.get(url, {"since": since}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200
    data = fresh.json()
    assert data["count"] == 1
    assert "Nueva" in data["entries"][0]["html"]
    assert "max-age=5" in fresh["Cache-Control"]


@pytest.mark.parametrize("since", ["ayer", "2025-13-45T10:00:00", "2025-12-01T25:00"])
def test_poll_endpoint_refuses_a_bad_since_naming_it(client, since):
    live = make_live()
    response = client.get(live.get_absolute_url() + "entradas/", {"since": since})
    assert response.status_code == 400
    assert "since" in response.json()


def test_live_page_is_paginated_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    live = make_live()
    author = factories.make_author("ana", name="Ana")
    entries = [
        LiveEntry(
            article=live,
            body=f"<p>Entrada {number}</p>",
            status="published",
            published_at=live.published_at,
            author=author,
            pinned=number < 2,
            key_event=number % 50 == 0,
        )
        for number in range(400)
    ]
    LiveEntry.objects.bulk_create(entries)
    reader = Client()
    with django_assert_max_num_queries(16):
        first = reader.get(live.get_absolute_url(), HTTP_CACHE_CONTROL="no-cache")
    assert first.status_code == 200
    assert first.content.decode().count('data-entry="') == 22
    with django_assert_max_num_queries(16):
        last = reader.get(live.get_absolute_url(), {"page": 20})
    assert last.status_code == 200
    assert reader.get(live.get_absolute_url(), {"page": 99}).status_code == 404


def test_live_blog_posting_json_ld_lists_published_entries(client):
    live = make_live()
    author = factories.make_author("ana", name="Ana Pérez")
    add_entry(live, "<p>Se abre la sesión</p>", title="Inicio", author=author)
    add_entry(live, "<p>Oculta</p>", status=LiveEntry.Status.DRAFT)
    page = client.get(live.get_absolute_url()).content.decode()
    (data,) = json_ld(page)
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"]
    assert "coverageEndTime" not in data
    (update,) = data["liveBlogUpdate"]
    assert update["headline"] == "Inicio"
    assert update["articleBody"] == "Se abre la sesión"
    assert update["author"]["name"] == "Ana Pérez"
    assert update["datePublished"]


def test_ended_coverage_says_so_and_has_an_end_time(client):
    live = make_live()
    live.live_coverage.end()
    page = client.get(live.get_absolute_url()).content.decode()
    assert "Live coverage ended" in page or "Cobertura en vivo finalizada" in page
    (data,) = json_ld(page)
    assert data["coverageEndTime"]


def test_home_page_marks_live_coverage(client):
    make_live()
    factories.make_article(slug="normal")
    page = client.get("/").content.decode()
    assert page.count('class="card__live') == 1


def test_entries_feed_lists_entries_with_their_authors(client):
    live = make_live()
    author = factories.make_author("ana", name="Ana Pérez")
    add_entry(live, "<p>Uno</p>", title="Votación abierta", author=author)
    feed = client.get(live.get_absolute_url() + "rss/").content.decode()
    assert "<title>Votación abierta</title>" in feed
    atom = client.get(live.get_absolute_url() + "atom/").content.decode()
    assert "Ana Pérez" in atom


def test_key_events_link_to_the_page_that_shows_them(client):
    live = make_live()
    old = add_entry(live, "<p>Clave antigua</p>", minutes_ago=100, key_event=True)
    for minutes in range(25):
        add_entry(live, f"<p>Entrada {minutes}</p>", minutes_ago=minutes)
    page = client.get(live.get_absolute_url()).content.decode()
    assert f'href="?page=2#{old.anchor}"' in page
    second = client.get(live.get_absolute_url(), {"page": 2}).content.decode()
    assert f'href="#{old.anchor}"' in second
    assert f'id="{old.anchor}"' in second


def test_a_corrected_entry_says_so_with_the_note_and_time(client):
    from articles.live.models import LiveEntryCorrection

    live = make_live()
    entry = add_entry(live, "<p>Votaron 61.</p>")
    LiveEntryCorrection.objects.create(entry=entry, note="Antes decía 60 votos.")
    page = client.get(live.get_absolute_url()).content.decode()
    block = page[page.index(f'id="{entry.anchor}"') :]
    block = block[: block.index("</article>")]
    assert "Antes decía 60 votos." in block
    assert 'class="live-entry__corrections"' in block
    assert "<time" in block.split("live-entry__corrections")[1]
