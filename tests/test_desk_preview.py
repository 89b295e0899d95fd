"""Preview of unsaved work: the form's current state, posted, rendered by the
public article template, with nothing written, never cached nor indexed."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.editorial import change_url, form_data
from tests.factories import make_article, make_section, still_cached, warm_public_pages
from tests.test_previews import article_element, assert_private_and_not_indexed

Status = Article.Status


@pytest.fixture
def draft(db, reporter):
    make_section("mundo")
    return make_article(
        "borrador-vista",
        status=Status.DRAFT,
        headline="Titular guardado",
        body="<p>Texto guardado.</p>",
        created_by=reporter,
    )


def preview_url(article):
    return reverse("admin:articles_article_preview_unsaved", args=[article.pk])


def test_the_preview_shows_the_unsaved_form_without_saving(reporter_admin, draft):
    page = reporter_admin.get(change_url(draft))
    records = draft.history.count()
    public = warm_public_pages()

    response = reporter_admin.post(
        preview_url(draft),
        form_data(
            page,
            headline="Titular sin guardar",
            body="<p>Nuevo <strong>texto</strong>.</p><script>alert(1)</script>",
        ),
    )

    assert response.status_code == 200
    shown = article_element(response)
    assert "Titular sin guardar" in shown
    assert "<p>Nuevo <strong>texto</strong>.</p>" in shown
    assert "<script>" not in shown
    assert_private_and_not_indexed(response)
    assert "no-store" in response["Cache-Control"]
    draft.refresh_from_db()
    assert (draft.headline, draft.version) == ("Titular guardado", 1)
    assert draft.history.count() == records
    assert still_cached(public)


def test_a_preview_after_someone_elses_save_shows_ones_own_text(reporter_admin, draft):
    page = reporter_admin.get(change_url(draft))
    draft.headline = "Guardado por otra persona"
    draft.save()

    response = reporter_admin.post(
        preview_url(draft), form_data(page, headline="Mi titular")
    )

    assert response.status_code == 200
    assert "Mi titular" in article_element(response)


def test_invalid_input_shows_the_form_errors(reporter_admin, draft):
    page = reporter_admin.get(change_url(draft))

    response = reporter_admin.post(
        preview_url(draft), form_data(page, headline="", section="999999")
    )

    assert response.status_code == 400
    assert "private" in response["Cache-Control"]
    errors = response.context["form"].errors
    assert set(errors) == {"headline", "section"}
    assert "This field is required." in response.content.decode()


def test_a_reporter_may_not_preview_over_someone_elses_article(
    reporter_admin, other_reporter, draft
):
    theirs = make_article("ajeno", status=Status.DRAFT, created_by=other_reporter)

    response = reporter_admin.post(preview_url(theirs), {"headline": "x"})

    assert response.status_code == 403


def test_the_preview_needs_the_csrf_token(reporter, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)

    response = client.post(preview_url(draft), {"headline": "x"})

    assert response.status_code == 403


def test_the_preview_is_post_only(reporter_admin, draft):
    assert reporter_admin.get(preview_url(draft)).status_code == 405


def test_the_change_form_has_the_preview_button(reporter_admin, draft):
    page = reporter_admin.get(change_url(draft)).content.decode()

    assert f'formaction="{preview_url(draft)}"' in page
    assert 'form="article_form"' in page
