"""A sync client walks ``?updated_since=…&ordering=modified_at`` page by page.

The contract (see articles/api/pagination.py): no article is missed, no unchanged
article is delivered twice, and an article saved during the walk is delivered
again, later in the same walk, in its new version.
"""

import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleUpdate
from tests.factories import make_article


def walk(client, url, between_pages=None):
    """Follow next links; call between_pages(page_number) after each page."""
    seen, page = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        seen += [(item["slug"], item["version"]) for item in data["results"]]
        page += 1
        if between_pages:
            between_pages(page)
        url = data["next"]
    return seen


def make_desk(count):
    return [make_article(slug=f"nota-{number}") for number in range(count)]


def test_sync_walk_delivers_changed_articles_again_and_misses_none(db, anon):
    since = timezone.now() - timedelta(seconds=1)
    make_desk(7)

    def edit_during_walk(page):
        if page == 1:
            for slug in ("nota-1", "nota-4"):  # one already seen, one not yet
                article = Article.objects.get(slug=slug)
                article.dek = "Editado durante la sincronización"
                article.save()

    seen = walk(
        anon,
        f"/api/v1/articles/?updated_since={since.isoformat().replace('+', '%2B')}"
        "&ordering=modified_at&page_size=3",
        edit_during_walk,
    )

    assert seen == [
        ("nota-0", 1),
        ("nota-1", 1),
        ("nota-2", 1),
        ("nota-3", 1),
        ("nota-5", 1),
        ("nota-6", 1),
        ("nota-1", 2),
        ("nota-4", 2),
    ]
    assert len(set(seen)) == len(seen)


def test_sync_walk_sees_updates_published_during_the_walk(db, anon):
    articles = make_desk(4)

    def correct_first_article(page):
        if page == 1:
            ArticleUpdate.objects.create(
                article=articles[0], kind="correction", note="Corregido"
            )
            articles[0].refresh_updated_at()

    seen = walk(
        anon,
        "/api/v1/articles/?ordering=modified_at&page_size=2",
        correct_first_article,
    )

    assert seen == [
        ("nota-0", 1),
        ("nota-1", 1),
        ("nota-2", 1),
        ("nota-3", 1),
        ("nota-0", 2),
    ]


def test_articles_saved_at_the_same_instant_are_each_delivered_once(db, anon):
    make_desk(5)
    Article.objects.update(modified_at=timezone.now())

    seen = walk(anon, "/api/v1/articles/?ordering=modified_at&page_size=1")

    assert sorted(seen) == [(f"nota-{number}", 1) for number in range(5)]


def test_newly_published_articles_do_not_shift_the_pages_still_to_come(db, anon):
    make_desk(6)

    def publish_more(page):
        if page == 1:
            make_article(slug="ultima-hora")

    seen = walk(anon, "/api/v1/articles/?page_size=2", publish_more)

    assert [slug for slug, _version in seen] == [
        "nota-5",
        "nota-4",
        "nota-3",
        "nota-2",
        "nota-1",
        "nota-0",
    ]


def test_walks_by_nullable_updated_at_reach_articles_never_updated(db, anon):
    articles = make_desk(4)
    for article in articles[:2]:
        ArticleUpdate.objects.create(article=article, note="Nota")
        article.refresh_updated_at()

    for ordering in ("updated_at", "-updated_at"):
        seen = walk(anon, f"/api/v1/articles/?ordering={ordering}&page_size=1")
        assert sorted(slug for slug, _version in seen) == [
            "nota-0",
            "nota-1",
            "nota-2",
            "nota-3",
        ]
        assert {slug for slug, _version in seen[2:]} == {"nota-2", "nota-3"}


def test_a_cursor_only_works_with_its_own_ordering(db, anon):
    make_desk(3)
    next_url = anon.get("/api/v1/articles/?ordering=modified_at&page_size=1").json()[
        "next"
    ]
    cursor = next_url.split("cursor=")[1].split("&")[0]

    response = anon.get(f"/api/v1/articles/?ordering=headline&cursor={cursor}")

    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


