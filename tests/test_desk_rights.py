"""Who sets the publication time, and who may change a photo: at the API,
the admin and the Import page, for reporters and editors."""

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.editorial import api_url, changelist_url, form_data
from tests.factories import SEED_SOURCE, make_article, make_photo, make_section
from tests.test_import_admin import IMPORT_URL

Status = Article.Status
IN_2019 = "2019-03-01T10:00:00Z"
TIME_2019 = datetime(2019, 3, 1, 10, tzinfo=UTC)


@pytest.fixture
def section(db):
    return make_section("mundo")


def own_draft(user, status=Status.DRAFT):
    return make_article("borrador-propio", status=status, created_by=user)


# The publication time.


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_reporter_cannot_backdate_their_draft(reporter_api, reporter, section, status):
    article = own_draft(reporter, status)
    response = reporter_api.patch(
        api_url(article), {"published_at": IN_2019}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["published_at"]
    article.refresh_from_db()
    assert article.published_at is None


def test_reporter_cannot_create_an_article_with_a_publication_time(
    reporter_api, section
):
    response = reporter_api.post(
        reverse("api:article-list"),
        {
            "headline": "Fechada",
            "slug": "fechada",
            "section": "mundo",
            "status": "draft",
            "published_at": IN_2019,
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["published_at"]
    assert not Article.objects.filter(slug="fechada").exists()


def publish_now(client, article):
    response = client.post(
        changelist_url(),
        {"action": "publish", "_selected_action": [article.pk], "confirm": "yes"},
    )
    assert response.status_code == 302
    article.refresh_from_db()


def test_publish_now_keeps_a_past_time_an_editor_chose(
    editor_admin, editor_api, reporter, section
):
    article = own_draft(reporter)
    response = editor_api.patch(
        api_url(article), {"published_at": IN_2019}, format="json"
    )
    assert response.status_code == 200
    publish_now(editor_admin, article)
    assert (article.status, article.published_at) == (Status.PUBLISHED, TIME_2019)


def test_publish_now_is_now_for_a_time_a_reporter_gave(editor_admin, reporter, section):
    """A time saved by someone who may not publish (before the API refused
    it, or by any other way) does not survive *Publish now*."""
    article = own_draft(reporter)
    article.published_at = TIME_2019
    article._history_user = reporter
    article.save()
    before = timezone.now()
    publish_now(editor_admin, article)
    assert article.status == Status.PUBLISHED
    assert before <= article.published_at <= timezone.now()


def import_seed_text(client, section):
    """The seed story's text, dated: the date is its publication time."""
    text = SEED_SOURCE.read_text().replace(
        "\nActualizada:\n", "\nActualizada: 14 dic 2025 - 10:42\n", 1
    )
    upload = SimpleUploadedFile("seed.txt", text.encode())
    response = client.post(IMPORT_URL, {"files": [upload], "section": section.pk})
    assert response.status_code == 200
    return Article.objects.get(source_system="text")


def test_reporter_import_leaves_the_publication_time_to_editors(
    reporter_admin, section
):
    article = import_seed_text(reporter_admin, section)
    assert (article.status, article.published_at) == (Status.DRAFT, None)


def test_editor_import_keeps_the_agency_time(editor_admin, section):
    article = import_seed_text(editor_admin, section)
    assert article.status == Status.DRAFT
    assert timezone.localtime(article.published_at).year == 2025


# Photos follow the rule of the articles that use them.


def photo_url(photo):
    return reverse("admin:articles_photo_change", args=[photo.pk])


def recaption(client, photo, caption):
    page = client.get(photo_url(photo))
    data = {k: v for k, v in form_data(page, caption=caption).items() if v != ""}
    return client.post(photo_url(photo), data)


@pytest.fixture
def photos(section, reporter, other_reporter):
    live = make_photo(with_image=False, caption="Pie publicado")
    make_article("publicada", lead_photo=live)
    own = make_photo(with_image=False, caption="Pie del borrador")
    make_article("mio", status=Status.DRAFT, created_by=reporter, lead_photo=own)
    others = make_photo(with_image=False, caption="Pie ajeno")
    make_article(
        "ajeno", status=Status.DRAFT, created_by=other_reporter, lead_photo=others
    )
    unused = make_photo(with_image=False, caption="Pie suelto")
    return {"live": live, "own": own, "others": others, "unused": unused}


def test_reporter_may_change_only_photos_of_their_own_drafts(reporter_admin, photos):
    for name in ["live", "others"]:
        response = recaption(reporter_admin, photos[name], "Cambiado")
        assert response.status_code == 403, name
        photos[name].refresh_from_db()
        assert photos[name].caption != "Cambiado"
    # The change page shows the photo read-only.
    page = reporter_admin.get(photo_url(photos["live"]))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    for name in ["own", "unused"]:
        response = recaption(reporter_admin, photos[name], "Cambiado")
        assert response.status_code == 302, name
        photos[name].refresh_from_db()
        assert photos[name].caption == "Cambiado"


def test_editor_may_change_and_delete_any_photo(editor_admin, photos):
    response = recaption(editor_admin, photos["live"], "Cambiado")
    assert response.status_code == 302
    photos["live"].refresh_from_db()
    assert photos["live"].caption == "Cambiado"
    delete = reverse("admin:articles_photo_delete", args=[photos["live"].pk])
    assert editor_admin.post(delete, {"post": "yes"}).status_code == 302
    assert not type(photos["live"]).objects.filter(pk=photos["live"].pk).exists()


def test_editor_without_edit_any_article_cannot_delete_a_live_photo(
    client, photos, django_user_model
):
    """Delete follows the articles too (a desk account with delete_photo
    but not the right to edit the article)."""
    from tests.factories import user_with

    user = user_with("fotos", "view_photo", "change_photo", "delete_photo")
    user.is_staff = True
    user.save()
    client.force_login(user)
    delete = reverse("admin:articles_photo_delete", args=[photos["live"].pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert type(photos["live"]).objects.filter(pk=photos["live"].pk).exists()
