"""Read replicas (newsroom/replicas.py), tested with a second database alias
that points at the same test database: the router's choices show in which
connection runs each query. The data is committed (transactional tests),
since a second connection cannot see the first one's open transaction."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, router
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.renders.jobs import render_and_store
from newsroom.replicas import PrimaryAfterWriteMiddleware
from tests import factories
from tests.factories import EDITOR_PERMISSIONS, token_client, user_with

ROOT = Path(__file__).resolve().parent.parent
REPLICA = "replica1"

# Registered when the module is imported, before the test database is set up,
# as settings do for DATABASE_REPLICA_URLS: an alias that mirrors the primary
# (so the test run points it at the primary's test database).
_primary = connections.settings["default"]
connections.settings.setdefault(
    REPLICA, {**_primary, "TEST": {**_primary["TEST"], "MIRROR": "default"}}
)

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture
def replica(settings):
    """The router, sending reads to the replica alias."""
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
    settings.PAGE_CACHE = False  # every request renders, so every read shows
    yield REPLICA
    connections[REPLICA].close()


TRANSACTION_CONTROL = re.compile(r"(BEGIN|COMMIT|ROLLBACK|(RELEASE )?SAVEPOINT)\b")


class Queries:
    """The queries each alias ran while the block was open."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections[REPLICA])
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc_info):
        self.replica.__exit__(*exc_info)
        self.primary.__exit__(*exc_info)

    @property
    def on_primary(self):
        """Queries on the primary, less the throttle's bookkeeping in the
        database cache (and the transaction around its write), which belongs
        there."""
        table = settings.CACHES["throttles"]["LOCATION"]
        return len(
            [
                q
                for q in self.primary.captured_queries
                if table not in q["sql"] and not TRANSACTION_CONTROL.match(q["sql"])
            ]
        )

    @property
    def bookkeeping(self):
        table = settings.CACHES["throttles"]["LOCATION"]
        return [q["sql"] for q in self.replica.captured_queries if table in q["sql"]]

    @property
    def on_replica(self):
        return len(self.replica.captured_queries)


@pytest.fixture
def article(db):
    return factories.make_article(slug="en-la-replica", headline="Leída en réplica")


def test_anonymous_pages_and_api_reads_come_from_the_replica(client, replica, article):
    # Stored renders made, as a worker would have: a page without one asks
    # for it by writing a job on the primary.
    render_and_store(article.pk)
    for url in [
        "/",
        article.get_absolute_url(),
        "/api/v1/articles/",
        reverse("api:article-detail", kwargs={"slug": article.slug}),
    ]:
        with Queries() as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert queries.on_replica > 0, url
        assert queries.on_primary == 0, url
        assert queries.bookkeeping == [], url
    assert "Leída en réplica" in client.get("/").content.decode()


def test_reads_after_a_write_in_the_same_request_stay_on_the_primary(replica, article):
    seen = []

    def view(request):
        seen.append(router.db_for_read(Article))
        headline = Article.objects.get(pk=article.pk).headline
        Article.objects.filter(pk=article.pk).update(headline=headline + "!")
        seen.append(router.db_for_read(Article))
        seen.append(Article.objects.get(pk=article.pk).headline)
        return HttpResponse()

    middleware = PrimaryAfterWriteMiddleware(view)
    with Queries() as queries:
        middleware(RequestFactory().get("/"))
    assert seen == [REPLICA, "default", "Leída en réplica!"]
    assert queries.on_replica == 1
    assert queries.on_primary == 2

    # The next request starts afresh, on the replica.
    seen.clear()
    middleware(RequestFactory().get("/"))
    assert seen[0] == REPLICA


def test_api_writes_and_their_reads_run_on_the_primary(replica, article):
    editor = token_client(user_with("editora", *EDITOR_PERMISSIONS))
    detail = reverse("api:article-detail", kwargs={"slug": article.slug})

    with Queries() as queries:
        response = editor.patch(detail, {"headline": "Escrita en el primario"})

    assert response.status_code == 200
    assert response.json()["headline"] == "Escrita en el primario"
    assert queries.on_replica == 0
    assert queries.on_primary > 0


def test_editors_with_a_session_read_from_the_primary(client, replica, article):
    user = user_with("jefa")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)

    with Queries() as queries:
        response = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 200
    assert queries.on_replica == 0


def test_migrations_run_on_the_primary_only(replica):
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate(REPLICA, "articles") is False


def test_pages_rendered_just_after_a_change_are_kept_only_a_replica_lag(
    client, replica, settings, article
):
    settings.PAGE_CACHE = True
    settings.DATABASE_REPLICA_LAG = 5

    response = client.get("/")

    assert response["X-Page-Cache"] == "miss"
    assert "s-maxage=5" in response["Cache-Control"]
    assert "max-age=5" in response["Cache-Control"]


def test_settings_add_one_alias_per_replica_url():
    code = (
        "import json; from django.conf import settings as s;"
        "print(json.dumps({alias: [db['HOST'], db['NAME'], db['TEST']]"
        " for alias, db in s.DATABASES.items()}"
        " | {'routers': s.DATABASE_ROUTERS, 'replicas': s.DATABASE_REPLICAS}))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://root@primary.example/newsroom",
        "DATABASE_REPLICA_URLS": (
            "postgres://root@replica-a.example/newsroom,"
            " postgres://root@replica-b.example/newsroom"
        ),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    databases = json.loads(result.stdout)
    assert databases["default"][:2] == ["primary.example", "newsroom"]
    assert databases["replica1"][:2] == ["replica-a.example", "newsroom"]
    assert databases["replica1"][2]["MIRROR"] == "default"
    assert databases["replica2"][0] == "replica-b.example"
    assert databases["routers"] == ["newsroom.replicas.ReplicaRouter"]
    assert databases["replicas"] == ["replica1", "replica2"]
