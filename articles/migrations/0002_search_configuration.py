"""Accent-insensitive Spanish full-text search on PostgreSQL.

Creates the unaccent extension, the ``newsroom_es`` text search configuration
(Spanish stemming after unaccent) and a GIN index on the very expression that
``ArticleQuerySet.search()`` builds, so that PostgreSQL can use it. A no-op on
other databases.
"""

from django.db import migrations

FORWARD_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_es",
    "CREATE TEXT SEARCH CONFIGURATION newsroom_es (COPY = pg_catalog.spanish)",
    "ALTER TEXT SEARCH CONFIGURATION newsroom_es "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem",
    "CREATE INDEX article_search_idx ON articles_article USING GIN (("
    "(setweight(to_tsvector('newsroom_es'::regconfig, COALESCE(headline, '')), 'A')"
    " || setweight(to_tsvector('newsroom_es'::regconfig, COALESCE(dek, '')), 'B'))"
    " || setweight(to_tsvector('newsroom_es'::regconfig, COALESCE(body, '')), 'C')"
    "))",
]
REVERSE_SQL = [
    "DROP INDEX IF EXISTS article_search_idx",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_es",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD_SQL:
        schema_editor.execute(statement)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in REVERSE_SQL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(forward, reverse)]
