"""Autosave of the article form: kept per user and article, offered back on
the next visit, cleared by a save; never a revision, never public, never a
reason to drop the public page cache."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from articles.desk.models import ArticleDraftState
from articles.models import Article
from tests.editorial import change_url, desk_login, form_data
from tests.factories import (
    desk_user,
    make_article,
    make_section,
    still_cached,
    warm_public_pages,
)

Status = Article.Status


@pytest.fixture
def draft(db, reporter):
    make_section("mundo")
    return make_article(
        "borrador-autoguardado",
        status=Status.DRAFT,
        headline="Titular guardado",
        created_by=reporter,
    )


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_add_autosave")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def send(client, url, fields, **extra):
    return client.post(
        url, json.dumps({"fields": fields}), content_type="application/json", **extra
    )


def fields_of(page, **overrides):
    """The form as the page's script would send it: lists of values."""
    return {
        name: value if isinstance(value, list) else [value]
        for name, value in form_data(page, **overrides).items()
    }


def test_autosave_keeps_the_form_for_its_user_only(reporter_admin, reporter, draft):
    page = reporter_admin.get(change_url(draft))
    response = send(
        reporter_admin, autosave_url(draft), fields_of(page, headline="Sin guardar")
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    [state] = ArticleDraftState.objects.all()
    assert (state.user, state.article) == (reporter, draft)
    assert state.data["headline"] == ["Sin guardar"]
    assert state.loaded_version == draft.version
    draft.refresh_from_db()
    assert draft.headline == "Titular guardado"


def test_autosave_writes_no_history_and_keeps_the_public_cache(reporter_admin, draft):
    records = draft.history.count()
    public = warm_public_pages()
    page = reporter_admin.get(change_url(draft))

    send(reporter_admin, autosave_url(draft), fields_of(page, headline="Uno"))
    send(reporter_admin, autosave_url(draft), fields_of(page, headline="Dos"))
    reporter_admin.post(
        reverse("admin:articles_article_autosave_discard", args=[draft.pk])
    )

    assert still_cached(public)
    assert draft.history.count() == records
    assert ArticleDraftState.objects.count() == 0


def test_reopening_offers_the_unsaved_changes_and_restores_them(reporter_admin, draft):
    page = reporter_admin.get(change_url(draft))
    send(reporter_admin, autosave_url(draft), fields_of(page, headline="Sin guardar"))

    offer = reporter_admin.get(change_url(draft)).content.decode()
    restore = f"{change_url(draft)}?restore=1"
    assert f'href="{restore}"' in offer
    assert "Restore the unsaved changes from" in offer
    restored = reporter_admin.get(restore)
    assert restored.context["adminform"].form["headline"].value() == "Sin guardar"
    assert not restored.context["adminform"].form.errors
    assert "These are your unsaved changes from" in restored.content.decode()


def test_the_offer_is_in_spanish_by_default(client, reporter, draft):
    client.force_login(reporter)
    page = client.get(change_url(draft))
    send(client, autosave_url(draft), fields_of(page, headline="Sin guardar"))

    offer = client.get(change_url(draft)).content.decode()
    assert "Restaurar los cambios sin guardar de las" in offer


def test_another_user_never_sees_the_unsaved_changes(
    editor_admin, reporter, desk_editor, draft
):
    reporter_client = desk_login(Client(), reporter)
    page = reporter_client.get(change_url(draft))
    send(reporter_client, autosave_url(draft), fields_of(page, headline="Secreto"))

    offer = editor_admin.get(change_url(draft)).content.decode()
    restored = editor_admin.get(f"{change_url(draft)}?restore=1")
    assert "Restore the unsaved changes" not in offer
    assert restored.context["adminform"].form["headline"].value() == "Titular guardado"


def test_a_save_clears_the_autosave(reporter_admin, draft):
    page = reporter_admin.get(change_url(draft))
    send(reporter_admin, autosave_url(draft), fields_of(page, headline="Sin guardar"))

    response = reporter_admin.post(
        change_url(draft), form_data(page, headline="Guardado de verdad")
    )

    assert response.status_code == 302
    assert ArticleDraftState.objects.count() == 0


def test_the_add_form_autosaves_and_restores(reporter_admin):
    make_section("mundo")
    add_url = reverse("admin:articles_article_add")
    page = reporter_admin.get(add_url)
    send(
        reporter_admin,
        autosave_url(),
        fields_of(page, headline="Noticia a medias", section=""),
    )

    restored = reporter_admin.get(f"{add_url}?restore=1")

    assert restored.context["adminform"].form["headline"].value() == "Noticia a medias"
    assert ArticleDraftState.objects.get().article is None


def test_a_reporter_may_not_autosave_someone_elses_article(
    reporter_admin, other_reporter
):
    make_section("mundo")
    theirs = make_article("ajeno", status=Status.DRAFT, created_by=other_reporter)
    published = make_article("publicado", status=Status.PUBLISHED)

    for article in (theirs, published):
        response = send(reporter_admin, autosave_url(article), {"headline": ["x"]})
        assert response.status_code == 403
    assert ArticleDraftState.objects.count() == 0


def test_an_account_without_add_permission_may_not_autosave_a_new_article(db):
    viewer = desk_user("mirona", "Reporter")
    viewer.groups.clear()
    client = desk_login(Client(), viewer)

    response = send(client, autosave_url(), {"headline": ["x"]})

    assert response.status_code == 403
    assert ArticleDraftState.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "content_type", "word"),
    [
        ("{not json", "application/json", "JSON"),
        ("[1, 2]", "application/json", "fields"),
        ('{"fields": {"headline": [1]}}', "application/json", "headline"),
        ('{"fields": {"bad name!": ["x"]}}', "application/json", "bad name!"),
        ('{"fields": {"body": ["\\ud800"]}}', "application/json", "body"),
        ('{"fields": {"dek": ["a\\u0000b"]}}', "application/json", "dek"),
        ("headline=x", "application/x-www-form-urlencoded", "application/json"),
    ],
)
def test_a_bad_payload_is_a_400_naming_the_problem(
    reporter_admin, draft, body, content_type, word
):
    response = reporter_admin.post(autosave_url(draft), body, content_type=content_type)

    assert response.status_code == 400
    assert word in response.json()["error"]
    assert ArticleDraftState.objects.count() == 0


