"""Writing many rows fast: COPY on PostgreSQL, one executemany elsewhere;
and ``analyze`` after every bulk load.

Rows carry their own ids (allocated by ``next_ids``), so that the rows that
point at them can be built before anything is written; ``reset_sequences``
puts the id sequences past them at the end. Rows are written as given: no
``save()``, no signals, no ``auto_now``. The caller fills every derived field
the way ``save()`` would (see ``articles.seeding.generate``).
"""

from django.core.management.color import no_style
from django.db import connection
from django.db.models import JSONField, Max

from articles.models import (
    Article,
    ArticleEntity,
    ArticleUpdate,
    Author,
    Byline,
    Entity,
    Photo,
    Section,
)

# The tables of the archive that seed_demo, imports and load_demo fill.
ARCHIVE = [
    Section,
    Entity,
    Author,
    Photo,
    Article,
    Byline,
    ArticleEntity,
    ArticleUpdate,
]


def next_ids(model, count, start=None):
    """``count`` unused ids for ``model``, after the highest in the table."""
    if start is None:
        start = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    return range(start, start + count)


def write_rows(model, field_names, rows):
    """Insert ``rows`` (tuples in the order of ``field_names``) into ``model``."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            json = [isinstance(field, JSONField) for field in fields]
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(
                        [
                            Jsonb(value) if is_json else value
                            for is_json, value in zip(json, row, strict=True)
                        ]
                    )
            return
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
            [
                [
                    field.get_db_prep_save(value, connection)
                    for field, value in zip(fields, row, strict=True)
                ]
                for row in rows
            ],
        )


def reset_sequences(models):
    """Move the id sequences past the ids written by hand (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def analyze(models=None, with_history=False):
    """Refresh the planner's statistics of the tables of ``models`` (every
    table when None), as every bulk load must at its end: until autovacuum
    gets round to it, the planner takes a table that was just filled for the
    empty one it saw, and picks plans that are many times slower."""
    quote = connection.ops.quote_name
    if models is None:
        tables = [None]
    else:
        tables = [model._meta.db_table for model in models]
        if with_history:
            tables += [
                model.history.model._meta.db_table
                for model in models
                if hasattr(model, "history")
            ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute("ANALYZE" if table is None else f"ANALYZE {quote(table)}")
