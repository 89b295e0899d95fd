"""The admin's Import page, and malformed files through both doors (the page
and ``manage.py import_article``)."""

import io
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from PIL import Image

from articles.importing import MAX_BYTES
from articles.models import Article, Author, Entity, Photo, Section
from tests.editorial import desk_login
from tests.factories import SEED_SOURCE, desk_user, make_section, user_with

IMPORT_URL = "/admin/articles/article/import/"
EXAMPLES = settings.BASE_DIR / "articles" / "standards" / "ninjs" / "examples"
COMPLEX = EXAMPLES / "3.1_005_complex_text_article.json"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buffer, "PNG")
    return buffer.getvalue()


MALFORMED = {
    "truncated-json": (
        "item.json",
        COMPLEX.read_bytes()[:700],
        "line 30: not valid JSON (Expecting value, column 20)",
    ),
    "text-without-headline": (
        "nota.txt",
        b"\n\nAutor: Ana\nActualizada:\nCompartir:\nTexto.",
        "line 3: there is no headline: the text starts with 'Autor: Ana'",
    ),
    "date-not-a-date": (
        "nota.txt",
        b"Titular\nSumario\nAutor:\nActualizada: el lunes pasado\nCompartir:\nTexto.",
        "line 4: 'el lunes pasado' is not a date (e.g. '14 dic 2025 - 10:42')",
    ),
    "20-megabytes": (
        "grande.txt",
        b"Titular\n" + b"a" * (20 * 1024 * 1024),
        f"bytes; the limit is {MAX_BYTES} bytes",
    ),
    "binary-image": (
        "foto.txt",
        png_bytes(),
        "line 1: this is not UTF-8 text (a binary file?)",
    ),
    "binary-with-nul": (
        "datos.bin",
        b"Titular\nSumario\n\x00\x01\x02\x03",
        "line 3: this is not text: it contains control characters (a binary file?)",
    ),
}


def nothing_written():
    return [
        model.objects.count() for model in (Article, Author, Entity, Photo, Section)
    ] == [0, 0, 0, 0, 0]


def staff_with(client, *codenames):
    return desk_login(client, user_with("mesa", *codenames, is_staff=True))


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_changelist_links_to_the_import_page(editor_client):
    response = editor_client.get(reverse("admin:articles_article_changelist"))

    assert f'href="{IMPORT_URL}"' in response.content.decode()


def test_import_page_shows_the_form(editor_client):
    response = editor_client.get(IMPORT_URL)

    assert response.status_code == 200
    assert response.context["title"] == "Import articles"
    assert list(response.context["form"].fields) == [
        "files",
        "section",
        "publish",
        "link_entities",
        "dry_run",
    ]


def test_uploading_the_seed_text_and_a_ninjs_item_makes_two_drafts(editor_client):
    section = make_section("mundo", "Mundo")
    response = editor_client.post(
        IMPORT_URL,
        {
            "files": [
                upload("seed.txt", SEED_SOURCE.read_bytes()),
                upload("item.json", COMPLEX.read_bytes()),
            ],
            "section": section.pk,
        },
    )

    assert response.status_code == 200
    assert str(response.context["summary"]) == (
        "2 files: 2 created, 0 updated, 0 unchanged, 0 refused"
    )
    seed = Article.objects.get(source_system="text")
    item = Article.objects.get(source_system="ninjs")
    assert seed.lead_photo.credit_line == "Freddy Rodríguez / Ejército del Perú"
    assert item.bylines.count() == 2
    assert {seed.status, item.status} == {Article.Status.DRAFT}
    assert {seed.section, item.section} == {section}
    page = response.content.decode()
    assert reverse("admin:articles_article_change", args=[seed.pk]) in page


