"""Importing plain-text wire copy (the seed story's layout) with
``manage.py import_article``."""

import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from articles.models import Article, Author, Entity, Photo, Section
from tests.factories import SEED_SOURCE, make_section

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "seed_story.json"

HEADER = """Titular de prueba
Un sumario de prueba.

Pie de foto de prueba.
- Foto
Ana Foto / Agencia Andina
"""
BODY = """Compartir:
Primer párrafo.
Segundo párrafo.
Compartir:"""


def run(*args, **options):
    """The command's stdout; CommandError propagates."""
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("import_article", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def write(tmp_path, text, name="nota.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fixture_fields(model):
    [fields] = [
        entry["fields"]
        for entry in json.loads(FIXTURE.read_text())
        if entry["model"] == model
    ]
    return fields


def nothing_written():
    return [
        model.objects.count() for model in (Article, Author, Entity, Photo, Section)
    ] == [0, 0, 0, 0, 0]


def test_seed_text_imports_to_the_same_article_as_the_fixture(db):
    output = run(SEED_SOURCE)

    article = Article.objects.get()
    expected = fixture_fields("articles.article")
    assert output.startswith(f"created {SEED_SOURCE}: '{expected['headline']}'")
    assert article.headline == expected["headline"]
    assert article.dek == expected["dek"]
    assert article.body == expected["body"]
    assert article.language == expected["language"] == "es"
    assert article.byline_text == expected["byline_text"] == ""
    assert article.bylines.count() == 0
    assert article.updated_at is expected["updated_at"] is None
    photo, expected_photo = article.lead_photo, fixture_fields("articles.photo")
    for name in ("caption", "credit_line", "creator", "source"):
        assert getattr(photo, name) == expected_photo[name], name
    assert article.status == Article.Status.DRAFT
    assert article.source_system == "text"
    assert article.source_id.startswith("sha256:")
    assert article.imported_at is not None


def story(author_block="Autor:\n", updated_block="Actualizada:\n", header=HEADER):
    return header + author_block + updated_block + BODY


@pytest.mark.parametrize(
    ("author_block", "authors"),
    [
        ("Autor: Ana Pérez\n", ["Ana Pérez"]),
        ("Autor:\nAna Pérez\n", ["Ana Pérez"]),
        ("Autor: Por Ana Pérez y Luis Soto\n", ["Ana Pérez", "Luis Soto"]),
        ("Autor:\nPor Ana Pérez y Luis Soto\n", ["Ana Pérez", "Luis Soto"]),
        ("Autores: Ana Pérez, Luis Soto\n", ["Ana Pérez", "Luis Soto"]),
        (
            "Autor: Ana Pérez, Luis Soto y Eva Ruiz\n",
            ["Ana Pérez", "Luis Soto", "Eva Ruiz"],
        ),
        ("Autor:\n", []),
        ("", []),
    ],
)
def test_authors_on_the_label_line_or_the_next_become_bylines(
    db, tmp_path, author_block, authors
):
    run(write(tmp_path, story(author_block=author_block)))

    article = Article.objects.get()
    assert [byline.author.name for byline in article.bylines.all()] == authors
    assert article.body == "<p>Primer párrafo.</p>\n<p>Segundo párrafo.</p>"


def test_a_desk_credit_is_not_an_author(db, tmp_path):
    run(write(tmp_path, story(author_block="Autor: Redacción\n")))

    article = Article.objects.get()
    assert article.bylines.count() == 0
    assert article.byline_text == "Redacción"


@pytest.mark.parametrize(
    ("updated_block", "expected"),
    [
        (
            "Actualizada: 14 dic 2025 - 10:42\n",
            datetime(2025, 12, 14, 15, 42, tzinfo=UTC),
        ),
        (
            "Actualizada:\n14 dic 2025 - 10:42\n",
            datetime(2025, 12, 14, 15, 42, tzinfo=UTC),
        ),
        (
            "Actualizada: 14 de diciembre de 2025\n",
            datetime(2025, 12, 14, 5, 0, tzinfo=UTC),
        ),
        (
            "Actualizada: 3 de septiembre de 2025, 08:05 h\n",
            datetime(2025, 9, 3, 13, 5, tzinfo=UTC),
        ),
        ("Actualizada: 14/12/2025 10:42\n", datetime(2025, 12, 14, 15, 42, tzinfo=UTC)),
        ("Actualizada:\n", None),
    ],
)
def test_spanish_update_times_are_read_in_the_desk_time_zone(
    db, tmp_path, updated_block, expected
):
    run(write(tmp_path, story(updated_block=updated_block)))

    article = Article.objects.get()
    assert article.updated_at == expected
    # The source was on the web by then: no later publication time.
    assert article.published_at == expected


def test_story_without_a_photo(db, tmp_path):
    text = "Titular sin foto\nSumario sin foto.\nAutor: Ana Pérez\n" + BODY
    run(write(tmp_path, text))

    article = Article.objects.get()
    assert (article.headline, article.dek) == ("Titular sin foto", "Sumario sin foto.")
    assert article.lead_photo is None
    assert Photo.objects.count() == 0
    assert article.body == "<p>Primer párrafo.</p>\n<p>Segundo párrafo.</p>"


def test_extra_blank_lines_windows_line_ends_and_spaces_do_not_matter(db, tmp_path):
    plain = story(author_block="Autor: Ana Pérez\n")
    messy = "\n\n" + plain.replace("\n", "\r\n\r\n  ").replace("Primer", "  Primer")
    run(write(tmp_path, plain, "a.txt"))
    output = run(write(tmp_path, messy, "b.txt"))

    assert output.startswith("unchanged")
    article = Article.objects.get()
    assert article.headline == "Titular de prueba"
    assert article.lead_photo.credit_line == "Ana Foto / Agencia Andina"
    assert article.body == "<p>Primer párrafo.</p>\n<p>Segundo párrafo.</p>"


def test_without_share_lines_the_body_starts_after_the_labels(db, tmp_path):
    text = HEADER + "Autor: Ana Pérez\nActualizada:\nPrimer párrafo.\nSegundo."
    run(write(tmp_path, text))

    article = Article.objects.get()
    assert article.body == "<p>Primer párrafo.</p>\n<p>Segundo.</p>"
    assert article.updated_at is None


def test_body_html_is_escaped_not_trusted(db, tmp_path):
    text = story().replace("Primer párrafo.", "<script>alert(1)</script> & más")
    run(write(tmp_path, text))

    assert Article.objects.get().body.startswith(
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; más</p>"
    )


def test_section_option_places_new_articles(db, tmp_path):
    make_section("politica", "Política")
    run(write(tmp_path, story()), "--section", "politica")

    assert Article.objects.get().section.slug == "politica"


def test_unknown_section_is_refused_before_anything_is_read(db, tmp_path):
    with pytest.raises(CommandError, match="No section with the slug 'nada'"):
        run(write(tmp_path, story()), "--section", "nada")
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("", 1, "there is no headline"),
        ("\n\n   \n", 1, "there is no headline"),
        ("Autor: Ana Pérez\nActualizada:\nCompartir:\nUn párrafo.", 1, "no headline"),
        ("\n\n- Foto\nAna Foto\n", 3, "no headline"),
        ("x" * 400 + "\nSumario.", 1, "too long for a headline"),
        (story(updated_block="Actualizada: ayer por la tarde\n"), 8, "is not a date"),
        (
            story(updated_block="Actualizada:\n31 feb 2025\n"),
            9,
            "'31 feb 2025' is not a date",
        ),
        (story(updated_block="Actualizada: 14 dic 2025 - 25:99\n"), 8, "is not a date"),
        (story(author_block="Autor: A\nAutor: B\n"), 8, "appears twice"),
        (story(updated_block="Actualizada:\nNo sé\nOtra línea\n"), 9, "is not a date"),
        (
            "Titular\nSumario\nAutor: Ana\nCompartir:\nPie\n- Foto\nAna Foto",
            6,
            "a '- Foto' line in the body: the photo goes under the dek",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "starts-with-a-label",
        "starts-with-the-photo",
        "paragraph-not-headline",
        "words-for-a-date",
        "31-february",
        "hour-25",
        "label-twice",
        "date-on-next-line",
        "photo-in-the-body",
    ],
)
def test_unreadable_text_is_refused_with_file_and_line_and_writes_nothing(
    db, tmp_path, text, line, reason
):
    path = write(tmp_path, text)

    with pytest.raises(CommandError) as refused:
        run(path)

    message = str(refused.value)
    assert message.startswith(f"{path}: line {line}: ")
    assert reason in message
    assert nothing_written()


def test_several_files_go_on_past_a_refused_one_and_exit_non_zero(db, tmp_path):
    good = write(tmp_path, story(), "buena.txt")
    bad = write(tmp_path, "", "vacia.txt")
    other = write(tmp_path, story().replace("Titular", "Otro titular"), "otra.txt")

    out, err = StringIO(), StringIO()
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("import_article", good, bad, other, stdout=out, stderr=err)

    assert str(refused.value) == (
        f"1 of 3 files refused: {bad}: line 1: the file is empty: there is no headline"
    )
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"created {good}: 'Titular de prueba' (draft)")
    assert lines[1] == f"refused {bad}: line 1: the file is empty: there is no headline"
    assert lines[2].startswith(f"created {other}: 'Otro titular de prueba'")
    assert lines[-1] == "3 files: 2 created, 0 updated, 0 unchanged, 1 refused"
    assert "import: 100%" in err.getvalue()  # the progress bar
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Otro titular de prueba",
        "Titular de prueba",
    ]
