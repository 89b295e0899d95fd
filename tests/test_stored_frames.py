"""A stored page's frame (header, menu, footer) is rendered once per process
and filled in by string; stored API documents are written as they were
rendered. Both must stay byte for byte what a live render gives."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.renders import frame, jobs
from articles.renders.models import StoredRender
from articles.renders.rendering import fingerprint
from newsroom.prepared import PreparedQuery
from tests import factories
from tests.test_stored_renders import queries

API = "/api/v1/articles/{}/"


@pytest.fixture(autouse=True)
def no_frames(settings):
    # Cold reads: the page cache in front would answer the second one.
    settings.PAGE_CACHE = False
    frame.forget()
    yield
    frame.forget()


@pytest.fixture
def cache_reads(monkeypatch):
    """The cache reads a request makes, each one a round trip to Redis (the
    test cache's ``get_many`` calls ``get`` per key: those are not counted)."""
    reads = []
    inside = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            if not inside:
                reads.append(_name)
            inside.append(_name)
            try:
                return _original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, name, counted)
    return reads


def live(client, url, **headers):
    StoredRender.objects.all().delete()
    return client.get(url, **headers)


def test_a_stored_page_costs_one_query_one_cache_read_and_no_template(
    client, seed_story, cache_reads, django_assert_max_num_queries
):
    assert jobs.render_and_store(seed_story.pk) == "stored"
    url = seed_story.get_absolute_url()
    first = client.get(url)
    assert "articles/article_detail.html" in [t.name for t in first.templates]
    cache_reads.clear()
    with django_assert_max_num_queries(1):
        again = client.get(url)
    assert cache_reads == ["get_many"]
    assert again.templates == []
    assert again.content == first.content
    assert again.content == live(client, url).content


def test_the_frame_follows_the_section_menu(client, seed_story):
    jobs.render_and_store(seed_story.pk)
    url = seed_story.get_absolute_url()
    assert "Deportes" not in client.get(url).content.decode()
    sports = factories.make_section("deportes", "Deportes")
    factories.make_article(section=sports)
    render = StoredRender.objects.servable(seed_story.slug, "page", fingerprint())
    assert render is not None
    stored = client.get(url)
    assert '<a href="/secciones/deportes/">Deportes</a>' in stored.content.decode()
    assert stored.content == live(client, url).content


def test_each_language_has_its_frame(client, seed_story):
    english = factories.make_article(
        headline="Peru becomes a major non-NATO ally", language="en"
    )
    for article in (seed_story, english):
        jobs.render_and_store(article.pk)
    spanish_page = client.get(seed_story.get_absolute_url()).content.decode()
    english_page = client.get(english.get_absolute_url()).content.decode()
    assert '<html lang="es">' in spanish_page
    assert "Saltar al contenido" in spanish_page
    assert '<html lang="en">' in english_page
    assert "Skip to content" in english_page
    assert "Peru becomes a major non-NATO ally · " in english_page
    assert english_page.encode() == live(client, english.get_absolute_url()).content


def test_a_title_with_markup_is_escaped_in_the_frame(client, db):
    article = factories.make_article(headline='Ley <b>"mordaza"</b> & prensa')
    jobs.render_and_store(article.pk)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<title>Ley &lt;b&gt;&quot;mordaza&quot;&lt;/b&gt; &amp; prensa · " in page
    assert page.encode() == live(client, article.get_absolute_url()).content


@pytest.mark.parametrize(
    "accept",
    ["application/json", "application/json; indent=4"],
)
def test_stored_api_answers_are_the_live_ones_in_every_rendering(
    client, seed_story, accept
):
    others = [factories.make_article() for _ in range(3)]
    for article in [seed_story, *others]:
        jobs.render_and_store(article.pk)
    urls = [API.format(seed_story.slug), "/api/v1/articles/?page_size=3"]
    stored = [client.get(url, HTTP_ACCEPT=accept) for url in urls]
    assert [response.status_code for response in stored] == [200, 200]
    StoredRender.objects.all().delete()
    for kept, url in zip(stored, urls, strict=True):
        rendered = client.get(url, HTTP_ACCEPT=accept)
        assert kept.content == rendered.content
        assert kept["Content-Type"] == rendered["Content-Type"]
    if "indent" in accept:
        assert b'\n    "uuid"' in stored[0].content


