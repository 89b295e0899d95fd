"""Backups of the whole database, and restores into an empty one.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore``, the tools every
PostgreSQL operator knows; the dump is taken from one snapshot while the
newsroom keeps working, and holds the schema, the search configuration and
every table, history included. SQLite: ``VACUUM INTO``, a copy of the
database file taken from one consistent read.

Both are exact: ids, times to the microsecond and history rows that point at
deleted rows come back as they were. (``dumpdata`` would round times to the
millisecond, and with natural keys it cannot write history rows whose
article, author or entity has since been deleted.)

A restore never writes over anything: it goes into a database without tables,
and a backup never replaces an existing file."""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from articles.seeding.bulk import analyze

POSTGRESQL_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
SUFFIXES = {"postgresql": ".pgdump", "sqlite": ".sqlite3"}


class BackupError(Exception):
    """What went wrong, in words an operator can act on."""


def default_path():
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "backups" / f"newsroom-{stamp}{suffix()}"


def suffix():
    if connection.vendor not in SUFFIXES:
        raise BackupError(
            f"Backups work on PostgreSQL and SQLite, not on {connection.vendor}."
        )
    return SUFFIXES[connection.vendor]


def back_up(path):
    """Writes the database to ``path`` (a new file) and returns its size.

    The file appears only once complete: a failed backup leaves no file that
    looks like a backup."""
    path = Path(path)
    suffix()
    if path.exists():
        raise BackupError(f"{path} already exists; a backup never replaces a file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        if connection.vendor == "postgresql":
            run_postgresql_tool(
                "pg_dump",
                [
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={partial}",
                ],
            )
        else:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(partial)])
            check_sqlite_file(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path.stat().st_size


def restore(path):
    """Restores the backup at ``path`` into the configured database, which
    must have no tables yet."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file.")
    kind = backup_kind(path)
    if kind != connection.vendor:
        raise BackupError(
            f"{path} is a {kind} backup, but the database configured "
            f"(DATABASE_URL) is {connection.vendor}."
        )
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} already has "
            f"{len(tables)} tables. Restore only into an empty database: create "
            "a new one and point DATABASE_URL at it; nothing was changed."
        )
    if kind == "postgresql":
        run_postgresql_tool(
            "pg_restore",
            [
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                str(path),
            ],
        )
    else:
        check_sqlite_file(path)
        connection.ensure_connection()
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
            source.backup(connection.connection)
        source.close()
    # Neither pg_restore nor a copy without statistics leaves the planner
    # anything to go on.
    analyze()


def backup_kind(path):
    with open(path, "rb") as backup:
        start = backup.read(len(SQLITE_MAGIC))
    if start.startswith(POSTGRESQL_MAGIC):
        return "postgresql"
    if start == SQLITE_MAGIC:
        return "sqlite"
    raise BackupError(
        f"{path} is neither a PostgreSQL custom-format dump nor a SQLite "
        "database: not a Newsroom backup."
    )


def check_sqlite_file(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as database:
        (result,) = database.execute("PRAGMA quick_check").fetchone()
    database.close()
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")


def run_postgresql_tool(program, arguments):
    """Runs pg_dump or pg_restore against the configured database, with the
    password in the environment rather than on the command line."""
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} is not installed (Debian: apt-get install postgresql-client)."
        )
    database = connection.settings_dict
    options = database.get("OPTIONS", {})
    command = [program, *arguments, f"--dbname={database['NAME']}"]
    for flag, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]:
        if database.get(key):
            command.append(f"{flag}={database[key]}")
    env = {**os.environ, "PGCONNECT_TIMEOUT": str(options.get("connect_timeout", 10))}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    for option, variable in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
    ]:
        if option in options:
            env[variable] = str(options[option])
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")
