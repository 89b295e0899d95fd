"""`manage.py backup` and `manage.py restore` (`make backup`, `make restore`):
a restore into an empty database brings back every row of every table,
history included, on the engine the suite runs on (SQLite in `make test`,
PostgreSQL in the second half of `.ci/run`)."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token

from articles.models import Article, Author, Byline
from tests.factories import (
    add_byline,
    add_update,
    load_seed_story,
    make_article,
    make_author,
    make_photo,
)
from tests.fingerprint import fingerprint

BASE_DIR = Path(settings.BASE_DIR)


def build_newsroom():
    """The seed story (photo with its credit, 41 entities) and a day's work:
    bylines, a correction, edits, a deleted article and a deleted author."""
    seed = load_seed_story()
    ana, luis = make_author("ana-perez"), make_author("luis-soto")
    photo = make_photo(caption="Cancillería, Lima", creator="Ana Pérez")
    article = make_article(
        slug="cumbre",
        section=seed.section,
        lead_photo=photo,
        body="<p>Los cancilleres se reunieron el martes.</p><p>Ñandú, «comillas».</p>",
    )
    add_byline(article, ana)
    add_byline(article, luis, order=1, role=Byline.Role.PHOTOGRAPHER)
    add_update(
        article,
        "Una versión anterior decía lunes.",
        published_at=timezone.now() - timedelta(minutes=5),
    )
    article.headline = "Cumbre de cancilleres en Lima"
    article.save()
    seed.related.add(article)
    gone = make_article(slug="borrador-descartado", status=Article.Status.DRAFT)
    add_byline(gone, make_author("colaborador-temporal"))
    gone.delete()
    Author.objects.get(slug="colaborador-temporal").delete()
    editor = get_user_model().objects.create_user("jefa", password="clave-larga-1")
    Token.objects.create(user=editor)


def run(*arguments, database_url):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "PYTHONPATH": str(BASE_DIR),
    }
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def empty_database(tmp_path):
    """A new database without tables, on the engine the suite runs on: a
    SQLite file, or on PostgreSQL `<test database>_restored`."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    database = connection.settings_dict
    name = f"{database['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(database["USER"] or "")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"])
    yield (
        f"postgres://{credentials}@{database['HOST'] or 'localhost'}:"
        f"{database['PORT'] or 5432}/{name}"
    )
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_brings_back_every_row(tmp_path, empty_database):
    build_newsroom()
    backup = tmp_path / "newsroom.backup"
    call_command("backup", str(backup), verbosity=0)
    original = fingerprint()

    restored = run("manage.py", "restore", str(backup), database_url=empty_database)
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    measured = run("tests/fingerprint.py", database_url=empty_database)
    assert measured.returncode == 0, measured.stderr
    copy = json.loads(measured.stdout)

    assert copy == original
    rows = {table: value["rows"] for table, value in copy["tables"].items()}
    assert rows["articles_article"] == 2
    assert rows["articles_photo"] == 2
    assert rows["articles_byline"] == 2
    assert rows["articles_articleentity"] == 41
    assert rows["articles_articleupdate"] == 1
    assert rows["articles_article_related"] == 1
    assert rows["authtoken_token"] == 1
    # History, deleted rows included: the seed story's first record (load_demo
    # gives loaded fixtures one), the summit's creation, update time and new
    # headline, the discarded draft's creation and deletion; three
    # authors and one deletion; three bylines and the one deleted with its
    # draft.
    assert rows["articles_historicalarticle"] == 6
    assert rows["articles_historicalauthor"] == 4
    assert rows["articles_historicalbyline"] == 4
    assert analysed_tables(empty_database) >= {
        "articles_article",
        "articles_articleentity",
        "articles_historicalarticle",
    }


ANALYSED = {
    "postgresql": "SELECT relname FROM pg_stat_user_tables "
    "WHERE last_analyze IS NOT NULL",
    "sqlite": "SELECT DISTINCT tbl FROM sqlite_stat1",
}


def analysed_tables(database_url):
    """The tables of the database at ``database_url`` that the planner has
    statistics for (the restore's ANALYZE)."""
    script = (
        "import django, json; django.setup(); "
        "from django.db import connection; c = connection.cursor(); "
        f"c.execute({ANALYSED[connection.vendor]!r}); "
        "print(json.dumps([row[0] for row in c.fetchall()]))"
    )
    answer = run("-c", script, database_url=database_url)
    assert answer.returncode == 0, answer.stderr
    return set(json.loads(answer.stdout))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_has_tables(tmp_path):
    make_article(slug="nota")
    backup = tmp_path / "newsroom.backup"
    call_command("backup", str(backup), verbosity=0)

    with pytest.raises(CommandError, match="already has .* tables. Restore only"):
        call_command("restore", str(backup))

    assert list(Article.objects.values_list("slug", flat=True)) == ["nota"]


@pytest.mark.django_db
def test_backup_never_replaces_an_existing_file(tmp_path):
    backup = tmp_path / "yesterday.backup"
    backup.write_bytes(b"yesterday's backup")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(backup))

    assert backup.read_bytes() == b"yesterday's backup"
    assert [path.name for path in tmp_path.iterdir()] == ["yesterday.backup"]


@pytest.mark.django_db
def test_restore_names_a_missing_or_foreign_file(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup")

    with pytest.raises(CommandError, match="missing.backup: no such backup file"):
        call_command("restore", str(tmp_path / "missing.backup"))
    with pytest.raises(CommandError, match="notes.txt is neither"):
        call_command("restore", str(notes))
