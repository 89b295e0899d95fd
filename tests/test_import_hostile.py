"""Hostile files through both import doors (``manage.py import_article`` and
the admin's Import page): worst cases made to the size cap, lists longer than
any story's, numbers no column can hold, and agency items whose text is a
description. Each is refused with its place, or read, in linear work."""

import json
import time
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from articles.importing import MAX_BYTES
from articles.models import Article, Author, Entity, Photo, Section
from tests.factories import make_entity

IMPORT_URL = "/admin/articles/article/import/"


def item(**fields):
    return {
        "uri": "urn:agencia:1",
        "headlines": [{"role": "main", "value": "Titular"}],
        "bodies": [{"contentType": "text/plain", "value": "Texto."}],
        **fields,
    }


def run(tmp_path, content, name="item.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    out = StringIO()
    with translation.override("en"):
        call_command("import_article", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def refusal(tmp_path, content, name="item.json"):
    with pytest.raises(CommandError) as refused:
        run(tmp_path, content, name)
    prefix = f"{tmp_path / name}: "
    assert str(refused.value).startswith(prefix)
    return str(refused.value).removeprefix(prefix)


def nothing_written():
    return [
        model.objects.count() for model in (Article, Author, Entity, Photo, Section)
    ] == [0, 0, 0, 0, 0]


def subjects(count):
    return [{"name": f"Tema {number}"} for number in range(count)]


HOSTILE = {
    "20000-subjects": (
        item(subjects=subjects(20_000)),
        "'subjects' has 20000 entries; at most 500",
    ),
    "entities-over-the-cap-together": (
        item(people=subjects(200), places=subjects(101)),
        "'people', 'organisations', 'places', 'events' and 'subjects' have 301 "
        "entries together; at most 300",
    ),
    "5000-authors": (
        item(by=", ".join(f"Autor {number}" for number in range(5000))),
        "'by' names 5000 authors; at most 30",
    ),
    "associations": (
        item(associations=[{"name": f"a{n}", "type": "picture"} for n in range(101)]),
        "'associations' has 101 entries; at most 100",
    ),
    "a-long-list-anywhere": (
        item(genres=[{"name": "x"}] * 501),
        "'genres' has 501 entries; at most 500",
    ),
    "nested-list": (
        item(extra={"values": list(range(501))}),
        "'extra.values' has 501 entries; at most 500",
    ),
    "5000-digits": (
        '{\n"uri": "urn:x",\n"urgency": ' + "9" * 5000 + "\n}",
        "line 3: a number of 5000 characters; at most 40",
    ),
    "infinite-float": (
        '{\n"uri": "urn:x",\n"headline": "1e999",\n"urgency": 1e999\n}',
        "line 4: '1e999' is too large a number",
    ),
    "negative-infinite-float": (
        '{"uri": "urn:x", "priority": -1e999}',
        "line 1: '-1e999' is too large a number",
    ),
    "no-text": (
        item(bodies=[{"contentType": "application/nitf+xml", "value": "<nitf/>"}]),
        "the item has no text: no HTML or plain-text entry in 'bodies' and no "
        "description with the role 'text'",
    ),
    "markup-that-cleans-to-nothing": (
        item(bodies=[{"contentType": "text/html", "value": "<script>x</script>"}]),
        "the item has no text: no HTML or plain-text entry in 'bodies' and no "
        "description with the role 'text'",
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_ninjs_through_the_command_exits_with_file_and_reason(
    db, tmp_path, case
):
    content, reason = HOSTILE[case]

    assert refusal(tmp_path, content) == reason
    assert nothing_written()


def reporter_client(client):
    user = User.objects.create_user("reportera", is_staff=True)
    user.groups.add(Group.objects.get(name="Reporter"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def editor_client(client):
    user = User.objects.create_user("editora", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.parametrize("login", [reporter_client, editor_client])
@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_ninjs_upload_is_a_form_error_naming_the_file(client, db, login, case):
    content, reason = HOSTILE[case]
    data = content if isinstance(content, str) else json.dumps(content)
    login(client)

    response = client.post(
        IMPORT_URL,
        {"files": [SimpleUploadedFile("item.json", data.encode())], "dry_run": "on"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [f"item.json refused: {reason}"]
    assert [model.objects.count() for model in (Article, Author, Entity, Photo)] == [
        0,
        0,
        0,
        0,
    ]


def test_a_text_byline_of_5000_names_is_refused_on_its_line(db, tmp_path):
    names = ", ".join(f"Autor {number}" for number in range(5000))
    content = f"Titular\nSumario\nAutor: {names}\nActualizada:\nCompartir:\nTexto.\n"

    reason = refusal(tmp_path, content, name="nota.txt")

    assert reason == "line 3: 'Autor:' names 5000 authors; at most 30"
    assert nothing_written()


def body_tags_to_the_cap():
    """The worst case of a backtracking search for <body ...>: the tag's
    start again and again, never closed, to the size cap."""
    count = (MAX_BYTES - 200) // len("<body")
    return item(bodies=[{"contentType": "text/html", "value": "<body" * count}])


def test_a_body_of_unclosed_body_tags_to_the_size_cap_is_read_in_linear_time(
    db, tmp_path
):
    """A regex search for <body[^>]*> takes minutes on this; a linear reader
    takes well under a second. The bound is generous on a loaded machine
    and still far below quadratic work."""
    content = json.dumps(body_tags_to_the_cap())
    assert MAX_BYTES - 1000 < len(content) <= MAX_BYTES

    start = time.perf_counter()
    reason = refusal(tmp_path, content)
    elapsed = time.perf_counter() - start

    assert reason == (
        "the item has no text: no HTML or plain-text entry in 'bodies' and no "
        "description with the role 'text'"
    )
    assert elapsed < 10


@pytest.mark.parametrize(
    ("html", "body"),
    [
        ("<html><head><title>T</title></head><body><p>Uno</p></body></html>", "Uno"),
        ('<BODY class="x"><p>Uno</p></BODY><p>fuera</p>', "Uno"),
        ("<body><p>Uno</p>", "Uno"),
        ("<bodyguard>no</bodyguard><p>Uno</p>", "noUno"),
        ("<p>Uno</p><body", "Uno"),
    ],
    ids=["page", "upper-case", "unclosed", "not-a-body-tag", "unfinished-tag"],
)
def test_an_html_body_is_what_is_inside_its_body_element(db, tmp_path, html, body):
    run(tmp_path, item(bodies=[{"contentType": "text/html", "value": html}]))

    assert Article.objects.get().body.replace("<p>", "").replace("</p>", "") == body


def test_names_at_the_cap_are_looked_up_in_a_few_queries(db, tmp_path):
    """The desk's entities are found in one query per hundred names, not one
    per name (with a full scan of the aliases each time)."""
    for number in range(250):
        make_entity(slug=f"tema-{number}", name=f"Tema {number}", kind="topic")

    with CaptureQueriesContext(connection) as queries:
        run(tmp_path, item(subjects=subjects(250)))

    lookups = [q["sql"] for q in queries if 'FROM "articles_entity"' in q["sql"]]
    assert len(lookups) == 3
    assert Article.objects.get().entity_links.count() == 250
    assert Entity.objects.count() == 250


def test_new_rows_whose_names_share_a_slug_cost_the_same_each(db, tmp_path):
    """Names with no letters a slug can keep all start from 'importada':
    finding the next free number is one query, not one per number taken."""
    names = [
        {"name": "¿" * (number // 2 + 1) + "!" * (number % 2)} for number in range(300)
    ]

    with CaptureQueriesContext(connection) as queries:
        run(tmp_path, item(subjects=names))

    slugs = sorted(Entity.objects.values_list("slug", flat=True))
    assert slugs[:3] == ["importada", "importada-10", "importada-100"]
    assert len(slugs) == 300
    slug_queries = [
        q["sql"]
        for q in queries
        if 'FROM "articles_entity"' in q["sql"] and '"slug"' in q["sql"]
    ]
    assert len(slug_queries) <= 2 * 300


def test_our_own_uri_with_a_malformed_uuid_is_an_agency_item(db, tmp_path):
    authority = settings.NEWSROOM_URI_AUTHORITY
    uri = f"tag:{authority},2025:article:" + "-" * 36

    run(tmp_path, item(uri=uri))

    article = Article.objects.get()
    assert article.source_id == uri
    assert str(article.uuid) != "-" * 36


def test_an_agency_text_description_becomes_the_body_and_its_summary_the_dek(
    db, tmp_path
):
    content = item(
        bodies=[],
        descriptions=[
            {"role": "text", "value": "Primer párrafo.\n\nSegundo <párrafo>."},
            {"role": "summary", "value": "El sumario."},
        ],
    )

    run(tmp_path, content)

    article = Article.objects.get()
    assert article.body == "<p>Primer párrafo.</p>\n<p>Segundo &lt;párrafo&gt;.</p>"
    assert article.dek == "El sumario."


def test_an_html_text_description_is_cleaned_like_an_html_body(db, tmp_path):
    content = item(
        bodies=None,
        descriptions=[
            {
                "role": "text",
                "contentType": "text/html",
                "value": "<p>Uno <script>x</script><em>dos</em></p>",
            }
        ],
    )
    del content["bodies"]

    run(tmp_path, content)

    article = Article.objects.get()
    assert (article.body, article.dek) == ("<p>Uno <em>dos</em></p>", "")


def test_ninjs_1_body_and_description_fields_are_read(db, tmp_path):
    content = item(body_html="<p>El texto.</p>", description_text="El sumario.")
    del content["bodies"]

    run(tmp_path, content)

    article = Article.objects.get()
    assert (article.body, article.dek) == ("<p>El texto.</p>", "El sumario.")
    assert "body_html" not in article.source_metadata
