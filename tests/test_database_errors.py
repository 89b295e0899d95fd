"""Only an outage is a 503: input that can never be saved is a 400 naming the
field, and a lock wait that timed out is a 409 to be tried again."""

import itertools
import sqlite3
import string

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection

from articles.models import Article
from articles.models.article import BODY_MAX_LENGTH, DEK_MAX_LENGTH
from tests.editorial import api_url, change_url, desk_login, form_data
from tests.factories import make_article

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the search document (a tsvector) exists on PostgreSQL only",
)


def distinct_words(characters):
    """``characters`` of text in which no word repeats: the largest search
    document for its length."""
    words = (
        "".join(letters)
        for letters in itertools.product(string.ascii_lowercase, repeat=5)
    )
    text = " ".join(itertools.islice(words, characters // 6 + 1))
    return text[:characters]


@pytest.fixture
def draft(db):
    return make_article(slug="borrador", status=Article.Status.DRAFT, body="<p>x</p>")


def test_a_body_too_long_to_index_is_refused_by_the_api_naming_the_field(editor, draft):
    response = editor.patch(
        api_url(draft), {"body": distinct_words(1_400_000)}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "body": [
            "Asegúrese de que este valor tenga menos de 150000 caracteres "
            "(tiene 1400000)."
        ]
    }
    draft.refresh_from_db()
    assert draft.body == "<p>x</p>"


def test_a_dek_beyond_its_limit_is_refused_naming_the_field(editor, draft):
    response = editor.patch(
        api_url(draft), {"dek": "a" * (DEK_MAX_LENGTH + 1)}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["dek"]


def test_the_admin_form_refuses_a_body_beyond_the_limit(client, draft):
    from tests.factories import desk_user

    editor_admin = desk_login(client, desk_user("jefa", "Editor"))
    page = editor_admin.get(change_url(draft))
    data = form_data(page, body="a" * (BODY_MAX_LENGTH + 1))

    response = editor_admin.post(change_url(draft), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == [
        "Ensure this value has at most 150000 characters (it has 150001)."
    ]
    draft.refresh_from_db()
    assert draft.body == "<p>x</p>"


def test_the_api_schema_states_the_body_limit(db):
    from django.test import Client

    schema = Client().get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en").json()
    fields = schema["components"]["schemas"]["ArticleWriteRequest"]["properties"]
    assert fields["body"]["maxLength"] == BODY_MAX_LENGTH
    assert "150,000 characters" in fields["body"]["description"]
    assert fields["dek"]["maxLength"] == DEK_MAX_LENGTH


@on_postgresql
def test_a_body_at_the_limit_of_distinct_words_is_saved_and_found(editor, draft):
    body = distinct_words(BODY_MAX_LENGTH)

    response = editor.patch(api_url(draft), {"body": body}, format="json")

    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.body.split() == body.split()


def raising(error):
    def save(*args, **kwargs):
        raise error

    return save


def wrapped(django_error, cause):
    """As Django raises it: its own class, the driver's error as the cause."""
    error = django_error(str(cause))
    error.__cause__ = cause
    return error


def sqlite_error(code, message):
    cause = sqlite3.OperationalError(message)
    cause.sqlite_errorcode = code
    return cause


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (wrapped(OperationalError, sqlite_error(5, "database is locked")), 409),
        (wrapped(OperationalError, sqlite_error(6, "table is locked")), 409),
        (wrapped(OperationalError, psycopg.errors.LockNotAvailable("lock")), 409),
        (wrapped(OperationalError, psycopg.errors.DeadlockDetected("dead")), 409),
        (wrapped(OperationalError, sqlite_error(14, "unable to open")), 503),
        (wrapped(OperationalError, psycopg.OperationalError("refused")), 503),
        (wrapped(OperationalError, psycopg.errors.AdminShutdown("bye")), 503),
        (wrapped(InterfaceError, psycopg.InterfaceError("closed")), 503),
        (
            wrapped(
                OperationalError,
                psycopg.errors.ProgramLimitExceeded("string is too long for tsvector"),
            ),
            500,
        ),
        (wrapped(OperationalError, sqlite_error(1, "no such table: x")), 500),
    ],
    ids=[
        "sqlite-busy",
        "sqlite-locked",
        "pg-lock-timeout",
        "pg-deadlock",
        "sqlite-cannot-open",
        "pg-unreachable",
        "pg-shutdown",
        "connection-closed",
        "pg-program-limit",
        "sqlite-bug",
    ],
)
def test_database_errors_answer_by_what_they_mean(
    editor, draft, monkeypatch, error, status
):
    monkeypatch.setattr(Article, "save", raising(error))
    editor.raise_request_exception = False

    response = editor.patch(api_url(draft), {"headline": "Nuevo"}, format="json")

    assert response.status_code == status
    assert ("Retry-After" in response) is (status == 503)
    assert "Traceback" not in response.content.decode()