def test_an_api_list_reads_the_filters_querysets_only_when_named(client, seed_story):
    jobs.render_and_store(seed_story.pk)
    # The page and its stored items, beside the throttle's counts.
    assert len(queries(client, "/api/v1/articles/?language=es")) == 2
    unknown = client.get("/api/v1/articles/?section=no-existe")
    assert unknown.status_code == 400
    assert "section" in unknown.json()


def test_a_prepared_query_converts_as_the_orm(db, seed_story):
    jobs.render_and_store(seed_story.pk)
    prepared = PreparedQuery(
        lambda slug: Article.objects.filter(slug=slug).values_list(
            "pk", "published_at", "source_metadata"
        ),
        slug="\ue000slug",
    )
    row = prepared.row(connection.alias, slug=seed_story.slug)
    assert row == list(
        Article.objects.filter(slug=seed_story.slug).values_list(
            "pk", "published_at", "source_metadata"
        )[0]
    )
    assert row[1].tzinfo is not None
    assert prepared.row(connection.alias, slug="no-existe") is None


def test_a_prepared_query_refuses_values_it_cannot_place(db):
    prepared = PreparedQuery(
        lambda slug: Article.objects.filter(slug=slug, version__gt=1).values_list("pk"),
        slug="\ue000slug",
    )
    with pytest.raises(ValueError, match="stand-ins"):
        prepared.row(connection.alias, slug="x")


def test_rerender_newest_renders_the_front_of_the_archive_first(db):
    now = timezone.now()
    articles = [
        factories.make_article(published_at=now - timedelta(hours=hours))
        for hours in range(5)
    ]
    call_command("rerender", "--all", "--now", "--newest", "2", stdout=StringIO())
    rendered = set(StoredRender.objects.values_list("article_id", flat=True))
    assert rendered == {articles[0].pk, articles[1].pk}
    with pytest.raises(CommandError, match="--newest"):
        call_command("rerender", "--newest", "0", stdout=StringIO())


def test_a_render_of_another_format_is_passed_over_for_a_live_page(client, seed_story):
    jobs.render_and_store(seed_story.pk)
    url = seed_story.get_absolute_url()
    # As the code before the frame stored pages: no language, title nor embeds.
    StoredRender.objects.filter(kind="page").update(
        fingerprint="made-by-older-code",
        content='{"head": "", "main": "", "modified": 0, "feeds": {}}',
    )
    page = client.get(url)
    assert page.status_code == 200
    assert seed_story.headline in page.content.decode()
    assert page.content == live(client, url).content


def test_a_frame_that_raced_a_menu_change_still_names_the_menus_keys(
    client, seed_story, monkeypatch
):
    jobs.render_and_store(seed_story.pk)
    monkeypatch.setattr(frame.invalidation, "stamp", lambda *args, **kwargs: None)
    response = client.get(seed_story.get_absolute_url())
    assert response.templates  # rendered, not kept
    assert "nav" in response["Surrogate-Key"].split()
    assert "nav" in client.get(seed_story.get_absolute_url())["Surrogate-Key"].split()


def test_data_that_looks_like_a_stand_in_is_written_as_it_is(client, seed_story):
    jobs.render_and_store(seed_story.pk)
    odd = factories.make_article(headline="\ue0000\ue000")  # listed live
    listed = client.get("/api/v1/articles/?page_size=5")
    assert listed.status_code == 200
    headlines = [item["headline"] for item in listed.json()["results"]]
    assert odd.headline in headlines and seed_story.headline in headlines