def test_uploading_again_updates_nothing_and_says_unchanged(editor_client):
    data = {"files": [upload("seed.txt", SEED_SOURCE.read_bytes())]}
    editor_client.post(IMPORT_URL, data)

    data = {"files": [upload("seed.txt", SEED_SOURCE.read_bytes())], "publish": "on"}
    response = editor_client.post(IMPORT_URL, data)

    assert [result.action for result in response.context["summary"].results] == [
        "updated"
    ]
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_preview_writes_nothing(editor_client):
    response = editor_client.post(
        IMPORT_URL,
        {"files": [upload("item.json", COMPLEX.read_bytes())], "dry_run": "on"},
    )

    assert response.status_code == 200
    assert "Preview: nothing was written" in response.content.decode()
    [result] = response.context["summary"].results
    assert result.action == "created"
    assert "new entity: Francesco Schettino (person)" in result.outcome.changes
    assert nothing_written()


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_upload_is_a_form_error_naming_the_file(editor_client, case):
    name, data, reason = MALFORMED[case]

    response = editor_client.post(IMPORT_URL, {"files": [upload(name, data)]})

    assert response.status_code == 200
    [error] = response.context["form"].errors["files"]
    assert error.startswith(f"{name} refused: ")
    assert reason in error
    assert nothing_written()


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_file_through_the_command_exits_with_file_and_reason(
    db, tmp_path, case
):
    name, data, reason = MALFORMED[case]
    path = tmp_path / name
    path.write_bytes(data)

    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("import_article", str(path), stdout=StringIO(), stderr=StringIO())

    assert str(refused.value).startswith(f"{path}: ")
    assert reason in str(refused.value)
    assert nothing_written()


def test_a_refused_file_does_not_stop_the_others(editor_client):
    name, data, _reason = MALFORMED["binary-image"]
    response = editor_client.post(
        IMPORT_URL,
        {"files": [upload(name, data), upload("seed.txt", SEED_SOURCE.read_bytes())]},
    )

    assert str(response.context["summary"]) == (
        "2 files: 1 created, 0 updated, 0 unchanged, 1 refused"
    )
    assert Article.objects.count() == 1


def test_without_files_the_form_asks_for_them(editor_client):
    response = editor_client.post(IMPORT_URL, {})

    assert response.context["form"].errors["files"] == ["This field is required."]


def test_staff_without_add_permission_cannot_import(client, db):
    staff_with(client, "view_article", "change_article")

    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(
        IMPORT_URL, {"files": [upload("seed.txt", SEED_SOURCE.read_bytes())]}
    )
    assert response.status_code == 403
    assert Article.objects.count() == 0


def test_add_permission_creates_but_does_not_overwrite(client, db):
    staff_with(client, "view_article", "add_article")
    data = {"files": [upload("seed.txt", SEED_SOURCE.read_bytes())]}
    assert client.post(IMPORT_URL, data).context["summary"].count("created") == 1

    data = {"files": [upload("seed.txt", SEED_SOURCE.read_bytes())]}
    response = client.post(IMPORT_URL, data)

    [error] = response.context["form"].errors["files"]
    assert "you may not change that article" in error
    assert Article.objects.get().status == Article.Status.DRAFT


def reporter(client, username="reportera"):
    user = desk_user(username, "Reporter")
    desk_login(client, user)
    return user


def test_a_reporter_imports_drafts_of_their_own_but_cannot_publish(client, db):
    user = reporter(client)
    data = {"files": [upload("seed.txt", SEED_SOURCE.read_bytes())], "publish": "on"}

    response = client.post(IMPORT_URL, data)

    assert response.context["form"].errors["publish"] == ["Only an editor can publish."]
    assert not Article.objects.exists()

    data = {"files": [upload("seed.txt", SEED_SOURCE.read_bytes())]}
    assert client.post(IMPORT_URL, data).context["summary"].count("created") == 1
    article = Article.objects.get()
    assert (article.status, article.created_by) == (Article.Status.DRAFT, user)


def test_a_reporter_cannot_overwrite_someone_elses_article_by_reimporting(client, db):
    call_command("import_article", str(SEED_SOURCE), "--publish", stdout=StringIO())
    reporter(client)

    data = {"files": [upload("seed.txt", SEED_SOURCE.read_bytes())]}
    response = client.post(IMPORT_URL, data)

    [error] = response.context["form"].errors["files"]
    assert "you may not change that article" in error
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
