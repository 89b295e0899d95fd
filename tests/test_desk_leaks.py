"""What a desk account or the public may know of, at every door that names
other articles, sections and entities: related articles are chosen from and
shown as far as the reader may read them, and a section or entity seen only
on drafts is unknown to the public."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.editorial import api_url, change_url, form_data
from tests.factories import (
    add_update,
    link_entities,
    make_article,
    make_entity,
    make_section,
)

Status = Article.Status


@pytest.fixture
def desk(db, reporter, other_reporter):
    """The reporter's own draft, someone else's draft, a story scheduled for
    tomorrow and a published one."""
    make_section("mundo")
    return {
        "own": make_article(
            "borrador-propio", status=Status.DRAFT, created_by=reporter
        ),
        "others": make_article(
            "borrador-ajeno",
            status=Status.DRAFT,
            created_by=other_reporter,
            headline="Titular ajeno secreto",
        ),
        "future": make_article(
            "programada",
            status=Status.SCHEDULED,
            published_at=timezone.now() + timedelta(days=1),
            headline="Titular programado secreto",
        ),
        "public": make_article("publicada", headline="Titular publicado"),
    }


def related_slugs(response):
    return [item["slug"] for item in response.json()["related"]]


# Choosing related articles.


def test_reporter_may_relate_only_articles_they_may_read(reporter_api, desk):
    own = desk["own"]
    refused = {}
    for slug in ["borrador-ajeno", "programada", "no-existe"]:
        response = reporter_api.patch(api_url(own), {"related": [slug]}, format="json")
        assert response.status_code == 400
        refused[slug] = response.json()
    # A hidden article answers exactly like one that does not exist.
    assert refused == {
        slug: {"related": [f"Objeto con slug={slug} no existe."]}
        for slug in ["borrador-ajeno", "programada", "no-existe"]
    }
    assert list(own.related.all()) == []
    accepted = reporter_api.patch(
        api_url(own), {"related": ["publicada"]}, format="json"
    )
    assert accepted.status_code == 200
    assert related_slugs(accepted) == ["publicada"]


def test_editor_may_relate_any_article(editor_api, desk):
    response = editor_api.patch(
        api_url(desk["public"]),
        {"related": ["borrador-ajeno", "programada"]},
        format="json",
    )
    assert response.status_code == 200
    assert sorted(related_slugs(response)) == ["borrador-ajeno", "programada"]


def test_reporter_changing_related_keeps_those_they_cannot_see(reporter_api, desk):
    own = desk["own"]
    own.related.set([desk["others"]])
    response = reporter_api.patch(
        api_url(own), {"related": ["publicada"]}, format="json"
    )
    assert response.status_code == 200
    assert related_slugs(response) == ["publicada"]
    assert "Titular ajeno" not in response.content.decode()
    assert sorted(own.related.values_list("slug", flat=True)) == [
        "borrador-ajeno",
        "publicada",
    ]


# Reading related articles.


def test_related_articles_are_shown_as_far_as_each_reader_may_read(
    desk, anon, reporter_api, editor_api, client
):
    public = desk["public"]
    public.related.set([desk["others"], desk["future"], desk["own"]])
    own = desk["own"]
    own.related.set([desk["others"], desk["public"]])
    url = api_url(public)
    list_url = reverse("api:article-list")
    assert related_slugs(anon.get(url)) == []
    assert related_slugs(reporter_api.get(url)) == ["borrador-propio"]
    assert related_slugs(reporter_api.get(api_url(own))) == ["publicada"]
    assert sorted(related_slugs(editor_api.get(url))) == [
        "borrador-ajeno",
        "borrador-propio",
        "programada",
    ]
    listed = reporter_api.get(list_url, {"status": ["draft"]})
    if listed.status_code == 200:
        for item in listed.json()["results"]:
            assert "borrador-ajeno" not in [r["slug"] for r in item["related"]]
    for reader in [anon, reporter_api]:
        for response in [
            reader.get(url),
            reader.get(url, {"format": "ninjs"}),
            reader.get(list_url),
        ]:
            assert response.status_code == 200
            text = response.content.decode()
            assert "Titular ajeno secreto" not in text
            assert "Titular programado secreto" not in text
    page = client.get(public.get_absolute_url()).content.decode()
    assert "Titular ajeno secreto" not in page
    assert "Titular programado secreto" not in page


def test_reporter_admin_form_neither_shows_nor_drops_hidden_related(
    reporter_admin, desk
):
    own = desk["own"]
    own.related.set([desk["others"], desk["public"]])
    page = reporter_admin.get(change_url(own))
    assert page.status_code == 200
    assert "Titular ajeno secreto" not in page.content.decode()
    assert "Titular publicado" in page.content.decode()
    refused = reporter_admin.post(
        change_url(own),
        form_data(page, related=[str(desk["future"].pk)]),
    )
    assert refused.status_code == 200
    assert list(refused.context["adminform"].form.errors) == ["related"]
    saved = reporter_admin.post(change_url(own), form_data(page, dek="Nuevo."))
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert sorted(own.related.values_list("slug", flat=True)) == [
        "borrador-ajeno",
        "publicada",
    ]


# Sections and entities known only through drafts.


@pytest.fixture
def draft_only(db):
    secret = make_section(
        "seccion-secreta", name="Sección secreta", description="Descripción secreta"
    )
    region = make_entity("region-secreta", name="Región secreta")
    lima = make_entity("lima", name="Lima", parent=region)
    draft = make_article("borrador", section=secret, status=Status.DRAFT)
    link_entities(draft, [region])
    published = make_article("publicada", section=make_section("mundo"))
    link_entities(published, [lima])
    return published


def test_anonymous_sections_are_those_of_published_articles(
    draft_only, anon, editor_api
):
    response = anon.get(reverse("api:section-list"))
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["results"]] == ["mundo"]
    assert "Descripción secreta" not in response.content.decode()
    detail = reverse("api:section-detail", kwargs={"slug": "seccion-secreta"})
    assert anon.get(detail).status_code == 404
    editors = editor_api.get(reverse("api:section-list")).json()["results"]
    assert [item["slug"] for item in editors] == ["mundo", "seccion-secreta"]
    assert editor_api.get(detail).status_code == 200


def test_a_draft_only_section_filters_like_an_unknown_one(draft_only, anon, editor_api):
    articles = reverse("api:article-list")
    secret = anon.get(articles, {"section": "seccion-secreta"})
    unknown = anon.get(articles, {"section": "no-existe"})
    assert secret.status_code == unknown.status_code == 400
    assert list(secret.json()) == list(unknown.json()) == ["section"]
    assert editor_api.get(articles, {"section": "seccion-secreta"}).status_code == 200


def test_an_entity_parent_seen_only_on_drafts_is_not_named(
    draft_only, anon, editor_api, client
):
    url = reverse("api:entity-detail", kwargs={"slug": "lima"})
    assert anon.get(url).json()["parent"] is None
    listed = anon.get(reverse("api:entity-list")).json()["results"]
    assert [(item["slug"], item["parent"]) for item in listed] == [("lima", None)]
    assert editor_api.get(url).json()["parent"] == "region-secreta"
    # The public pages: the section and the entity are unknown there too.
    assert client.get("/secciones/seccion-secreta/").status_code == 404
    page = client.get("/temas/lima/")
    assert page.status_code == 200
    assert "Región secreta" not in page.content.decode()


# Updates and corrections scheduled for later.


def test_scheduled_updates_are_shown_to_editors_and_to_the_articles_reporter(
    desk, anon, reporter_api, editor_api, reporter
):
    later = timezone.now() + timedelta(days=1)
    public, own = desk["public"], desk["own"]
    add_update(public, "Corrección secreta ajena", published_at=later)
    add_update(own, "Nota propia para mañana", published_at=later)

    def notes(client, article):
        return [u["note"] for u in client.get(api_url(article)).json()["updates"]]

    assert notes(anon, public) == []
    assert notes(reporter_api, public) == []
    assert notes(editor_api, public) == ["Corrección secreta ajena"]
    assert notes(reporter_api, own) == ["Nota propia para mañana"]
    listed = reporter_api.get(reverse("api:article-list")).content.decode()
    assert "Corrección secreta ajena" not in listed


def test_an_editor_setting_a_parent_reads_it_back(draft_only, editor_api):
    make_entity("peru")
    url = reverse("api:entity-detail", kwargs={"slug": "region-secreta"})
    response = editor_api.patch(url, {"parent": "peru"}, format="json")
    assert response.status_code == 200
    assert response.json()["parent"] == "peru"
