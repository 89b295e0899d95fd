"""The record: who changed what and when, field by field, restores, and
no edit lost when two people save the same article."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.editorial import api_url, change_url, form_data
from tests.factories import (
    add_byline,
    add_update,
    link_entities,
    make_article,
    make_author,
    make_entity,
    make_photo,
    make_section,
)


@pytest.fixture
def article(db):
    make_section("mundo")
    return make_article("historia", dek="Sumario original.")


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def save_in_admin(client, article, **changes):
    response = client.post(
        change_url(article), form_data(client.get(change_url(article)), **changes)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return response


def test_history_shows_each_field_change_with_who_and_when(editor_admin, article):
    save_in_admin(editor_admin, article, dek="Sumario corregido.")
    response = editor_admin.get(history_url(article))
    assert response.status_code == 200
    latest = response.context["page_obj"].object_list[0]
    assert latest.history_user.username == "editora"
    changes = [
        (str(change["field"]), change["old"], change["new"])
        for change in latest.history_delta_changes
    ]
    assert changes == [("Dek", "Sumario original.", "Sumario corregido.")]
    assert "Sumario corregido." in response.content.decode()


def test_history_lists_byline_entity_update_and_photo_changes(
    editor_admin, article, desk_editor
):
    photo = make_photo(with_image=False, caption="Pie original")
    save_in_admin(editor_admin, article, lead_photo=str(photo.pk))
    photo.caption = "Pie corregido"
    photo.save()
    byline = add_byline(article, make_author("ana-perez"))
    byline.role = "reporter"
    byline.save()
    link_entities(article, [make_entity("peru")])
    add_update(article, "Se corrigió una cifra.")
    rows = editor_admin.get(history_url(article)).context["related_changes"]
    summary = {(str(row["what"]), row["action"]) for row in rows}
    assert summary == {
        ("byline", "Created"),
        ("byline", "Changed"),
        ("entity", "Created"),
        ("update or correction", "Created"),
        ("photo", "Created"),
        ("photo", "Changed"),
    }
    changed_byline = next(
        row for row in rows if str(row["what"]) == "byline" and row["changes"]
    )
    assert [(str(c["field"]), c["new"]) for c in changed_byline["changes"]] == [
        ("Role", "reporter")
    ]
    changed_photo = next(
        row for row in rows if str(row["what"]) == "photo" and row["changes"]
    )
    assert [(c["old"], c["new"]) for c in changed_photo["changes"]] == [
        ("Pie original", "Pie corregido")
    ]


def test_restoring_an_earlier_version_is_itself_recorded(editor_admin, article):
    add_byline(article, make_author("ana-perez"))
    link_entities(article, [make_entity("peru")])
    save_in_admin(editor_admin, article, headline="Titular con firma")
    save_in_admin(editor_admin, article, dek="Sumario equivocado.")
    article.bylines.all().delete()
    add_byline(article, make_author("luis-soto"))
    article.entity_links.all().delete()
    version_before_restore = article.version
    original = article.history.filter(dek="Sumario original.").first()
    url = reverse(
        "admin:articles_article_simple_history", args=[article.pk, original.pk]
    )
    page = editor_admin.get(url)
    assert page.status_code == 200
    response = editor_admin.post(url, form_data(page))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.dek == "Sumario original."
    assert article.version == version_before_restore + 1
    # Its bylines and entities as they were then.
    assert [b.author.slug for b in article.bylines.all()] == ["ana-perez"]
    assert [link.entity.slug for link in article.entity_links.all()] == ["peru"]
    restore = article.history.first()
    assert restore.history_change_reason == f"Restored version {original.version}"
    assert restore.history_user.username == "editora"
    # Nothing is lost: the version that was replaced is still in the history.
    assert article.history.filter(dek="Sumario equivocado.").exists()


def test_stale_save_is_refused_saying_what_changed_and_keeping_the_input(
    editor_admin, article, django_user_model
):
    mine = form_data(editor_admin.get(change_url(article)), dek="Mi sumario.")
    # Meanwhile, another editor saves a different dek.
    other = django_user_model.objects.create_superuser("colega", "c@example.org", "x")
    article.dek = "Sumario de la colega."
    article._history_user = other
    article.save()

    response = editor_admin.post(change_url(article), mine)
    assert response.status_code == 200
    form = response.context["adminform"].form
    [message] = form.non_field_errors()
    assert "colega saved this article" in message
    assert "Changed: Dek." in message
    assert form.errors["dek"] == ["Saved meanwhile as: Sumario de la colega."]
    # Their text is still in the form, ready to merge and submit again.
    assert form["dek"].value() == "Mi sumario."
    assert form["loaded_version"].value() == article.version
    article.refresh_from_db()
    assert article.dek == "Sumario de la colega."

    merged = form_data(response, dek="Mi sumario, con lo de la colega.")
    assert editor_admin.post(change_url(article), merged).status_code == 302
    article.refresh_from_db()
    assert article.dek == "Mi sumario, con lo de la colega."
    deks = set(article.history.values_list("dek", flat=True))
    assert {"Sumario de la colega.", "Mi sumario, con lo de la colega."} <= deks


def test_stale_if_match_answers_412_saying_who_changed_what(
    editor_api, article, django_user_model
):
    etag = editor_api.get(api_url(article))["ETag"]
    other = django_user_model.objects.create_user("colega")
    article.headline = "Titular de la colega"
    article._history_user = other
    article.save()
    response = editor_api.patch(
        api_url(article),
        {"headline": "Mi titular"},
        HTTP_IF_MATCH=etag,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 412
    detail = response.json()["detail"]
    assert "colega saved version" in detail
    assert "changing headline" in detail
    article.refresh_from_db()
    assert article.headline == "Titular de la colega"
    fresh = editor_api.get(api_url(article))["ETag"]
    response = editor_api.patch(
        api_url(article), {"headline": "Mi titular"}, HTTP_IF_MATCH=fresh
    )
    assert response.status_code == 200
    headlines = set(Article.history.values_list("headline", flat=True))
    assert {"Titular de la colega", "Mi titular"} <= headlines


def test_the_seed_storys_first_edit_shows_its_diff(editor_admin, seed_story):
    """Fixtures load without history; load_demo records the loaded state."""
    assert seed_story.history.count() == 1
    assert seed_story.entity_links.first().history.count() == 1
    save_in_admin(editor_admin, seed_story, dek="Sumario revisado.")
    latest = editor_admin.get(history_url(seed_story)).context["page_obj"][0]
    assert [str(change["field"]) for change in latest.history_delta_changes] == ["Dek"]