@pytest.mark.parametrize(
    "payload",
    [
        {"o": "-published_at", "v": None, "id": 2**70},
        {"o": "-published_at", "v": "ayer", "id": 1},
        {"o": "-headline", "v": None, "id": 1},
        {"o": "-published_at", "v": 5, "id": 1},
        {"o": "-published_at", "id": 1},
        ["-published_at", None, 1],
        # Times that cannot be expressed in UTC, or without an offset.
        {"o": "-published_at", "v": "9999-12-31T23:59:59-12:00", "id": 1},
        {"o": "published_at", "v": "0001-01-01T00:00:00+14:00", "id": 1},
        {"o": "modified_at", "v": "2026-01-01T12:00:00", "id": 1},
        {"o": "-updated_at", "v": "2026-01-01", "id": 1},
        {"o": "-published_at", "v": "2026-01-01T12:00:00\u0000Z", "id": 1},
        # Text that PostgreSQL or UTF-8 cannot take.
        {"o": "headline", "v": "\u0000x", "id": 1},
        {"o": "-headline", "v": "a\u0000", "id": 1},
        {"o": "headline", "v": "\ud800", "id": 1},
        {"o": "headline", "v": "x" * 301, "id": 1},
        # Anything but a string or null.
        {"o": "headline", "v": 10**400, "id": 1},
        {"o": "-published_at", "v": 2**63, "id": 1},
        {"o": "headline", "v": 1.5, "id": 1},
        {"o": "headline", "v": True, "id": 1},
        {"o": "-published_at", "v": False, "id": 1},
        {"o": "headline", "v": ["a"], "id": 1},
        {"o": "headline", "v": {"$gt": ""}, "id": 1},
        {"o": "-published_at", "v": {"v": "2026-01-01T12:00:00Z"}, "id": 1},
        # Keys that are not a positive 64-bit id, and orderings that are not text.
        {"o": "headline", "v": "a", "id": True},
        {"o": "headline", "v": "a", "id": 0},
        {"o": "headline", "v": "a", "id": "1"},
        {"o": "headline", "v": "a", "id": [1]},
        {"o": ["headline"], "v": "a", "id": 1},
    ],
)
def test_forged_cursors_answer_400(db, anon, payload):
    make_desk(2)
    raw = json.dumps(payload).encode()
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    ordering = "-published_at"
    if isinstance(payload, dict) and isinstance(payload["o"], str):
        ordering = payload["o"]

    response = anon.get(
        f"/api/v1/articles/?ordering={ordering}&cursor={cursor}",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"cursor": ["Not a cursor from a next link."]}


def test_a_cursor_that_is_not_base64_json_answers_400(db, anon):
    make_desk(2)
    deep = base64.urlsafe_b64encode(b"[" * 3000).decode()
    cursors = ["bm9wZQ", "e30", "ñ", "%00", "a", deep]

    responses = [
        anon.get(f"/api/v1/articles/?cursor={cursor}", HTTP_ACCEPT_LANGUAGE="en")
        for cursor in cursors
    ]

    assert [(r.status_code, r.json()) for r in responses] == [
        (400, {"cursor": ["Not a cursor from a next link."]})
    ] * len(cursors)


def test_a_cursor_time_in_another_offset_is_read_as_that_instant(db, anon):
    old = make_article(slug="antigua", published_at=timezone.now() - timedelta(days=9))
    make_article(slug="reciente", published_at=timezone.now() - timedelta(days=1))
    quito = timezone.get_fixed_timezone(-300)
    value = (timezone.now() - timedelta(days=5)).astimezone(quito).isoformat()
    raw = json.dumps({"o": "-published_at", "v": value, "id": 1}).encode()
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")

    response = anon.get(f"/api/v1/articles/?cursor={cursor}")

    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["results"]] == [old.slug]


def test_the_last_page_has_no_next_link(db, anon):
    make_desk(2)

    data = anon.get("/api/v1/articles/?page_size=2").json()

    assert data["next"] is None
    assert len(data["results"]) == 2
