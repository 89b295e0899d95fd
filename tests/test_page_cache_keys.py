"""What makes a new copy in the page cache (articles/cache_keys.py): only the
query parameters a view reads and the format it answers in. Anything else
(tracking parameters, their order, repeats, Accept headers that ask for
nothing else) is served from the same copy, so it cannot flood the cache."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests import factories

NINJS = "application/vnd.iptc.ninjs+json"


@pytest.fixture
def front(db):
    """Twenty-five published articles: the home page has a page 2."""
    section = factories.make_section("mundo", name="Mundo")
    now = timezone.now()
    return [
        factories.make_article(
            slug=f"nota-{number}",
            section=section,
            headline=f"Nota {number}",
            published_at=now - timedelta(hours=number),
        )
        for number in range(1, 26)
    ]


def stored_pages():
    return [key for key in cache._cache if ":pages:page:" in key]


def cache_states(client, urls, **headers):
    return [client.get(url, **headers)["X-Page-Cache"] for url in urls]


def test_tracking_parameters_make_one_copy_and_one_render(
    client, front, django_assert_num_queries
):
    first = client.get("/?utm_source=1")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        states = cache_states(client, [f"/?utm_source={n}" for n in range(2, 51)])

    assert states == ["hit"] * 49
    assert len(stored_pages()) == 1
    assert client.get("/").content == first.content


def test_page_numbers_normalise_whatever_their_order_repeats_or_spelling(client, front):
    page_two = client.get("/?page=2")
    assert page_two["X-Page-Cache"] == "miss"
    assert b"Nota 25" in page_two.content
    variants = [
        "/?page=2&page=2",
        "/?utm_medium=x&page=2",
        "/?page=02",
        "/?page=1&page=2",
    ]

    assert cache_states(client, variants) == ["hit"] * 4
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert cache_states(client, ["/?page=1", "/?page=1&fbclid=abc"]) == ["hit"] * 2
    assert len(stored_pages()) == 2


def test_a_page_beyond_the_last_is_never_kept(client, front):
    for number in range(3, 8):
        assert client.get(f"/?page={number}").status_code == 404

    assert stored_pages() == []


def test_search_answers_are_not_kept_by_the_page_cache(client, front):
    for words in ["nota", "nota 1", "otra cosa"]:
        response = client.get("/buscar/", {"q": words})
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "public" in response["Cache-Control"]

    assert stored_pages() == []


def test_html_pages_ignore_accept_whatever_it_asks_for(client, front):
    assert client.get("/", HTTP_ACCEPT="text/html")["X-Page-Cache"] == "miss"
    accepts = ["application/json", "foo/bar", "*/*", "", "x" * 500]

    states = [client.get("/", HTTP_ACCEPT=accept)["X-Page-Cache"] for accept in accepts]

    assert states == ["hit"] * 5
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert len(stored_pages()) == 1


def test_api_accept_headers_that_ask_for_json_share_the_json_copy(client, front):
    detail = "/api/v1/articles/nota-1/"
    assert client.get(detail)["X-Page-Cache"] == "miss"
    accepts = ["application/json", "*/*", "application/*", "text/html, */*;q=0.1"]

    states = [client.get(detail, HTTP_ACCEPT=a)["X-Page-Cache"] for a in accepts]

    assert states == ["hit"] * 4
    assert client.get(detail, HTTP_ACCEPT=NINJS)["X-Page-Cache"] == "miss"
    refused = client.get(detail, HTTP_ACCEPT="foo/bar")
    assert refused.status_code == 406
    assert len(stored_pages()) == 2


def test_api_parameters_in_another_order_share_a_copy(client, front):
    url = "/api/v1/articles/?ordering=headline&page_size=5"
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"

    again = client.get("/api/v1/articles/?page_size=5&ordering=headline")

    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert len(stored_pages()) == 1


def test_api_unknown_or_repeated_parameters_are_refused_and_never_kept(client, front):
    assert client.get("/api/v1/articles/")["X-Page-Cache"] == "miss"
    for url in [
        "/api/v1/articles/?foo=1",
        "/api/v1/articles/?utm_source=1",
        "/api/v1/articles/?page_size=5&page_size=5",
    ]:
        for _attempt in range(2):
            refused = client.get(url)
            assert refused.status_code == 400, url
            assert "X-Page-Cache" not in refused, url

    assert len(stored_pages()) == 1
