"""Importing IPTC ninjs 2.x and 3.x items with ``manage.py import_article``.

The examples are the IPTC's and agencies' own items, already in the project
(``articles/standards/ninjs/examples/``, byte-identical to shared/, which
``test_ninjs`` checks), so these tests need nothing outside the repository.
"""

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from articles.models import Article, ArticleEntity, Author, Entity, Photo, Section
from tests.factories import make_entity

EXAMPLES = settings.BASE_DIR / "articles" / "standards" / "ninjs" / "examples"
TT = EXAMPLES / "2.1_tt_text_image_2.json"
AP_IMAGE = EXAMPLES / "3.0_ap_image.json"
SIMPLE = EXAMPLES / "3.1_004_simple_text_article.json"
COMPLEX = EXAMPLES / "3.1_005_complex_text_article.json"


def run(*args):
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("import_article", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def document(path):
    return json.loads(path.read_text())


def write(tmp_path, data, name="item.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def entities(article):
    return [
        (link.entity.kind, link.entity.name, link.entity.wikidata_id, link.role)
        for link in article.entity_links.select_related("entity")
    ]


def test_there_are_four_examples():
    assert sorted(path.name for path in EXAMPLES.glob("*.json")) == [
        "2.1_tt_text_image_2.json",
        "3.0_ap_image.json",
        "3.1_004_simple_text_article.json",
        "3.1_005_complex_text_article.json",
    ]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_every_example_imports_as_one_draft_with_its_uri(db, path):
    output = run(path)

    article = Article.objects.get()
    source = document(path)
    assert output.startswith(f"created {path}: ")
    assert article.source_system == "ninjs"
    assert article.source_id == source["uri"]
    assert article.headline == source["headlines"][0]["value"]
    assert article.status == Article.Status.DRAFT
    assert article.section.slug == "importadas"


def test_complex_3_1_item_brings_bylines_entities_language_and_unknown_fields(db):
    run(COMPLEX)

    article = Article.objects.get()
    assert article.language == "en"
    assert [byline.author.name for byline in article.bylines.all()] == [
        "Paulo Santalucia",
        "Frances d'Emilio",
    ]
    assert {author.category for author in Author.objects.all()} == {"wire"}
    assert entities(article) == [
        ("person", "Francesco Schettino", "Q4421821", "about"),
        ("organisation", "Costa Crociere SpA", "", "mentions"),
        ("place", "Grossetto", "", "mentions"),
        ("place", "Tuscany", "", "mentions"),
        ("country", "Italy", "", "mentions"),
    ]
    assert Entity.objects.get(name="Italy").country_code == "IT"
    # The XHTML body is chosen over the plain one, which is kept.
    assert article.body.startswith("<p>GROSSETO, Italy (AP) -- The trial")
    assert article.body.count("<p>") == 4
    metadata = article.source_metadata
    assert metadata["copyrightNotice"] == (
        "Copyright 2013 The News Agency, www.tna.org - all rights reserved."
    )
    assert metadata["located"] == "Grossetto, Italy"
    assert metadata["profile"] == "text-only"
    assert metadata["versionCreated"] == "2013-07-09T10:37:00Z"
    assert [body["contentType"] for body in metadata["unused bodies"]] == ["text/plain"]
    # The Italian country URI is not a Wikidata one: kept, not dropped.
    assert metadata["entity details"] == [
        {
            "group": "places",
            "name": "Italy",
            "rel": "mentions",
            "uri": "http://cvx.iptc.org/iso3166-1a2/it",
        }
    ]


def test_tt_2_1_item_brings_its_photo_credit_and_keeps_what_has_no_field(db):
    run(TT)

    article = Article.objects.get()
    assert article.language == "sv"
    assert article.dek.startswith("Pandemin satte stopp för den stora")
    # The HTML page is cut to its body, without the headline's <h1>.
    assert "<title>" not in article.body
    assert "Militärövning i jätteformat" not in article.body
    assert "<p>Pandemin satte stopp" in article.body
    assert "<blockquote><p>Aurora 2023 kommer" in article.body
    photo = article.lead_photo
    assert photo.credit_line == "Karl Melander/TT"
    assert photo.caption.startswith("En stor internationell försvarsövning")
    assert photo.supplier_category == Photo.SupplierCategory.WIRE
    metadata = article.source_metadata
    assert metadata["copyrightholder"] == "TT"
    assert metadata["genres"][0]["name"] == "Inrikes"
    assert metadata["expires"] == "2023-05-31T00:00:00+02:00"
    assert metadata["unused associations"][0]["renditions"][0]["name"] == "r00"
    details = {detail["name"]: detail for detail in metadata["entity details"]}
    assert details["Jonas Svensson"]["contactinfo"][0]["value"] == "+46 (0)8-7887500"
    assert details["Gotland"]["geojson"]["coordinates"] == [18.2979, 57.6381]
    assert [name for _kind, name, _id, _role in entities(article)] == [
        "Jonas Svensson",
        "Aurora",
        "Sverige",
        "Gotland",
        "Finland",
        "Krig, konflikter och oroligheter",
    ]


def test_ap_picture_item_is_its_own_lead_photo(db):
    run(AP_IMAGE, "--publish")

    article = Article.objects.get()
    photo = article.lead_photo
    assert photo.credit_line == "ASSOCIATED PRESS"
    assert photo.caption.startswith("FILE - In this Monday, Nov. 11, 2019 file photo")
    assert photo.license.startswith("This content is intended for editorial use only")
    assert article.dek == ""
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime(2019, 11, 15, 13, 39, 59, tzinfo=UTC)
    assert article.source_metadata["edNote"] == "TURKEY OUT  NOV. 11, 2019 FILE PHOTO"


def test_entities_match_by_wikidata_first_then_name_or_alias(db):
    schettino = make_entity(
        slug="schettino", name="F. Schettino", kind="person", wikidata_id="Q4421821"
    )
    italia = make_entity(slug="italia", name="Italia", aliases="Italy\nRepubblica")
    toscana = make_entity(slug="toscana", name="tuscany", kind="place")
    other_grosseto = make_entity(
        slug="grossetto-tx", name="Grossetto", kind="place", wikidata_id="Q1"
    )

    run(COMPLEX)

    linked = list(Article.objects.get().entities.all())
    assert schettino in linked
    assert italia in linked
    assert toscana in linked
    assert other_grosseto not in linked  # same name, another Wikidata ID
    assert Entity.objects.filter(name="Grossetto").count() == 2
    assert Entity.objects.count() == 6


def test_reimporting_the_same_item_updates_one_article(db, tmp_path):
    assert run(SIMPLE).startswith("created")
    article = Article.objects.get()
    article.section = Section.objects.create(slug="mundo", name="Mundo")
    article.slug = "capitan-concordia"
    article.save()

    assert run(SIMPLE).startswith(f"unchanged {SIMPLE}")
    changed = document(SIMPLE)
    changed["headlines"][0]["value"] = "Captain of Concordia goes on trial"
    changed["by"] = "Frances d'Emilio"
    output = run(write(tmp_path, changed))

    article = Article.objects.get()
    assert output.splitlines()[0].startswith("updated")
    assert "  headline" in output.splitlines()
    assert "  bylines: Frances d'Emilio" in output.splitlines()
    assert article.headline == "Captain of Concordia goes on trial"
    assert [byline.author.name for byline in article.bylines.all()] == [
        "Frances d'Emilio"
    ]
    # What the desk decided stays.
    assert (article.section.slug, article.slug) == ("mundo", "capitan-concordia")
    assert Article.objects.count() == 1


def test_reimport_keeps_entities_the_desk_linked(db):
    run(COMPLEX)
    article = Article.objects.get()
    extra = make_entity(slug="giglio", name="Giglio", kind="place")
    ArticleEntity.objects.create(article=article, entity=extra, order=99)

    assert run(COMPLEX).startswith("unchanged")
    assert extra in article.entities.all()


def test_publish_and_the_sources_status(db, tmp_path):
    run(SIMPLE, "--publish")
    assert Article.objects.get().status == Article.Status.PUBLISHED

    canceled = {**document(SIMPLE), "pubStatus": "canceled"}
    output = run(write(tmp_path, canceled))

    assert Article.objects.get().status == Article.Status.WITHDRAWN
    assert "  status: published → withdrawn" in output.splitlines()


def test_withheld_items_stay_drafts_even_with_publish(db, tmp_path):
    withheld = {**document(SIMPLE), "pubStatus": "withheld"}
    run(write(tmp_path, withheld), "--publish")

    assert Article.objects.get().status == Article.Status.DRAFT


def test_an_embargo_schedules_the_article(db, tmp_path):
    until = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    item = {**document(SIMPLE), "embargoedUntil": until.isoformat()}
    run(write(tmp_path, item), "--publish")

    article = Article.objects.get()
    assert article.status == Article.Status.SCHEDULED
    assert article.published_at == until
    assert article.is_published() is False


def test_dry_run_says_what_it_would_do_and_writes_nothing(db):
    output = run(COMPLEX, "--dry-run")

    lines = output.splitlines()
    assert lines[0] == (
        f"would create {COMPLEX}: "
        "'Captain of wrecked cruise ship on trial in Italy' (draft)"
    )
    assert "  new author: Paulo Santalucia" in lines
    assert "  new entity: Francesco Schettino (person)" in lines
    assert "  linked entity: Italy" in lines
    for model in (Article, Author, Entity, Photo, Section):
        assert model.objects.count() == 0, model


def test_dry_run_of_a_change_lists_the_fields(db, tmp_path):
    run(SIMPLE)
    changed = {**document(SIMPLE), "language": "it"}

    output = run(write(tmp_path, changed), "--dry-run")

    assert output.splitlines() == [
        f"would update {tmp_path / 'item.json'}: "
        "'Captain of wrecked cruise ship on trial in Italy' (draft)",
        "  language",
    ]
    assert Article.objects.get().language == "es"


def with_value(path, **changes):
    return {**document(path), **changes}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (COMPLEX.read_text()[:700], "line 30: not valid JSON (Expecting value"),
        ("[1, 2]", "a ninjs item is a JSON object"),
        ('{"uri": "x", "headlines": [{"value": NaN}]}', "'NaN' is not a JSON number"),
        (json.dumps({"type": "text"}), "the item has no 'uri'"),
        (json.dumps({"uri": "urn:x", "bodies": []}), "the item has no headline"),
        (
            json.dumps(with_value(SIMPLE, versionCreated="el martes")),
            "'versionCreated' is not a date and time with its zone: 'el martes'",
        ),
        (
            json.dumps(with_value(SIMPLE, firstCreated="2024-02-30T10:00:00Z")),
            "'firstCreated' is not a date and time",
        ),
        (
            json.dumps(with_value(SIMPLE, headlines="Titular")),
            "'headlines' should be a list of objects",
        ),
        (
            json.dumps(with_value(SIMPLE, by=["A", "B"])),
            "'by' should be text",
        ),
        (
            json.dumps(with_value(SIMPLE, language="español")),
            "'language' is not a language tag",
        ),
        (
            json.dumps(with_value(SIMPLE, pubStatus="maybe")),
            "'pubStatus' is usable, withheld or canceled",
        ),
        (
            json.dumps(with_value(SIMPLE, by="A\u0000B")),
            "by contains control characters",
        ),
        ('{"uri": "\\ud800", "headlines": []}', "uri is not valid Unicode text"),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ],
    ids=[
        "truncated",
        "a-list",
        "nan",
        "no-uri",
        "no-headline",
        "words-for-a-date",
        "30-february",
        "headline-not-a-list",
        "by-not-text",
        "bad-language",
        "bad-pubstatus",
        "nul",
        "lone-surrogate",
        "deep",
    ],
)
def test_malformed_ninjs_is_refused_with_a_reason_and_writes_nothing(
    db, tmp_path, content, reason
):
    path = write(tmp_path, content)

    with pytest.raises(CommandError) as refused:
        run(path)

    assert str(refused.value).startswith(f"{path}: ")
    assert reason in str(refused.value)
    for model in (Article, Author, Entity, Photo, Section):
        assert model.objects.count() == 0, model


