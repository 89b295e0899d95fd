"""EXPLAIN ANALYZE of the heaviest query of each benchmarked URL.

    DATABASE_URL=postgres://root@127.0.0.1/newsroom_bench_100k \\
        .venv/bin/python -m benchmarks.explain [--output test-artifacts/explain.md]

Requests every URL of ``python -m benchmarks`` once through Django's test
client (page cache off), re-runs each query it made under ``EXPLAIN (ANALYZE,
BUFFERS)`` and prints, per URL, the plan of the query that took longest.
"""

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["PAGE_CACHE"] = "0"
os.environ.setdefault("API_ANON_RATE", "1000000/minute")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from benchmarks.__main__ import FLOOR, URLS  # noqa: E402


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    total = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
    return total, plan


def heaviest(client, path):
    client.get(path)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200, (path, response.status_code)
    plans = [
        (*explain(query["sql"]), query["sql"])
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith("SELECT")
    ]
    return len(queries), max(plans, default=(0, "", ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="test-artifacts/explain.md")
    args = parser.parse_args()
    client = Client(headers={"X-Forwarded-Proto": "https"})
    lines = []
    for name, path in URLS.items():
        if name == FLOOR:
            continue
        count, (total, plan, sql) = heaviest(client, path)
        lines += [
            f"#### {name}: `{path}`",
            "",
            f"{count} queries; the heaviest ran in {total:.2f} ms:",
            "",
            "```sql",
            sql if len(sql) < 1500 else sql[:1500] + " …",
            "```",
            "",
            "```",
            plan,
            "```",
            "",
        ]
        print(f"{name:<20} {count} queries, heaviest {total:.2f} ms", flush=True)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text("\n".join(lines))


if __name__ == "__main__":
    main()
