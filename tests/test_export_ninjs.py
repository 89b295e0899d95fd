"""``manage.py export_ninjs``, and export then import giving back the article."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from articles.models import Article, Author, Entity, Photo, Section
from tests.factories import SEED, add_byline, make_article, make_author
from tests.test_ninjs import errors


def export(out_dir, *args):
    """Runs the command; ``out_dir`` is a folder under pytest's tmp_path
    (which also holds the test's MEDIA_ROOT)."""
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("export_ninjs", str(out_dir), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_one_valid_file_per_published_article(seed_story, tmp_path):
    make_article(slug="borrador", status=Article.Status.DRAFT)
    make_article(slug="retirada", status=Article.Status.WITHDRAWN)
    make_article(
        slug="programada",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    make_article(slug="otra")

    output, progress = export(tmp_path / "out")

    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "otra.json",
        f"{SEED}.json",
    ]
    assert output == f"2 articles written to {tmp_path / 'out'} as ninjs 3.1\n"
    assert "export: 100%" in progress
    for path in (tmp_path / "out").iterdir():
        document = json.loads(path.read_text())
        assert errors("3.1", document) == [], path.name
        assert document["pubStatus"] == "usable"


def test_ninjs_2_1_files_validate_against_the_2_1_schema(seed_pictures, tmp_path):
    export(tmp_path / "out", "--ninjs-version", "2.1")

    document = json.loads((tmp_path / "out" / f"{SEED}.json").read_text())
    assert errors("2.1", document) == []
    assert document["standard"]["version"] == "2.1"
    [image] = document["associations"]
    # Photo links are absolute, as the schemas' "uri" format wants.
    assert image["renditions"][0]["href"].startswith(
        "https://newsroom.example/media/renditions/"
    )


def test_since_takes_only_articles_changed_since(seed_story, tmp_path):
    Article.objects.filter(slug=SEED).update(
        modified_at=timezone.now() - timedelta(days=10)
    )
    make_article(slug="nueva")

    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    export(tmp_path / "out", "--since", since)

    assert [path.name for path in (tmp_path / "out").iterdir()] == ["nueva.json"]


def test_since_that_is_not_a_date_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="--since: 'ayer' is not a date"):
        export(tmp_path / "out", "--since", "ayer")
    assert not (tmp_path / "out").exists()


def empty_the_database():
    Article.objects.all().delete()
    Photo.objects.all().delete()
    Entity.objects.all().delete()
    Author.objects.all().delete()
    Section.objects.all().delete()


def snapshot(article):
    photo = article.lead_photo
    return {
        "uuid": article.uuid,
        "headline": article.headline,
        "dek": article.dek,
        "body": article.body,
        "language": article.language,
        "published_at": article.published_at,
        "status": article.status,
        "bylines": [byline.author.name for byline in article.bylines.all()],
        "byline_text": article.byline_text,
        "photo": photo
        and (photo.caption, photo.credit_line, photo.creator, photo.alt_text),
        # ninjs groups entities by kind: the order across kinds is not kept.
        "entities": sorted(
            (
                link.entity.name,
                link.entity.wikidata_id,
                link.role,
                # ninjs has no word for a country: it is a place.
                "place" if link.entity.kind == "country" else link.entity.kind,
            )
            for link in article.entity_links.select_related("entity")
        ),
        "main subjects first": [link.role for link in article.entity_links.all()]
        == sorted(link.role for link in article.entity_links.all()),
    }


@pytest.mark.parametrize("version", ["3.1", "2.1"])
def test_export_then_import_into_an_empty_database_gives_the_same_article(
    seed_story, tmp_path, version
):
    for order, name in enumerate(["Ana Pérez", "Luis Soto", "Eva Ruiz"]):
        add_byline(seed_story, make_author(name=name), order=order)
    desk = make_article(
        slug="nota-de-mesa", byline_text="Redacción", body="<p>Nota breve.</p>"
    )
    before = [snapshot(seed_story), snapshot(desk)]
    export(tmp_path / "out", "--ninjs-version", version)
    empty_the_database()

    with translation.override("en"):
        call_command(
            "import_article",
            *sorted(str(path) for path in (tmp_path / "out").iterdir()),
            "--publish",
            stdout=StringIO(),
            stderr=StringIO(),
        )

    after = [snapshot(Article.objects.get(slug=SEED))]
    after.append(snapshot(Article.objects.get(slug="nota-de-mesa")))
    for old, new in zip(before, after, strict=True):
        assert {key: new[key] for key in old if new[key] != old[key]} == {}
    assert len(after[0]["entities"]) == 41
    assert after[0]["bylines"] == ["Ana Pérez", "Luis Soto", "Eva Ruiz"]


def test_our_own_export_imported_again_updates_the_same_article(seed_story, tmp_path):
    export(tmp_path / "out")

    with translation.override("en"):
        out = StringIO()
        call_command(
            "import_article",
            str(tmp_path / "out" / f"{SEED}.json"),
            stdout=out,
            stderr=out,
        )

    assert out.getvalue().startswith("unchanged")
    assert Article.objects.count() == 1
