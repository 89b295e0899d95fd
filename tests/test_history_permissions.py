"""History pages and reverts follow the same rules as the change page, for
every admin with a history: a version is shown to whoever may view the object
as it is now, and reverted only by whoever may change it now."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article, ArticleUpdate, Author, Entity, Photo, Section
from tests.editorial import form_data
from tests.factories import (
    add_update,
    make_article,
    make_author,
    make_entity,
    make_photo,
    make_section,
)

Status = Article.Status


def history_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def version_url(obj, record):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, record.history_id],
    )


def first_version(obj):
    return obj.history.earliest("history_date")


@pytest.fixture
def section(db):
    return make_section("mundo")


@pytest.fixture
def live_story(section):
    return make_article("historia-publicada", headline="Titular publicado")


@pytest.fixture
def others_draft(section, other_reporter):
    return make_article(
        "borrador-ajeno",
        headline="Titular secreto del borrador ajeno",
        status=Status.DRAFT,
        created_by=other_reporter,
    )


@pytest.fixture
def own_draft(section, reporter):
    article = make_article(
        "borrador-propio",
        headline="Primer titular",
        status=Status.DRAFT,
        created_by=reporter,
    )
    article.headline = "Segundo titular"
    article.save()
    return article


# Articles, as a reporter.


def test_reporter_cannot_read_the_history_of_someone_elses_draft(
    reporter_admin, others_draft
):
    version = first_version(others_draft)
    for url in (history_url(others_draft), version_url(others_draft, version)):
        response = reporter_admin.get(url)
        assert response.status_code == 403, url
        assert "Titular secreto" not in response.content.decode()


def test_reporter_cannot_revert_a_published_article(reporter_admin, live_story):
    live_story.headline = "Titular corregido"
    live_story.save()
    version = first_version(live_story)
    # Like its change page, someone else's article is not theirs to open.
    assert reporter_admin.get(history_url(live_story)).status_code == 403
    assert reporter_admin.get(version_url(live_story, version)).status_code == 403
    for data in (
        {"headline": "Titular de un intruso"},
        {"headline": "Titular de un intruso", "status": Status.DRAFT},
    ):
        response = reporter_admin.post(version_url(live_story, version), data)
        assert response.status_code == 302
        assert response.url == version_url(live_story, version)
        live_story.refresh_from_db()
        assert live_story.headline == "Titular corregido"
        assert live_story.status == Status.PUBLISHED
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert messages[-1:] == [
            "You cannot revert “Titular publicado”: reverting needs the "
            "right to change it as it is now. Nothing was changed."
        ]


def test_reporter_reverts_their_own_draft(reporter_admin, own_draft):
    version = first_version(own_draft)
    page = reporter_admin.get(version_url(own_draft, version))
    assert page.status_code == 200
    assert page.context["revert_disabled"] is False
    response = reporter_admin.post(version_url(own_draft, version), form_data(page))
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.headline == "Primer titular"
    assert reporter_admin.get(history_url(own_draft)).status_code == 200


def test_reporter_cannot_revert_own_draft_into_a_state_they_may_not_set(
    reporter_admin, own_draft
):
    # An editor once published it, then it went back to draft: the published
    # version is in the history, but a reporter may not publish.
    own_draft.status = Status.PUBLISHED
    own_draft.save()
    published = own_draft.history.latest("history_date")
    own_draft.status = Status.DRAFT
    own_draft.published_at = None
    own_draft.save()
    page = reporter_admin.get(version_url(own_draft, published))
    response = reporter_admin.post(version_url(own_draft, published), form_data(page))
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


def test_reporter_cannot_revert_their_draft_once_an_editor_published_it(
    reporter_admin, own_draft
):
    version = first_version(own_draft)
    page = reporter_admin.get(version_url(own_draft, version))
    own_draft.publish()
    response = reporter_admin.post(version_url(own_draft, version), form_data(page))
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.headline == "Segundo titular"
    assert own_draft.status == Status.PUBLISHED


# Articles, as an editor.


def test_editor_reads_and_reverts_any_article(editor_admin, live_story, others_draft):
    assert editor_admin.get(history_url(others_draft)).status_code == 200
    live_story.headline = "Titular corregido"
    live_story.save()
    version = first_version(live_story)
    page = editor_admin.get(version_url(live_story, version))
    assert page.context["revert_disabled"] is False
    response = editor_admin.post(version_url(live_story, version), form_data(page))
    assert response.status_code == 302
    live_story.refresh_from_db()
    assert live_story.headline == "Titular publicado"


# Every other admin with a history: the change permission decides.


def make_section_record():
    return make_section("economia", name="Economía")


def make_author_record():
    return make_author("ana-perez", name="Ana Pérez")


def make_entity_record():
    return make_entity("peru", name="Perú")


def make_photo_record():
    return make_photo(with_image=False, caption="Pie original", credit_line="Agencia")


def make_update_record():
    article = make_article("con-correccion")
    return add_update(article, "Corrección original.")


CATALOGUE = [
    (Section, make_section_record, "name", "Economía"),
    (Author, make_author_record, "name", "Ana Pérez"),
    (Entity, make_entity_record, "name", "Perú"),
    (ArticleUpdate, make_update_record, "note", "Corrección original."),
]


def renamed(model, make, field):
    obj = make()
    setattr(obj, field, "Valor cambiado después")
    obj.save()
    return obj, first_version(obj)


@pytest.mark.parametrize(("model", "make", "field", "original"), CATALOGUE)
def test_reporter_cannot_revert_what_they_may_not_change(
    reporter_admin, section, model, make, field, original
):
    obj, version = renamed(model, make, field)
    url = version_url(obj, version)
    page = reporter_admin.get(url)
    if page.status_code == 200:
        assert page.context["revert_disabled"] is True
        data = form_data(page, **{field: "Valor de un intruso"})
    else:
        # Not even visible to them (updates of others' articles, say).
        assert page.status_code == 403
        data = {field: "Valor de un intruso"}
    response = reporter_admin.post(url, data)
    assert response.status_code in (302, 403)
    obj.refresh_from_db()
    assert getattr(obj, field) == "Valor cambiado después"
    assert obj.history.count() == 2


@pytest.mark.parametrize(
    ("model", "make", "field", "original"),
    [*CATALOGUE, (Photo, make_photo_record, "caption", "Pie original")],
)
def test_editor_reverts_what_they_may_change(
    editor_admin, section, model, make, field, original
):
    obj, version = renamed(model, make, field)
    url = version_url(obj, version)
    page = editor_admin.get(url)
    assert page.status_code == 200
    assert page.context["revert_disabled"] is False
    response = editor_admin.post(url, form_data(page))
    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == original


def test_history_of_a_deleted_object_is_for_those_who_may_delete(reporter_admin, db):
    entity = make_entity("borrada", name="Entidad borrada")
    pk = entity.pk
    version = first_version(entity)
    entity.delete()
    url = reverse("admin:articles_entity_simple_history", args=[pk, version.history_id])
    assert reporter_admin.get(url).status_code == 403
    reporter_admin.post(url, {"name": "Entidad restaurada", "kind": "country"})
    assert not Entity.objects.filter(pk=pk).exists()
