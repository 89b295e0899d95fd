"""Presence on the article form: who else has it open, since when, and a
newer version saved by someone else, told before one's own save is refused."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from articles.desk.models import ArticlePresence
from articles.models import Article
from tests.editorial import change_url, desk_login, form_data
from tests.factories import make_article, make_section, still_cached, warm_public_pages

Status = Article.Status


@pytest.fixture
def draft(db, reporter):
    make_section("mundo")
    return make_article("borrador-presencia", status=Status.DRAFT, created_by=reporter)


@pytest.fixture
def maria(desk_editor):
    desk_editor.first_name, desk_editor.last_name = "María", "Pérez"
    desk_editor.save()
    return desk_login(Client(), desk_editor)


def beat(client, article, **payload):
    return client.post(
        reverse("admin:articles_article_presence", args=[article.pk]),
        json.dumps(payload),
        content_type="application/json",
    )


def test_the_second_editor_sees_the_first_named(reporter_admin, maria, draft, clock):
    assert beat(maria, draft, version=draft.version).json()["others"] == []
    clock.move(seconds=20)

    answer = beat(reporter_admin, draft, version=draft.version).json()

    [other] = answer["others"]
    assert other["name"] == "María Pérez"
    assert other["text"].startswith("María Pérez is editing since ")
    assert answer["version"] == draft.version
    assert answer["newer"] is None


def test_presence_expires_when_the_heartbeats_stop(
    reporter_admin, maria, draft, clock, settings
):
    beat(maria, draft)
    clock.move(seconds=settings.DESK_PRESENCE_TIMEOUT + 1)

    assert beat(reporter_admin, draft).json()["others"] == []


def test_leaving_ends_presence_at_once(reporter_admin, maria, draft):
    beat(maria, draft)
    beat(maria, draft, leave=True)

    assert beat(reporter_admin, draft).json()["others"] == []


def test_a_newer_version_saved_by_someone_else_is_told(reporter_admin, maria, draft):
    loaded = draft.version
    page = maria.get(change_url(draft))
    maria.post(change_url(draft), form_data(page, headline="Titular de María"))

    answer = beat(reporter_admin, draft, version=loaded).json()

    draft.refresh_from_db()
    assert answer["version"] == draft.version == loaded + 1
    assert answer["newer"]["version"] == draft.version
    assert answer["newer"]["text"].startswith("María Pérez saved a newer version")
    assert answer["newer"]["reload_url"] == change_url(draft)


def test_heartbeats_write_no_history_and_keep_the_public_cache(
    reporter_admin, maria, draft
):
    records = draft.history.count()
    public = warm_public_pages()

    beat(maria, draft, version=draft.version)
    beat(reporter_admin, draft, version=draft.version)
    beat(maria, draft, leave=True)

    assert still_cached(public)
    assert draft.history.count() == records


def test_only_those_who_may_see_the_article_beat(reporter_admin, other_reporter):
    make_section("mundo")
    theirs = make_article("ajeno", status=Status.DRAFT, created_by=other_reporter)

    response = beat(reporter_admin, theirs)

    assert response.status_code == 403
    assert ArticlePresence.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "word"),
    [("{no", "JSON"), ("[1]", "object"), ('{"version": "7"}', "version")],
)
def test_a_bad_heartbeat_is_a_400(reporter_admin, draft, body, word):
    response = reporter_admin.post(
        reverse("admin:articles_article_presence", args=[draft.pk]),
        body,
        content_type="application/json",
    )

    assert response.status_code == 400
    assert word in response.json()["error"]


def test_the_change_form_carries_the_heartbeat_and_autosave_addresses(
    reporter_admin, draft
):
    page = reporter_admin.get(change_url(draft)).content.decode()

    presence = reverse("admin:articles_article_presence", args=[draft.pk])
    autosave = reverse("admin:articles_article_autosave", args=[draft.pk])
    assert f'data-presence-url="{presence}"' in page
    assert f'data-autosave-url="{autosave}"' in page
    assert "/static/js/desk.js" in page
