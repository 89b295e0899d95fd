"""A write that fails halfway leaves nothing behind, through either door.

The fault is injected where it hurts most: after the article row (and its
history row) is written, before its bylines are. An internal fault is a 500,
as it should be; what matters is that nothing of the write survives."""

import pytest
from django.urls import reverse

from articles.admin.articles import ArticleAdmin
from articles.api.serializers import ArticleWriteSerializer
from articles.models import Article, ArticleUpdate, Byline
from tests.editorial import article_form, changelist, inline_management
from tests.factories import add_byline, make_article, make_author, make_section

HistoricalArticle = Article.history.model
HistoricalByline = Byline.history.model


class InjectedFault(Exception):
    pass


def fail(*args, **kwargs):
    raise InjectedFault("the disk is full")


@pytest.fixture
def admin_client(editor_client):
    editor_client.raise_request_exception = False
    return editor_client


@pytest.fixture
def api(editor):
    editor.raise_request_exception = False
    return editor


@pytest.fixture
def story(db):
    """A published article with one byline, and what its rows look like."""
    article = make_article(slug="nota", headline="Titular original")
    add_byline(article, make_author("ana-perez"))
    make_author("luis-soto")
    return article


def snapshot():
    return {
        "articles": list(Article.objects.values_list("slug", "headline", "version")),
        "bylines": list(Byline.objects.values_list("article__slug", "author__slug")),
        "article history": HistoricalArticle.objects.count(),
        "byline history": HistoricalByline.objects.count(),
    }


def byline_rows(author, total=1, initial=0):
    return {
        **inline_management("bylines", total, initial),
        "bylines-0-author": str(author.pk),
        "bylines-0-role": "reporter",
        "bylines-0-order": "0",
    }


def test_admin_add_failing_before_the_bylines_leaves_no_article(
    admin_client, story, monkeypatch
):
    before = snapshot()
    monkeypatch.setattr(ArticleAdmin, "save_formset", fail)
    luis = story.bylines.get().author

    response = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form(story.section, slug="nueva", **byline_rows(luis)),
    )

    assert response.status_code == 500
    assert snapshot() == before
    assert not Article.objects.filter(slug="nueva").exists()


def test_admin_change_failing_before_the_bylines_keeps_the_old_version(
    admin_client, story, monkeypatch
):
    before = snapshot()
    monkeypatch.setattr(ArticleAdmin, "save_formset", fail)
    url = reverse("admin:articles_article_change", args=[story.pk])
    byline = story.bylines.get()

    response = admin_client.post(
        url,
        article_form(
            story.section,
            slug="nota",
            headline="Titular cambiado",
            loaded_version=str(story.version),
            **byline_rows(byline.author, total=1, initial=1),
            **{"bylines-0-id": str(byline.pk), "bylines-0-article": str(story.pk)},
        ),
    )

    assert response.status_code == 500
    assert snapshot() == before


def test_admin_bulk_delete_of_updates_is_all_or_nothing(
    admin_client, story, monkeypatch
):
    other = make_article(slug="otra")
    updates = [
        ArticleUpdate.objects.create(article=article, note="Corrección")
        for article in (story, other)
    ]
    calls = []

    def fail_on_the_second(article, touch=True):
        calls.append(article.slug)
        if len(calls) == 2:
            raise InjectedFault("the disk is full")

    monkeypatch.setattr(Article, "refresh_updated_at", fail_on_the_second)

    response = admin_client.post(
        changelist(ArticleUpdate),
        {
            "action": "delete_selected",
            "_selected_action": [update.pk for update in updates],
            "post": "yes",
        },
    )

    assert response.status_code == 500
    assert len(calls) == 2
    assert ArticleUpdate.objects.count() == 2


def test_api_create_failing_before_the_bylines_leaves_no_article(
    api, story, monkeypatch
):
    before = snapshot()
    monkeypatch.setattr(ArticleWriteSerializer, "save_links", fail)

    response = api.post(
        "/api/v1/articles/",
        {
            "headline": "Nueva",
            "slug": "nueva",
            "section": story.section.slug,
            "bylines": [{"author": "luis-soto"}],
        },
    )

    assert response.status_code == 500
    assert response.json() == {"detail": "Se ha producido un error en el servidor."}
    assert snapshot() == before


def test_api_change_failing_before_the_bylines_keeps_the_old_version(
    api, story, monkeypatch
):
    before = snapshot()
    monkeypatch.setattr(ArticleWriteSerializer, "save_links", fail)

    response = api.patch(
        "/api/v1/articles/nota/",
        {"headline": "Titular cambiado", "bylines": [{"author": "luis-soto"}]},
    )

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert snapshot() == before
    assert before["bylines"] == [("nota", "ana-perez")]


def test_the_same_writes_succeed_without_the_fault(admin_client, api, db):
    """The faults above are what stops the writes, not the data."""
    section = make_section("mundo")
    luis = make_author("luis-soto")

    page = admin_client.post(
        reverse("admin:articles_article_add"),
        article_form(section, slug="nueva", **byline_rows(luis)),
    )
    created = api.post(
        "/api/v1/articles/",
        {
            "headline": "Otra",
            "slug": "otra",
            "section": "mundo",
            "bylines": [{"author": "luis-soto"}],
        },
    )

    assert page.status_code == 302
    assert created.status_code == 201
    assert sorted(Byline.objects.values_list("article__slug", flat=True)) == [
        "nueva",
        "otra",
    ]
