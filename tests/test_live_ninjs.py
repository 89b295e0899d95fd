"""A live coverage in ninjs: valid 3.1 and 2.1 items with the entries as
associations, nothing unpublished in them, and importable back."""

import json

import pytest

from articles.importing.store import save_item
from articles.live.models import LiveCoverage, LiveEntry, LiveEntryCorrection
from articles.models import Article
from articles.ninjs.read import read_ninjs
from tests import factories
from tests.live import add_entry, make_live
from tests.test_ninjs import errors, ninjs_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def live():
    article = make_live()
    author = factories.make_author("ana-perez", name="Ana Pérez")
    add_entry(article, "<p>Se abre la sesión</p>", minutes_ago=30, pinned=True)
    voted = add_entry(
        article,
        "<p>60 votos a favor</p>",
        minutes_ago=10,
        title="Votación",
        key_event=True,
        author=author,
    )
    LiveEntryCorrection.objects.create(entry=voted, note="Fueron 61 votos.")
    add_entry(article, "<p>Borrador oculto</p>", status=LiveEntry.Status.DRAFT)
    add_entry(
        article,
        "<p>Retirada oculta</p>",
        status=LiveEntry.Status.WITHDRAWN,
        withdrawal_reason="Error",
    )
    return article


def same_content(document):
    """The entries without what a new save moves (version and its time)."""
    return [
        {k: v for k, v in entry.items() if k not in {"version", "versionCreated"}}
        for entry in entries_of(document)
    ]


def entries_of(document):
    return [a for a in document["associations"] if a.get("rel") == "liveentry"]


@pytest.mark.parametrize("version", ["3.1", "2.1"])
def test_live_coverage_validates_in_both_versions(live, anon, version):
    document = ninjs_of(anon, live.slug, version)
    assert errors(version, document) == []
    text = json.dumps(document, ensure_ascii=False)
    assert "oculto" not in text and "oculta" not in text
    associations = document["associations"]
    assert len(associations) == 2
    assert [genre["literal"] for genre in document["genres"]] == ["live-coverage"]


def test_entries_carry_title_author_body_flags_and_corrections(live, anon):
    document = ninjs_of(anon, live.slug)
    newest, oldest = entries_of(document)
    assert newest["headlines"] == [{"role": "main", "value": "Votación"}]
    assert newest["by"] == "Ana Pérez"
    assert newest["bodies"][0]["value"] == "<p>60 votos a favor</p>"
    assert [g["literal"] for g in newest["genres"]] == ["key-event"]
    assert newest["descriptions"][0] == {
        "role": "correction",
        "contentType": "text/plain",
        "value": "Fueron 61 votos.",
    }
    assert [g["literal"] for g in oldest["genres"]] == ["pinned"]
    assert newest["uri"].split(":")[-2:] == [
        "entry",
        str(LiveEntry.objects.get(title="Votación").uuid),
    ]


def test_a_new_entry_changes_the_ninjs_etag(live, anon):
    url = f"/api/v1/articles/{live.slug}/?format=ninjs"
    first = anon.get(url)
    add_entry(live, "<p>Otra</p>")
    second = anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert len(entries_of(second.json())) == 3


def test_an_exported_live_coverage_imports_back(live, anon):
    document = ninjs_of(anon, live.slug)
    uuids = set(LiveEntry.objects.published().values_list("uuid", flat=True))
    Article.objects.filter(pk=live.pk).delete()
    assert LiveEntry.objects.count() == 0

    outcome = save_item(read_ninjs(json.dumps(document)), publish=True)

    article = Article.objects.get(pk=outcome.article_id)
    assert article.uuid == live.uuid
    assert LiveCoverage.objects.get(article=article).is_live()
    entries = {entry.uuid: entry for entry in article.live_entries.all()}
    assert set(entries) == uuids
    voted = article.live_entries.get(title="Votación")
    assert voted.key_event is True and voted.pinned is False
    assert voted.author.name == "Ana Pérez"
    assert voted.body == "<p>60 votos a favor</p>"
    assert list(voted.corrections.values_list("note", flat=True)) == [
        "Fueron 61 votos."
    ]
    assert article.live_entries.get(pinned=True).body == "<p>Se abre la sesión</p>"
    assert same_content(ninjs_of(anon, article.slug)) == same_content(document)

    again = save_item(read_ninjs(json.dumps(document)), publish=True)
    assert again.article_id == article.pk
    assert article.live_entries.count() == 2
    assert LiveEntryCorrection.objects.count() == 1
