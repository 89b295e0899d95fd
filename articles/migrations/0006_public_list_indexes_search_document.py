"""Flat costs at 100,000 articles (issue 6), on PostgreSQL (a no-op elsewhere).

- Partial indexes on the public articles in newest-first order (the order of
  ``ArticleQuerySet.newest_first()`` and of the API's keyset pages), overall
  and per section: a page of a list reads its rows from the index instead of
  sorting every published article. (SQLite cannot index NULLS LAST; the
  development database does without.)
- ``search_document``: the search vector (headline A, dek B,
  body C, ``newsroom_es``) as a stored generated column with a GIN index. The
  database computes it on every insert and update, whatever the door (save(),
  update(), COPY), so it can never be stale; ranking reads it instead of
  parsing every matching body again. It replaces the expression index of
  0002. The model does not declare the column (other databases have none):
  ``articles.models.article.StoredSearchDocument`` names it in queries.
"""

from django.db import migrations

SEARCH_EXPRESSION = (
    "(setweight(to_tsvector('newsroom_es'::regconfig, COALESCE(headline, '')), 'A')"
    " || setweight(to_tsvector('newsroom_es'::regconfig, COALESCE(dek, '')), 'B'))"
    " || setweight(to_tsvector('newsroom_es'::regconfig, COALESCE(body, '')), 'C')"
)
PUBLIC = "WHERE status IN ('published', 'scheduled')"
FORWARD_SQL = [
    "CREATE INDEX article_public_idx ON articles_article "
    f"(published_at DESC NULLS LAST, id DESC) {PUBLIC}",
    "CREATE INDEX article_public_section_idx ON articles_article "
    f"(section_id, published_at DESC NULLS LAST, id DESC) {PUBLIC}",
    "ALTER TABLE articles_article ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS ({SEARCH_EXPRESSION}) STORED",
    "CREATE INDEX article_search_document_idx ON articles_article "
    "USING GIN (search_document)",
    "DROP INDEX IF EXISTS article_search_idx",
]
REVERSE_SQL = [
    "DROP INDEX article_public_idx",
    "DROP INDEX article_public_section_idx",
    f"CREATE INDEX article_search_idx ON articles_article USING GIN (({SEARCH_EXPRESSION}))",
    "ALTER TABLE articles_article DROP COLUMN search_document",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD_SQL:
            schema_editor.execute(statement)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in REVERSE_SQL:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_article_source")]

    operations = [migrations.RunPython(forward, reverse)]
