"""Reverting an article from its admin history page: the bylines and entity
links come back exactly as the page showed them at that version, and nothing
that cannot be put back is taken away. The article is written through the
API and the admin, as the desk does."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article, ArticleEntity, Entity
from tests.editorial import api_url, change_url, form_data
from tests.factories import (
    make_article,
    make_author,
    make_entity,
    make_section,
    token_client,
)

ROLES = ["reporter", "desk_editor"]


@pytest.fixture
def desk(db):
    make_section("mundo")
    for slug in ["ana-perez", "luis-soto"]:
        make_author(slug)
    for slug in ["peru", "chile", "otan", "lima"]:
        make_entity(slug)


def written_through_the_api_and_the_admin(user, client):
    """Version 1 from POST, version 2 from PATCH, version 3 from the admin."""
    api = token_client(user)
    created = api.post(
        reverse("api:article-list"),
        {
            "headline": "Perú y Chile",
            "slug": "peru-y-chile",
            "section": "mundo",
            "status": "draft",
            "bylines": [{"author": "ana-perez", "role": "reporter"}],
            "entities": [
                {"entity": "peru", "role": "about"},
                {"entity": "chile", "role": "mentions"},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    article = Article.objects.get(slug="peru-y-chile")
    changed = api.patch(
        api_url(article),
        {
            "headline": "La OTAN",
            "bylines": [{"author": "luis-soto"}],
            "entities": [{"entity": "otan", "role": "about"}],
        },
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(change_url(article))
    saved = client.post(change_url(article), form_data(page, dek="Sumario."))
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.version == 3
    return article


def revert(client, article, version):
    record = article.history.get(version=version)
    url = reverse("admin:articles_article_simple_history", args=[article.pk, record.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, form_data(page))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return response


def links(article):
    return (
        [(b.author.slug, b.role) for b in article.bylines.all()],
        [(link.entity.slug, link.role) for link in article.entity_links.all()],
    )


@pytest.mark.parametrize("role", ROLES)
def test_revert_to_the_first_version_brings_back_its_bylines_and_entities(
    desk, client, role, request
):
    user = request.getfixturevalue(role)
    article = written_through_the_api_and_the_admin(user, client)
    revert(client, article, 1)
    assert article.headline == "Perú y Chile"
    assert links(article) == (
        [("ana-perez", "reporter")],
        [("peru", "about"), ("chile", "mentions")],
    )
    # And forward again: version 2 as the API wrote it.
    revert(client, article, 2)
    assert article.headline == "La OTAN"
    assert links(article) == ([("luis-soto", "author")], [("otan", "about")])


@pytest.mark.parametrize("role", ROLES)
def test_revert_counts_links_changed_without_an_article_save(
    desk, client, role, request
):
    """A link changed after the latest version, without saving the article,
    is what the page shows at that version."""
    user = request.getfixturevalue(role)
    article = written_through_the_api_and_the_admin(user, client)
    ArticleEntity.objects.filter(article=article).delete()
    ArticleEntity.objects.create(
        article=article, entity=Entity.objects.get(slug="lima"), order=0
    )
    revert(client, article, 3)
    assert links(article) == ([("luis-soto", "author")], [("lima", "mentions")])
    revert(client, article, 1)
    revert(client, article, 4)
    # Version 4 (the revert to 3) showed lima until version 5: lima again.
    assert links(article) == ([("luis-soto", "author")], [("lima", "mentions")])


@pytest.mark.parametrize("role", ROLES)
def test_revert_keeps_links_whose_old_targets_were_deleted_and_says_so(
    desk, client, role, request
):
    user = request.getfixturevalue(role)
    article = written_through_the_api_and_the_admin(user, client)
    Entity.objects.get(slug="chile").delete()
    response = revert(client, article, 1)
    assert article.headline == "Perú y Chile"
    # The bylines come back; the entities stay as they are now.
    assert links(article) == ([("ana-perez", "reporter")], [("otan", "about")])
    assert [str(m) for m in get_messages(response.wsgi_request)][:1] == [
        "The entities of version 1 name Chile, deleted since: the current "
        "entities were kept."
    ]


def test_revert_keeps_the_related_articles_the_form_shows(desk, client, desk_editor):
    """Related articles are not in the history: the revert form shows the
    current ones, and keeps them."""
    article = written_through_the_api_and_the_admin(desk_editor, client)
    other = make_article("otra-nota")
    article.related.set([other])
    revert(client, article, 1)
    assert list(article.related.values_list("slug", flat=True)) == ["otra-nota"]
