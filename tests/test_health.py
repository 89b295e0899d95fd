"""/healthz and what readers and clients get when the database is lost.

Here the database "goes away" inside the process (every query raises what
psycopg raises when the server is gone); tests/test_faults.py stops a real
PostgreSQL under a running gunicorn."""

import json
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.db.backends.utils import CursorWrapper
from django.test import Client

from tests.factories import make_article


@pytest.fixture
def client(db):
    """Answers 500s and 503s as a browser would see them, instead of raising."""
    return Client(raise_request_exception=False)


@contextmanager
def database_lost(exception=None):
    """Every query raises what the driver raises when the server is gone
    (undone before the test database is cleaned up)."""
    exception = exception or OperationalError("server closed the connection")

    def lost(self, *args, **kwargs):
        raise exception

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", lost)
        yield


def test_healthz_answers_200_with_each_check_in_two_queries(
    client, django_assert_num_queries
):
    with django_assert_num_queries(2):  # SELECT 1, the oldest due job
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "queue_age_seconds": 0,
    }
    assert "no-cache" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    assert "Vary" not in response or "Cookie" not in response["Vary"]


def test_healthz_answers_503_when_the_database_is_lost(client):
    with database_lost():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "error",
        "cache": "ok",
        "queue_age_seconds": None,
    }
    assert response["Retry-After"] == "5"


def test_healthz_reports_a_lost_cache_but_stays_in_rotation(client, settings, tmp_path):
    # A file cache whose folder cannot be made: every write fails, as a cache
    # server that is down does.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(blocker / "cache"),
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "error",
        "queue_age_seconds": 0,
    }


def test_healthz_needs_no_https_redirect_and_takes_only_reads(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize(
    "exception",
    [
        OperationalError("connection refused"),
        InterfaceError("connection already closed"),
    ],
    ids=["operational", "interface"],
)
def test_api_answers_json_503_when_the_database_is_lost(client, exception):
    with database_lost(exception):
        response = client.get("/api/v1/articles/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "La base de datos no responde. Inténtelo de nuevo en unos segundos."
    }
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]


def test_pages_and_admin_answer_a_short_503_when_the_database_is_lost(client, db):
    article = make_article(slug="nota")
    editor = get_user_model().objects.create_superuser("jefa", "j@example.org", "x")
    client.force_login(editor)
    with database_lost(OperationalError("the database system is shutting down")):
        for url in [article.get_absolute_url(), "/", "/admin/articles/article/"]:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

            assert response.status_code == 503, url
            assert response["Content-Type"] == "text/plain; charset=utf-8"
            assert response.content.decode() == (
                "The database is not answering. Try again in a few seconds."
            )
            assert response["Retry-After"] == "5"


def test_a_bug_is_still_a_500_and_the_api_says_so_in_json(client):
    with database_lost(ProgrammingError('column "titular" does not exist')):
        api = client.get("/api/v1/articles/")
        page = client.get("/")

    assert api.status_code == 500
    assert json.loads(api.content) == {
        "detail": "Se ha producido un error en el servidor."
    }
    assert page.status_code == 500
    assert "Algo salió mal" in page.content.decode()