def test_a_failure_late_in_the_item_writes_nothing_at_all(db, tmp_path):
    """Entities and authors come before the article fails validation: the
    transaction takes them back too."""
    item = with_value(
        COMPLEX,
        associations=[
            {
                "name": "featureimage",
                "type": "picture",
                "by": "x" * 201,
                "descriptions": [{"role": "creditline", "value": "ok"}],
            }
        ],
    )
    with pytest.raises(CommandError, match="creator"):
        run(write(tmp_path, item))

    for model in (Article, Author, Entity, Photo, Section):
        assert model.objects.count() == 0, model


def test_new_entities_from_the_source_go_after_the_desks_links(db, tmp_path):
    run(SIMPLE)
    article = Article.objects.get()
    giglio = make_entity(slug="giglio", name="Giglio", kind="place")
    ArticleEntity.objects.create(article=article, entity=giglio, order=0)

    item = with_value(SIMPLE, people=[{"name": "Francesco Schettino"}])
    output = run(write(tmp_path, item))

    assert "  linked entity: Francesco Schettino" in output.splitlines()
    assert [(link.entity.name, link.order) for link in article.entity_links.all()] == [
        ("Giglio", 0),
        ("Francesco Schettino", 1),
    ]


def test_a_change_of_bylines_alone_moves_the_version(db, tmp_path):
    run(SIMPLE)
    version = Article.objects.get().version

    run(write(tmp_path, with_value(SIMPLE, by="Frances d'Emilio")))

    article = Article.objects.get()
    assert article.version == version + 1
    assert article.history.count() == 2
