"""Entries in the API: a nested, filterable list; writes under the role
table and If-Match, like articles."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.live.models import LiveEntry
from tests import factories
from tests.live import add_entry, make_live

pytestmark = pytest.mark.django_db


def entries_url(article, entry=None):
    url = f"/api/v1/articles/{article.slug}/entries/"
    return f"{url}{entry.pk}/" if entry else url


def test_anonymous_clients_get_published_entries_only(anon):
    live = make_live()
    add_entry(live, "<p>Visible</p>")
    add_entry(live, "<p>Borrador</p>", status=LiveEntry.Status.DRAFT)
    add_entry(live, "<p>Retirada</p>", status="withdrawn", withdrawal_reason="x")
    data = anon.get(entries_url(live)).json()
    assert [entry["body"] for entry in data["results"]] == ["<p>Visible</p>"]
    assert "withdrawal_reason" not in data["results"][0]


def test_entries_of_an_unpublished_live_answer_404(anon):
    live = make_live(status="draft")
    add_entry(live)
    assert anon.get(entries_url(live)).status_code == 404


def test_an_article_that_is_not_live_has_no_entries(anon):
    article = factories.make_article(slug="normal")
    assert anon.get(entries_url(article)).status_code == 404


def test_updated_since_lists_entries_changed_since(anon):
    live = make_live()
    old = add_entry(live, "<p>Vieja</p>")
    LiveEntry.objects.filter(pk=old.pk).update(
        modified_at=timezone.now() - timedelta(days=1)
    )
    add_entry(live, "<p>Nueva</p>")
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    data = anon.get(
        entries_url(live), {"updated_since": since, "ordering": "modified_at"}
    ).json()
    assert [entry["body"] for entry in data["results"]] == ["<p>Nueva</p>"]


def test_bad_filters_answer_400_naming_them(anon):
    live = make_live()
    response = anon.get(entries_url(live), {"updated_since": "ayer"})
    assert response.status_code == 400
    assert "updated_since" in response.json()
    assert "status" in anon.get(entries_url(live), {"status": "draft"}).json()


def test_reporter_writes_drafts_but_cannot_publish(reporter_api):
    live = make_live()
    draft = reporter_api.post(
        entries_url(live), {"body": "<p>Mi borrador</p>"}, format="json"
    )
    assert draft.status_code == 201, draft.content
    assert draft.json()["status"] == "draft"
    refused = reporter_api.post(
        entries_url(live), {"body": "<p>Ya</p>", "status": "published"}, format="json"
    )
    assert refused.status_code == 400
    assert "status" in refused.json()


def test_editor_publishes_and_anonymous_reads_it(editor_api, anon):
    live = make_live()
    author = factories.make_author("ana", name="Ana")
    created = editor_api.post(
        entries_url(live),
        {"body": "<p>Se vota</p>", "status": "published", "author": "ana"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["author"] == author.slug
    assert [e["body"] for e in anon.get(entries_url(live)).json()["results"]] == [
        "<p>Se vota</p>"
    ]


def test_bad_input_answers_400_naming_the_field(editor_api):
    live = make_live()
    empty = editor_api.post(entries_url(live), {"body": ""}, format="json")
    assert empty.status_code == 400
    assert "body" in empty.json()
    author = editor_api.post(
        entries_url(live), {"body": "<p>x</p>", "author": "nadie"}, format="json"
    )
    assert author.status_code == 400
    assert "author" in author.json()
    withdrawn = editor_api.post(
        entries_url(live), {"body": "<p>x</p>", "status": "withdrawn"}, format="json"
    )
    assert withdrawn.status_code == 400
    assert "withdrawal_reason" in withdrawn.json()


def test_a_stale_if_match_answers_412_and_the_current_one_passes(editor_api):
    live = make_live()
    entry = add_entry(live, "<p>Uno</p>")
    etag = editor_api.get(entries_url(live, entry))["ETag"]
    first = editor_api.patch(
        entries_url(live, entry),
        {"title": "Primero"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert first.status_code == 200, first.content
    stale = editor_api.patch(
        entries_url(live, entry), {"title": "Otro"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    current = editor_api.patch(
        entries_url(live, entry),
        {"title": "Otro"},
        format="json",
        HTTP_IF_MATCH=first["ETag"],
    )
    assert current.status_code == 200


def test_reporter_may_not_change_a_published_entry(reporter_api):
    live = make_live()
    entry = add_entry(live, "<p>Publicada</p>")
    response = reporter_api.patch(
        entries_url(live, entry), {"title": "Cambio"}, format="json"
    )
    assert response.status_code == 403


def test_anonymous_writes_are_refused(anon):
    live = make_live()
    response = anon.post(entries_url(live), {"body": "<p>x</p>"}, format="json")
    assert response.status_code in (401, 403)


def test_editor_corrects_an_entry_and_readers_see_the_note(editor_api, anon):
    live = make_live()
    entry = add_entry(live, "<p>60 votos</p>")
    response = editor_api.post(
        entries_url(live, entry) + "corrections/",
        {"note": "Eran 61 votos."},
        format="json",
    )
    assert response.status_code == 201, response.content
    (public,) = anon.get(entries_url(live)).json()["results"]
    assert [c["note"] for c in public["corrections"]] == ["Eran 61 votos."]


def test_reporter_may_not_correct(reporter_api):
    live = make_live()
    entry = add_entry(live)
    response = reporter_api.post(
        entries_url(live, entry) + "corrections/", {"note": "x"}, format="json"
    )
    assert response.status_code == 403


def test_adding_entries_leaves_the_article_version_alone(editor_api):
    live = make_live()
    version = live.version
    for number in range(3):
        editor_api.post(
            entries_url(live),
            {"body": f"<p>{number}</p>", "status": "published"},
            format="json",
        )
    live.refresh_from_db()
    assert live.version == version


def test_an_entry_cannot_be_published_in_the_future(editor_api):
    live = make_live()
    later = (timezone.now() + timedelta(hours=2)).isoformat()
    response = editor_api.post(
        entries_url(live),
        {"body": "<p>x</p>", "status": "published", "published_at": later},
        format="json",
    )
    assert response.status_code == 400
    assert "published_at" in response.json()


def test_reporters_see_published_entries_and_their_own_drafts_only(
    reporter_api, other_reporter, editor_api
):
    live = make_live()
    add_entry(live, "<p>Publicada</p>")
    mine = reporter_api.post(entries_url(live), {"body": "<p>Mía</p>"}, format="json")
    assert mine.status_code == 201
    add_entry(live, "<p>Ajena</p>", status="draft", created_by=other_reporter)
    seen = {e["body"] for e in reporter_api.get(entries_url(live)).json()["results"]}
    assert seen == {"<p>Publicada</p>", "<p>Mía</p>"}
    everything = editor_api.get(entries_url(live)).json()["results"]
    assert len(everything) == 3
