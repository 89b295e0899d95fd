"""ninjs documents against the official IPTC schemas copied in the project.

The validator is Draft202012Validator with format checking on (date-time and
uri really are checked: rfc3339-validator and rfc3986-validator are installed
for it, and a test below proves it). It never fetches anything: the one
external reference in the schemas, GeoJSON on places, stays unresolved, so
the IPTC's GeoJSON cases are checked without their geometry.
"""

import copy
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from jsonschema import Draft202012Validator
from jsonschema.exceptions import _WrappedReferencingError

from articles.models import Article
from articles.ninjs import export as ninjs
from tests.factories import SEED, full_article, make_article

STANDARDS = Path(settings.BASE_DIR) / "articles" / "standards" / "ninjs"
SHARED = Path(settings.BASE_DIR).parent / "shared" / "standards" / "ninjs"


def validator(version):
    schema = json.loads((STANDARDS / f"ninjs-schema_{version}.json").read_text())
    return Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(version, document):
    return [error.message for error in validator(version).iter_errors(document)]


def ninjs_of(client, slug, version=None):
    url = f"/api/v1/articles/{slug}/?format=ninjs"
    if version:
        url += f"&ninjs_version={version}"
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vnd.iptc.ninjs+json"
    return response.json()


def test_seed_story_as_ninjs_3_1_validates_and_carries_credit_and_wikidata(
    seed_pictures, anon
):
    seed_story = seed_pictures
    document = ninjs_of(anon, SEED)

    assert errors("3.1", document) == []
    assert document["uri"] == (
        f"tag:{settings.NEWSROOM_URI_AUTHORITY},2026:article:{seed_story.uuid}"
    )
    assert document["type"] == "text"
    assert document["version"] == str(seed_story.version)
    assert document["pubStatus"] == "usable"
    assert document["language"] == "es"
    assert document["headlines"] == [{"role": "main", "value": seed_story.headline}]
    assert document["descriptions"] == [{"role": "summary", "value": seed_story.dek}]
    assert document["bodies"][0]["value"] == seed_story.body
    assert document["bodies"][0]["contentType"] == "text/html"
    assert "by" not in document  # the seed story has no byline
    places = {place["literal"]: place for place in document["places"]}
    assert places["peru"] == {
        "name": "Perú",
        "rel": places["peru"]["rel"],
        "literal": "peru",
        "uri": "http://www.wikidata.org/entity/Q419",
    }
    assert places["lima"]["uri"] == "http://www.wikidata.org/entity/Q2868"
    people = {person["literal"]: person for person in document["people"]}
    assert people["donald-trump"]["uri"] == "http://www.wikidata.org/entity/Q22686"
    organisations = {org["literal"]: org for org in document["organisations"]}
    assert organisations["otan"]["uri"] == "http://www.wikidata.org/entity/Q7184"
    [image] = document["associations"]
    assert image["name"] == "featureimage"
    assert image["rel"] == "featureimage"
    assert image["type"] == "picture"
    assert image["by"] == "Freddy Rodríguez"
    assert {"role": "creditline", "value": "Freddy Rodríguez / Ejército del Perú"} in (
        image["descriptions"]
    )
    # The renditions, never the private original.
    renditions = image["renditions"]
    assert len(renditions) == seed_story.lead_photo.renditions.count() > 40
    assert all(
        rendition["href"].startswith("http://testserver/media/renditions/")
        for rendition in renditions
    )
    assert {
        "name": "og-1200-jpeg",
        "contentType": "image/jpeg",
        "width": 1200,
        "height": 630,
    }.items() <= renditions[-1].items()


def test_seed_story_as_ninjs_2_1_validates_with_lower_case_names(seed_pictures, anon):
    document = ninjs_of(anon, SEED, "2.1")

    assert errors("2.1", document) == []
    assert document["pubstatus"] == "usable"
    assert document["versioncreated"].endswith("Z")
    assert document["standard"]["version"] == "2.1"
    [image] = document["associations"]
    assert "rel" not in image
    assert {"role": "creditline", "value": "Freddy Rodríguez / Ejército del Perú"} in (
        image["descriptions"]
    )
    assert {rendition["contenttype"] for rendition in image["renditions"]} == {
        "image/avif",
        "image/webp",
        "image/jpeg",
    }
    assert all(rendition["sizeinbytes"] > 0 for rendition in image["renditions"])
    places = {place["literal"]: place["uri"] for place in document["places"]}
    assert places["peru"] == "http://www.wikidata.org/entity/Q419"


def test_each_version_is_refused_by_the_other_schema(seed_story, anon):
    assert errors("2.1", ninjs_of(anon, SEED, "3.1")) != []
    assert errors("3.1", ninjs_of(anon, SEED, "2.1")) != []


def test_ninjs_is_also_chosen_by_the_accept_header(seed_story, anon):
    response = anon.get(
        f"/api/v1/articles/{SEED}/", HTTP_ACCEPT="application/vnd.iptc.ninjs+json"
    )

    assert response["Content-Type"] == "application/vnd.iptc.ninjs+json"
    assert response.json()["uri"].endswith(str(seed_story.uuid))


