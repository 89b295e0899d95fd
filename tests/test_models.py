from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from articles.models import Article, ArticleEntity, ArticleUpdate, Byline, Entity, Photo
from tests.factories import make_article, make_author, make_entity, make_section

pytestmark = pytest.mark.django_db


def png_upload(name="foto.png"):
    from articles.stand_in import stand_in_image

    return SimpleUploadedFile(name, stand_in_image("Pie", "Crédito"), "image/png")


def test_duplicate_article_slug_is_refused_by_the_database():
    make_article("nota")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.bulk_create(
            [Article(slug="nota", headline="Otra", section=make_section("otra"))]
        )


def test_unknown_status_is_refused_by_the_database():
    article = make_article("nota")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="lost")


def test_published_article_without_publication_time_is_refused():
    article = make_article("nota", status=Article.Status.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)


def test_update_time_before_publication_time_is_refused():
    article = make_article("nota")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            updated_at=article.published_at - timedelta(days=1)
        )


def test_malformed_wikidata_id_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Entity.objects.bulk_create(
            [Entity(slug="peru", name="Perú", kind="country", wikidata_id="419")]
        )


def test_wikidata_id_is_unique_when_set_and_blank_is_allowed_many_times():
    make_entity("peru", wikidata_id="Q419")
    make_entity("lima", kind=Entity.Kind.PLACE)
    make_entity("quito", kind=Entity.Kind.PLACE)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_entity("peru-2", wikidata_id="Q419")
    assert Entity.objects.filter(wikidata_id="").count() == 2


def test_country_code_is_only_for_countries():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_entity("lima", kind=Entity.Kind.PLACE, country_code="PE")


def test_photo_with_image_but_no_alt_text_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.create(image=png_upload(), caption="Soldados")


def test_photo_with_image_but_no_alt_text_fails_validation_on_alt_text():
    photo = Photo(image=png_upload(), caption="Soldados")
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "alt_text" in error.value.message_dict


def test_credit_only_photo_is_valid_and_composes_its_credit_line():
    photo = Photo.objects.create(creator="Freddy Rodríguez", source="Ejército del Perú")
    photo.full_clean()
    assert photo.credit_line == "Freddy Rodríguez / Ejército del Perú"


def test_credit_line_as_printed_is_kept():
    photo = Photo.objects.create(
        creator="F. Rodríguez", source="Ejército", credit_line="Foto cedida"
    )
    assert photo.credit_line == "Foto cedida"


