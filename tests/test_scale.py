"""Flat costs at scale: lists without COUNT(*), newest-first order
on the partial indexes, the stored search vector, the benchmark's floor."""

import importlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, reverse
from django.utils import timezone
from lxml import html

from articles.models import Article
from articles.site.paginator import MAX_PAGES
from tests import factories

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the stored vector is PostgreSQL's"
)


def make_articles(count, **fields):
    now = timezone.now()
    return [
        factories.make_article(
            slug=f"nota-{number}",
            headline=f"Nota {number}",
            published_at=now - timedelta(hours=number + 1),
            **fields,
        )
        for number in range(count)
    ]


def test_home_pages_without_counting_the_archive(client, db):
    make_articles(25)

    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("articles:home"))
    second = client.get(reverse("articles:home") + "?page=2")

    assert [q for q in queries.captured_queries if "COUNT(" in q["sql"]] == []
    tree = html.fromstring(first.content)
    assert tree.xpath("//nav[@class='pagination']/span/text()") == ["Página 1"]
    assert tree.xpath("//a[@rel='next']/@href") == ["?page=2"]
    tree = html.fromstring(second.content)
    assert tree.xpath("//nav[@class='pagination']/span/text()") == ["Página 2"]
    assert tree.xpath("//a[@rel='next']") == []
    assert len(tree.xpath("//article")) == 5


@pytest.mark.parametrize("page", ["3", "last", "0", str(MAX_PAGES + 1)])
def test_pages_past_the_end_or_the_cap_are_not_found(client, db, page):
    make_articles(25)

    assert client.get(reverse("articles:home") + f"?page={page}").status_code == 404


def test_an_exactly_full_page_has_no_older_link(client, db):
    make_articles(20)

    tree = html.fromstring(client.get(reverse("articles:home")).content)

    assert tree.xpath("//a[@rel='next']") == []
    assert tree.xpath("//nav[@class='pagination']") == []


def test_section_page_lists_newest_first_without_counting(client, db):
    section = factories.make_section("mundo")
    articles = make_articles(22, section=section)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(section.get_absolute_url())

    assert [q for q in queries.captured_queries if "COUNT(" in q["sql"]] == []
    shown = [a.slug for a in response.context["object_list"]]
    assert shown == [a.slug for a in articles[:20]]


def test_newest_first_is_the_api_order(db):
    articles = make_articles(4)

    slugs = list(Article.objects.published().newest_first().values_list("slug"))

    assert [slug for (slug,) in slugs] == [a.slug for a in articles]


@postgresql_only
def test_the_stored_search_vector_follows_every_save(db):
    article = factories.make_article(slug="vector", headline="Aliado extra")

    assert list(Article.objects.published().search("aliado")) == [article]
    article.headline = "Socio preferente"
    article.save()

    assert list(Article.objects.published().search("aliado")) == []
    assert list(Article.objects.published().search("socio")) == [article]
    Article.objects.filter(pk=article.pk).update(dek="Un acuerdo histórico")
    assert list(Article.objects.published().search("historico")) == [article]


@postgresql_only
def test_search_ranks_the_newest_matches(db, monkeypatch):
    monkeypatch.setattr("articles.models.search.SEARCH_RANK_LIMIT", 3)
    now = timezone.now()
    for number, headline in enumerate(
        ["Aliado", "Texto", "Aliado aliado aliado", "Aliado", "Aliado aliado"]
    ):
        factories.make_article(
            slug=f"s-{number}",
            headline=headline,
            published_at=now - timedelta(hours=number + 1),
        )

    found = [a.slug for a in Article.objects.published().search("aliado")]

    # The three newest matches (s-0, s-2, s-3), the best ranked first; the
    # older s-4 is left out even though it ranks above s-0.
    assert found == ["s-2", "s-0", "s-3"]


@pytest.fixture
def floor_urls(settings):
    def load(enabled):
        settings.BENCHMARK_FLOOR = enabled
        importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
        clear_url_caches()

    yield load
    load(False)


def test_the_floor_is_off_unless_benchmarking(client, db, floor_urls):
    floor_urls(False)

    assert client.get("/bench/floor/").status_code == 404


def test_the_floor_is_a_fixed_10_kb_page_without_queries(
    client, db, floor_urls, django_assert_num_queries
):
    floor_urls(True)

    with django_assert_num_queries(0):
        response = client.get("/bench/floor/")

    assert response.status_code == 200
    assert 10_000 <= len(response.content) <= 11_000
    assert client.get("/bench/floor/").content == response.content


@pytest.mark.parametrize(
    "view_name",
    [
        "articles:article_detail",
        "articles:section_detail",
        "articles:entity_detail",
        "articles:author_detail",
    ],
)
@pytest.mark.parametrize("prefix", ["/", "/diario/"])
def test_cached_slug_urls_are_what_reverse_gives(view_name, prefix):
    from django.urls import reverse, set_script_prefix

    from articles.urls_cache import slug_url

    set_script_prefix(prefix)
    try:
        for slug in ["peru", "peru-aliado-extra-otan", "a_1"]:
            assert slug_url(view_name, slug) == reverse(view_name, args=[slug])
    finally:
        set_script_prefix("/")