def test_ninjs_is_not_offered_on_lists(seed_story, anon):
    response = anon.get("/api/v1/articles/?format=ninjs")

    assert response.status_code == 400
    assert list(response.json()) == ["format"]


def test_uri_does_not_change_with_the_slug(db, anon):
    article = make_article(slug="antes")
    uri = ninjs_of(anon, "antes")["uri"]

    article.slug = "despues"
    article.save()

    assert ninjs_of(anon, "despues")["uri"] == uri


def test_bylines_become_by(db, anon):
    article = full_article("firmada", links=2)

    document = ninjs_of(anon, "firmada")

    assert document["by"] == article.byline_names
    assert errors("3.1", document) == []


@pytest.mark.parametrize(
    ("fields", "pub_status"),
    [
        ({"status": Article.Status.WITHDRAWN}, "canceled"),
        ({"status": Article.Status.DRAFT}, "withheld"),
        ({"status": Article.Status.IN_REVIEW}, "withheld"),
    ],
)
def test_pub_status_follows_the_article_status(db, editor, fields, pub_status):
    make_article(slug="estado", **fields)

    for version in ninjs.VERSIONS:
        document = ninjs_of(editor, "estado", version)
        assert errors(version, document) == []
        key = "pubStatus" if version == "3.1" else "pubstatus"
        assert document[key] == pub_status


def test_scheduled_article_is_withheld_and_embargoed_until_its_time(db, editor):
    goes_live = timezone.now() + timedelta(days=1)
    make_article(slug="programada", status="scheduled", published_at=goes_live)

    document = ninjs_of(editor, "programada")
    older = ninjs_of(editor, "programada", "2.1")

    assert errors("3.1", document) == []
    assert errors("2.1", older) == []
    assert document["pubStatus"] == "withheld"
    assert document["embargoedUntil"] == ninjs.timestamp(goes_live)
    assert older["embargoed"] == ninjs.timestamp(goes_live)


def test_format_checking_is_really_on(seed_story, anon):
    document = ninjs_of(anon, SEED)

    bad_time = {**document, "firstCreated": "ayer por la tarde"}
    bad_uri = {**document, "uri": "no es un uri"}

    assert errors("3.1", bad_time) == ["'ayer por la tarde' is not a 'date-time'"]
    assert errors("3.1", bad_uri) == ["'no es un uri' is not a 'uri'"]


def suite_cases(suite, outcome):
    return sorted((STANDARDS / "test_suite" / suite / outcome).glob("*.json"))


def without_geojson(document):
    document = copy.deepcopy(document)
    places = document.get("places", [])
    for place in places:
        place.pop("geoJSON", None)
        place.pop("geojson", None)
    return document


# The IPTC publishes no 3.1 test suite; its 3.0 cases are checked against the
# 3.1 schema, which accepts every 3.0 document (3.1 only added properties). All
# 3.0 cases behave as labelled against 3.1, so none is left out.
SUITES = [("2.1", "2.1"), ("3.0", "3.1")]


@pytest.mark.parametrize(
    ("suite", "version", "case"),
    [
        (suite, version, case)
        for suite, version in SUITES
        for case in suite_cases(suite, "should_pass")
    ],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_iptc_should_pass_cases_pass_our_validator(suite, version, case):
    document = json.loads(case.read_text())
    places = json.dumps(document.get("places", []))

    if "geojson" in places.lower():
        # The GeoJSON schema is external and never fetched: the geometry is
        # the one part that cannot be checked offline.
        with pytest.raises(_WrappedReferencingError, match="geojson.org"):
            validator(version).validate(document)
        document = without_geojson(document)

    assert errors(version, document) == []


@pytest.mark.parametrize(
    ("suite", "version", "case"),
    [
        (suite, version, case)
        for suite, version in SUITES
        for case in suite_cases(suite, "should_fail")
    ],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_iptc_should_fail_cases_fail_our_validator(suite, version, case):
    document = json.loads(case.read_text())

    assert errors(version, document) != []


def test_there_are_iptc_cases_to_run():
    assert len(suite_cases("2.1", "should_pass")) == 13
    assert len(suite_cases("2.1", "should_fail")) == 4
    assert len(suite_cases("3.0", "should_pass")) == 27
    assert len(suite_cases("3.0", "should_fail")) == 8


@pytest.mark.skipif(not SHARED.is_dir(), reason="no shared/ folder beside the repo")
def test_copied_standards_are_byte_identical_to_shared():
    ours = {
        path.relative_to(STANDARDS): path.read_bytes()
        for path in STANDARDS.rglob("*")
        if path.is_file()
    }
    shared = {
        path.relative_to(SHARED): path.read_bytes()
        for path in SHARED.rglob("*")
        if path.is_file()
    }

    assert sorted(ours) == sorted(shared)
    assert [name for name in ours if ours[name] != shared[name]] == []
