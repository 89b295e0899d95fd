"""The live desk in the admin: writing entries, who may publish, presence,
and the article's own form left alone by entries."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from articles.live.models import LiveEntry
from tests.editorial import desk_login, form_data
from tests.live import add_entry, make_live

pytestmark = pytest.mark.django_db


def desk_url(article):
    return reverse("admin:live_livecoverage_desk", args=[article.live_coverage.pk])


def presence_url(article):
    return reverse("admin:live_livecoverage_presence", args=[article.live_coverage.pk])


def test_article_change_page_links_to_its_live_desk(editor_admin):
    live = make_live()
    page = editor_admin.get(reverse("admin:articles_article_change", args=[live.pk]))
    assert desk_url(live) in page.content.decode()


def test_editor_publishes_an_entry_from_the_desk(editor_admin):
    live = make_live()
    response = editor_admin.post(
        desk_url(live),
        {"body": "<p>Empieza la sesión</p>", "publish": "1"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200, response.content
    entry = LiveEntry.objects.get()
    assert entry.status == LiveEntry.Status.PUBLISHED
    assert entry.created_by.username == "editora"
    assert f'data-entry="{entry.pk}"' in response.json()["row"]
    assert "Empieza la sesión" in Client().get(live.get_absolute_url()).content.decode()


def test_reporter_saves_drafts_and_cannot_publish(reporter_admin):
    live = make_live()
    page = reporter_admin.get(desk_url(live)).content.decode()
    assert 'name="publish"' not in page
    refused = reporter_admin.post(
        desk_url(live),
        {"body": "<p>Quiero publicar</p>", "publish": "1"},
        HTTP_ACCEPT="application/json",
    )
    assert refused.status_code == 400
    assert LiveEntry.objects.count() == 0
    draft = reporter_admin.post(
        desk_url(live), {"body": "<p>Borrador</p>", "draft": "1"}
    )
    assert draft.status_code == 302
    assert LiveEntry.objects.get().status == LiveEntry.Status.DRAFT


def test_an_empty_entry_is_a_form_error(editor_admin):
    live = make_live()
    response = editor_admin.post(desk_url(live), {"body": "", "publish": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors["body"]


def test_accounts_outside_the_desk_cannot_open_it(client, django_user_model):
    live = make_live()
    user = django_user_model.objects.create_user("visita", password="x", is_staff=True)
    desk_login(client, user)
    assert client.get(desk_url(live)).status_code == 403
    response = client.post(desk_url(live), {"body": "<p>x</p>", "publish": "1"})
    assert response.status_code == 403
    assert LiveEntry.objects.count() == 0


def test_presence_names_the_others_writing_and_brings_their_entries(
    editor_admin, reporter
):
    live = make_live()
    other = desk_login(Client(), reporter)
    other.post(presence_url(live), "{}", content_type="application/json")
    entry = add_entry(live, "<p>De otra editora</p>")
    answer = editor_admin.post(
        presence_url(live), json.dumps({"after": 0}), content_type="application/json"
    ).json()
    assert len(answer["others"]) == 1
    assert "reportera" in answer["others"][0]
    assert [f'data-entry="{entry.pk}"' in row for row in answer["rows"]] == [True]
    assert answer["last"] == entry.pk


def test_presence_refuses_bad_input(editor_admin):
    live = make_live()
    response = editor_admin.post(
        presence_url(live), json.dumps({"after": "x"}), content_type="application/json"
    )
    assert response.status_code == 400


def test_entries_added_meanwhile_do_not_make_the_article_form_stale(editor_admin):
    """Editors post entries while the article's form is open: its save still
    goes through, as no entry changes the article's version."""
    live = make_live()
    change = reverse("admin:articles_article_change", args=[live.pk])
    data = form_data(editor_admin.get(change), headline="Titular nuevo")
    for number in range(2):
        editor_admin.post(
            desk_url(live), {"body": f"<p>Entrada {number}</p>", "publish": "1"}
        )
    response = editor_admin.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    live.refresh_from_db()
    assert live.headline == "Titular nuevo"
    assert LiveEntry.objects.count() == 2


def test_reporter_cannot_change_a_published_entry_in_the_admin(reporter_admin):
    live = make_live()
    entry = add_entry(live, "<p>Publicada</p>")
    url = reverse("admin:live_liveentry_change", args=[entry.pk])
    response = reporter_admin.post(
        url, {"body": "<p>Cambio</p>", "status": "published"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.body == "<p>Publicada</p>"


def test_editor_makes_an_article_live_and_reporter_may_not(
    editor_admin, reporter, client
):
    from articles.live.models import LiveCoverage
    from tests import factories

    article = factories.make_article(slug="sesion")
    add = reverse("admin:live_livecoverage_add")
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert f"{add}?article={article.pk}" in editor_admin.get(change).content.decode()
    response = editor_admin.post(
        add,
        {
            "article": article.pk,
            "state": "live",
            "started_at_0": "2025-12-13",
            "started_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert LiveCoverage.objects.get().article == article

    reporter_client = desk_login(Client(), reporter)
    assert reporter_client.get(add).status_code == 403


def test_withdrawing_an_entry_needs_a_reason(editor_admin):
    live = make_live()
    entry = add_entry(live, "<p>Dato dudoso</p>")
    url = reverse("admin:live_liveentry_change", args=[entry.pk])
    data = form_data(editor_admin.get(url), status="withdrawn", withdrawal_reason="")
    response = editor_admin.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["withdrawal_reason"]
    data["withdrawal_reason"] = "No pudimos confirmarlo."
    assert editor_admin.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert entry.status == LiveEntry.Status.WITHDRAWN
    assert entry.history.count() == 2
    assert "Dato dudoso" not in Client().get(live.get_absolute_url()).content.decode()