def test_two_bylines_cannot_share_a_position():
    article = make_article("nota")
    Byline.objects.create(article=article, author=make_author("ana"), order=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Byline.objects.create(article=article, author=make_author("luis"), order=0)


def test_an_entity_is_linked_once_per_article():
    article = make_article("nota")
    peru = make_entity("peru")
    ArticleEntity.objects.create(article=article, entity=peru, order=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleEntity.objects.create(article=article, entity=peru, order=1)


def test_an_update_needs_a_note():
    article = make_article("nota")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleUpdate.objects.create(article=article, note="")


def test_body_is_sanitised_on_save():
    article = make_article(
        "nota",
        body='<p onclick="x()">Hola <script>alert(1)</script>'
        '<a href="javascript:x">y</a><a href="https://example.org/">z</a></p><style>p{}</style>',
    )
    article.refresh_from_db()
    assert article.body == (
        '<p>Hola <a rel="noopener noreferrer">y</a>'
        '<a href="https://example.org/" rel="noopener noreferrer">z</a></p>'
    )


def test_published_hides_drafts_reviews_future_schedules_and_withdrawals():
    now = timezone.now()
    make_article("publicada")
    make_article("borrador", status=Article.Status.DRAFT)
    make_article("en-revision", status=Article.Status.IN_REVIEW)
    make_article(
        "programada",
        status=Article.Status.SCHEDULED,
        published_at=now + timedelta(hours=2),
    )
    make_article(
        "programada-vencida",
        status=Article.Status.SCHEDULED,
        published_at=now - timedelta(minutes=1),
    )
    make_article("retirada", status=Article.Status.WITHDRAWN)
    slugs = sorted(Article.objects.published().values_list("slug", flat=True))
    assert slugs == ["programada-vencida", "publicada"]
    assert list(Article.objects.scheduled().values_list("slug", flat=True)) == [
        "programada"
    ]


def test_publishing_without_a_time_stamps_it_now():
    before = timezone.now()
    article = make_article("nota", status=Article.Status.DRAFT)
    assert article.published_at is None
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at >= before


def test_ordinary_saves_do_not_move_the_readers_update_time():
    article = make_article("nota")
    article.headline = "Titular corregido"
    article.save()
    article.refresh_updated_at()
    assert article.updated_at is None


def test_a_published_update_moves_the_readers_update_time():
    article = make_article("nota")
    when = timezone.now() - timedelta(minutes=5)
    ArticleUpdate.objects.create(
        article=article,
        kind=ArticleUpdate.Kind.CORRECTION,
        note="Corregido",
        published_at=when,
    )
    article.refresh_updated_at()
    article.refresh_from_db()
    assert article.updated_at == when


def test_a_future_update_does_not_move_the_update_time_yet():
    article = make_article("nota")
    ArticleUpdate.objects.create(
        article=article, note="Luego", published_at=timezone.now() + timedelta(hours=1)
    )
    article.refresh_updated_at()
    assert article.updated_at is None


def test_every_save_bumps_the_version_and_keeps_the_old_text_in_history():
    article = make_article("nota", headline="Primera versión")
    article.headline = "Segunda versión"
    article.save()
    article.refresh_from_db()
    assert article.version == 2
    headlines = list(
        article.history.order_by("history_date").values_list("headline", flat=True)
    )
    assert headlines == ["Primera versión", "Segunda versión"]


def test_byline_names_join_authors_in_order():
    article = make_article("nota")
    Byline.objects.create(article=article, author=make_author("luis-soto"), order=1)
    Byline.objects.create(article=article, author=make_author("ana-perez"), order=0)
    article = Article.objects.with_bylines().get(pk=article.pk)
    with translation.override("es"):
        assert article.byline_names == "Ana Perez y Luis Soto"
    with translation.override("en"):
        assert article.byline_names == "Ana Perez and Luis Soto"
    assert article.byline_kind == Article.BylineKind.AUTHORS


def test_desk_credit_is_an_explicit_byline_kind():
    article = make_article("nota", byline_text="Agencias")
    assert article.byline_kind == Article.BylineKind.DESK
    assert article.byline_names == "Agencias"


def test_language_tag_is_validated():
    article = make_article("nota")
    article.language = "español"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "language" in error.value.message_dict


def test_publish_due_publishes_schedules_and_due_updates_only():
    now = timezone.now()
    due = make_article(
        "vencida",
        status=Article.Status.SCHEDULED,
        published_at=now - timedelta(minutes=1),
    )
    waiting = make_article(
        "en-espera",
        status=Article.Status.SCHEDULED,
        published_at=now + timedelta(hours=1),
    )
    updated = make_article("con-nota")
    came_due = now - timedelta(seconds=30)
    ArticleUpdate.objects.create(article=updated, note="Ya vale", published_at=came_due)
    later = make_article("nota-futura")
    ArticleUpdate.objects.create(
        article=later, note="Luego", published_at=now + timedelta(hours=1)
    )
    out = StringIO()
    call_command("publish_due", stdout=out)
    assert out.getvalue().strip() == (
        "Published 1 scheduled article(s); moved the update time of 1 article(s)."
    )
    due.refresh_from_db()
    waiting.refresh_from_db()
    updated.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, waiting.status) == ("published", "scheduled")
    assert updated.updated_at == came_due
    assert later.updated_at is None


def test_reader_sees_an_update_that_came_due_before_it_was_stored():
    article = make_article("nota")
    came_due = timezone.now() - timedelta(seconds=5)
    ArticleUpdate.objects.create(article=article, note="Ya vale", published_at=came_due)
    article = Article.objects.with_page_data().get(pk=article.pk)
    assert article.updated_at is None
    assert article.reader_updated_at == came_due


def test_editing_an_update_note_moves_the_article_version():
    article = make_article("nota")
    update = ArticleUpdate.objects.create(article=article, note="Primera nota")
    article.refresh_updated_at()
    version = Article.objects.get(pk=article.pk).version
    update.note = "Nota corregida"
    update.save()
    article.refresh_updated_at()
    assert Article.objects.get(pk=article.pk).version == version + 1
