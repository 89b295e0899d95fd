"""seed_demo: bulk demo data that looks like an archive and that every page,
feed and API answer can serve in a fixed number of queries."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.urls import reverse

from articles.html import sanitise_body
from articles.models import (
    Article,
    ArticleEntity,
    ArticleUpdate,
    Author,
    Byline,
    Entity,
    Photo,
    Section,
)

NOW = datetime(2026, 11, 28, 15, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


def seed(articles, seed=7, **options):
    call_command("seed_demo", articles=articles, seed=seed, quiet=True, **options)


def snapshot():
    """What a reader could see of the archive, without database ids."""
    articles = Article.objects.order_by("pk").prefetch_related(
        "bylines__author", "entity_links__entity", "updates"
    )
    return [
        (
            str(article.uuid),
            re.sub(r"-\d+$", "", article.slug),
            article.headline,
            article.dek,
            article.body,
            article.status,
            article.section.slug,
            article.lead_photo.credit_line if article.lead_photo else None,
            article.published_at,
            article.updated_at,
            article.byline_text,
            [(b.author.slug, b.role, b.order) for b in article.bylines.all()],
            [(e.entity.slug, e.role, e.order) for e in article.entity_links.all()],
            [(u.kind, u.note, u.published_at) for u in article.updates.all()],
        )
        for article in articles.select_related("section", "lead_photo")
    ]


def test_seeds_the_catalogue_and_the_articles_asked_for(db):
    seed(120)

    assert Article.objects.count() == 120
    assert Section.objects.count() == 10
    kinds = dict(Entity.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    assert kinds == {
        "person": 200,
        "organisation": 150,
        "country": 40,
        "place": 40,
        "event": 50,
        "topic": 30,
    }
    with_aliases = Entity.objects.exclude(aliases="")
    assert with_aliases.filter(kind="country").count() == 21
    without = Entity.objects.filter(aliases="").exclude(kind__in=["topic", "country"])
    assert without.exists() is False
    assert Author.objects.count() == 200
    assert Photo.objects.count() == 40
    peru = Entity.objects.get(slug="peru")
    assert (peru.kind, peru.country_code) == ("country", "PE")


def test_articles_have_bylines_entities_and_updates_in_range(db):
    seed(200)

    links = Article.objects.annotate(n=Count("entity_links")).values_list(
        "n", flat=True
    )
    assert min(links) >= 1
    assert max(links) <= 40
    bylines = Article.objects.annotate(n=Count("bylines")).values_list("n", flat=True)
    assert set(bylines) == {0, 1, 2, 3}
    assert ArticleUpdate.objects.exists()
    assert set(ArticleUpdate.objects.values_list("kind", flat=True)) <= {
        "update",
        "correction",
        "clarification",
    }
    # Every link is in order from 0, the first one the main subject.
    for article in Article.objects.prefetch_related("entity_links"):
        links = list(article.entity_links.all())
        assert [link.order for link in links] == list(range(len(links)))
        assert [link.role for link in links[:1]] == ["about"]
    assert Byline.objects.filter(order=0).exclude(role="author").count() == 0


def test_peru_is_in_about_one_article_in_seven(db):
    seed(400)

    about_peru = ArticleEntity.objects.filter(entity__slug="peru").count()
    assert 40 <= about_peru <= 80


def test_states_and_dates_are_spread_like_a_real_archive(db):
    seed(400)

    statuses = dict(
        Article.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    assert set(statuses) == set(Article.Status.values)
    assert statuses["published"] >= 330
    published = Article.objects.filter(status="published")
    dates = published.values_list("published_at", flat=True)
    assert min(dates) >= NOW - timedelta(days=3653)
    assert max(dates) < NOW
    assert max(dates) - min(dates) > timedelta(days=3000)
    assert (
        Article.objects.filter(status="scheduled", published_at__lte=NOW).count() == 0
    )
    assert (
        Article.objects.filter(status__in=["draft", "in_review"])
        .exclude(published_at=None)
        .count()
        == 0
    )


def test_derived_fields_are_what_save_would_have_made(db):
    seed(150)

    for article in Article.objects.prefetch_related("updates", "bylines"):
        assert article.body == sanitise_body(article.body)
        assert article.body.startswith("<p>")
        assert article.version == 1
        assert article.uuid.version == 4
        latest = max((u.published_at for u in article.updates.all()), default=None)
        assert article.updated_at == latest
        if article.updated_at:
            assert article.updated_at >= article.published_at
        if article.bylines.all():
            assert article.byline_text == ""
        assert article.modified_at >= article.created_at
    assert Article.objects.values("uuid").distinct().count() == 150
    for photo in Photo.objects.all():
        assert photo.credit_line == photo.composed_credit_line()


def test_the_same_seed_gives_the_same_archive(db):
    seed(60, seed=11)
    first = snapshot()
    Article.objects.all().delete()
    Photo.objects.all().delete()

    seed(60, seed=11)

    assert snapshot() == first


def test_another_seed_gives_another_archive(db):
    seed(30, seed=1)
    first = snapshot()
    Article.objects.all().delete()

    seed(30, seed=2)

    assert [row[2] for row in snapshot()] != [row[2] for row in first]


def test_a_second_run_adds_articles_and_reuses_the_catalogue(db):
    seed(20, seed=1)
    seed(20, seed=2)

    assert Article.objects.count() == 40
    assert Entity.objects.count() == 510
    assert Author.objects.count() == 200
    # The id sequences moved past the rows written in bulk.
    article = Article.objects.create(
        headline="Nueva", slug="nueva", section=Section.objects.first()
    )
    assert article.pk > max(
        Article.objects.exclude(pk=article.pk).values_list("pk", flat=True)
    )


def test_reuses_the_seed_storys_peru(seed_story):
    peru = Entity.objects.get(slug="peru")

    seed(100)

    assert Entity.objects.filter(slug="peru").count() == 1
    assert peru.article_links.count() > 1
    assert Article.objects.count() == 101


def test_quiet_mode_prints_nothing(db, capsys):
    seed(10)

    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_shows_progress_with_rate_and_a_summary(db, capsys):
    call_command("seed_demo", articles=10, seed=3)

    captured = capsys.readouterr()
    assert "10/10" in captured.err
    assert "articles/s" in captured.err
    assert "Added 10 articles (seed 3)" in captured.out


@pytest.mark.parametrize("articles", ["0", "-5", "mil"])
def test_refuses_a_number_of_articles_that_is_not_positive(db, articles):
    with pytest.raises(CommandError, match="articles"):
        call_command("seed_demo", "--articles", articles)
    assert Article.objects.count() == 0


PAGES = {
    "home": lambda article: reverse("articles:home"),
    "article": lambda article: article.get_absolute_url(),
    "section": lambda article: article.section.get_absolute_url(),
    "entity": lambda article: reverse("articles:entity_detail", args=["peru"]),
    "search": lambda article: reverse("articles:search") + "?q=gobierno",
    "feed": lambda article: reverse("articles:feed_rss"),
    "entity feed": lambda article: reverse("articles:entity_feed_rss", args=["peru"]),
    "sitemap": lambda article: reverse("sitemap"),
    "corrections": lambda article: reverse("articles:corrections"),
    "api list": lambda article: "/api/v1/articles/?section=internacional&page_size=20",
    "api detail": lambda article: f"/api/v1/articles/{article.slug}/",
    "api ninjs": lambda article: f"/api/v1/articles/{article.slug}/?format=ninjs",
}


def most_linked_published_article():
    return (
        Article.objects.published()
        .annotate(n=Count("entity_links"), u=Count("updates", distinct=True))
        .order_by("-u", "-n", "pk")
        .first()
    )


@pytest.mark.parametrize("page", PAGES)
def test_every_page_serves_seeded_data_in_the_same_number_of_queries(
    client, db, page, django_assert_max_num_queries
):
    seed(30, seed=5)
    url = PAGES[page](most_linked_published_article())
    with django_assert_max_num_queries(50) as small:
        assert client.get(url).status_code == 200

    seed(120, seed=6)
    url = PAGES[page](most_linked_published_article())

    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