def test_a_form_over_the_size_limit_is_a_400(reporter_admin, draft, settings):
    settings.DESK_AUTOSAVE_MAX_BYTES = 1000

    response = send(reporter_admin, autosave_url(draft), {"body": ["x" * 2000]})

    assert response.status_code == 400
    assert "1000" in response.json()["error"]
    assert ArticleDraftState.objects.count() == 0


def test_autosave_needs_the_csrf_token(reporter, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)

    response = send(client, autosave_url(draft), {"headline": ["x"]})

    assert response.status_code == 403
    assert ArticleDraftState.objects.count() == 0


def test_unsaved_forms_are_not_in_the_api(reporter_api, reporter_admin, draft):
    page = reporter_admin.get(change_url(draft))
    send(reporter_admin, autosave_url(draft), fields_of(page, headline="Secreto"))

    response = reporter_api.get(
        reverse("api:article-detail", kwargs={"slug": draft.slug})
    )

    assert response.status_code == 200
    assert "Secreto" not in response.content.decode()


def test_a_state_no_widget_can_show_opens_the_saved_form(reporter_admin, draft):
    page = reporter_admin.get(change_url(draft))
    fields = fields_of(page, headline="Sin guardar", section="abc", related=["x"])
    fields["entity_links-TOTAL_FORMS"] = ["1"]
    fields["entity_links-0-entity"] = ["no-es-un-id"]
    send(reporter_admin, autosave_url(draft), fields)

    response = reporter_admin.get(f"{change_url(draft)}?restore=1")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Titular guardado"' in page
    assert "Sin guardar" not in page
    assert "could not be restored" in page


def test_the_history_revert_page_does_not_autosave(editor_admin, draft):
    """Its form is an old version: typing there is not the article's work."""
    draft.headline = "Segunda versión"
    draft.save()
    record = draft.history.earliest()
    url = reverse("admin:articles_article_simple_history", args=[draft.pk, record.pk])

    page = editor_admin.get(url).content.decode()

    assert "data-autosave-url" not in page
    assert 'data-autosave-url="' in editor_admin.get(change_url(draft)).content.decode()
