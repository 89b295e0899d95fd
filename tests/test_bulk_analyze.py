"""Every bulk load ends with ANALYZE of the tables it wrote: until then the
planner takes a freshly filled table for an empty one (pages five times
slower after seed_demo, until autovacuum came round)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from tests.test_import_text import BODY, HEADER

ARCHIVE_TABLES = [
    "articles_section",
    "articles_entity",
    "articles_author",
    "articles_photo",
    "articles_article",
    "articles_byline",
    "articles_articleentity",
    "articles_articleupdate",
]


def statistics(tables):
    """What the planner has been told of each table: on PostgreSQL how many
    times it was analysed, on SQLite the row count ANALYZE stored (None:
    never analysed)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT relname, analyze_count FROM pg_stat_user_tables "
                "WHERE relname = ANY(%s)",
                [tables],
            )
            return dict(cursor.fetchall())
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return dict.fromkeys(tables)
        counts = {}
        for table in tables:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            row = cursor.fetchone()
            counts[table] = int(row[0].split()[0]) if row else None
        return counts


def analysed_since(before, tables):
    """The statistics each table should have after one more ANALYZE."""
    if connection.vendor == "postgresql":
        return {table: before[table] + 1 for table in tables}
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts


def test_seed_demo_ends_with_analyze_of_every_table_it_wrote(db):
    before = statistics(ARCHIVE_TABLES)

    call_command("seed_demo", articles=37, seed=3, quiet=True)

    assert Article.objects.count() == 37
    assert statistics(ARCHIVE_TABLES) == analysed_since(before, ARCHIVE_TABLES)


def import_files(tmp_path, count, *options):
    paths = []
    for number in range(count):
        path = tmp_path / f"nota-{number}.txt"
        header = HEADER.replace("Titular de prueba", f"Titular número {number}")
        path.write_text(header + "Autor: Ana Pérez\nActualizada:\n" + BODY)
        paths.append(str(path))
    call_command(
        "import_article", *paths, *options, stdout=StringIO(), stderr=StringIO()
    )


def test_an_import_of_many_files_ends_with_analyze_of_what_it_wrote(db, tmp_path):
    tables = [*ARCHIVE_TABLES, "articles_historicalarticle"]
    # Text imports carry no updates, nor entities without --link-entities.
    for empty in [
        "articles_articleupdate",
        "articles_entity",
        "articles_articleentity",
    ]:
        tables.remove(empty)
    before = statistics(tables)

    import_files(tmp_path, 3)

    assert Article.objects.count() == 3
    assert statistics(tables) == analysed_since(before, tables)


@pytest.mark.parametrize("count, options", [(1, []), (3, ["--dry-run"])])
def test_one_file_or_a_dry_run_leaves_the_statistics_to_autovacuum(
    db, tmp_path, count, options
):
    before = statistics(ARCHIVE_TABLES)

    import_files(tmp_path, count, *options)

    assert statistics(ARCHIVE_TABLES) == before
