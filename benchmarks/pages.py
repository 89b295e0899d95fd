"""Time the public pages with Django's test client, on a throwaway database.

    .venv/bin/python benchmarks/pages.py [--requests 100] [--articles 60]
    DATABASE_URL=postgres://root@127.0.0.1/newsroom_site \
        .venv/bin/python benchmarks/pages.py

Creates a test database (test_<name>), loads the seed story plus ``--articles``
published articles with bylines and entities, then reports, per page, the
queries one request runs and the median and 95th percentile time of
``--requests`` requests (after a warm-up). The pages are timed in turns, one
request each per round, so that a noisy neighbour slows them all alike; the
last column is each page's median as a multiple of ``/robots.txt`` (a view
that touches no database) measured in the same rounds. The database is dropped
at the end.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("API_ANON_RATE", "1000000/minute")  # time work, not 429s

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402

BASELINE = "robots.txt"
PAGES = {
    BASELINE: "/robots.txt",
    "article": "/articulos/peru-aliado-extra-otan/",
    "home": "/",
    "section": "/secciones/internacional/",
    "entity": "/temas/peru/",
    "search": "/buscar/?q=aliado",
    "feed (rss)": "/feeds/rss/",
    "sitemap": "/sitemap.xml",
    "api list": "/api/v1/articles/",
    "api detail": "/api/v1/articles/peru-aliado-extra-otan/",
    "api ninjs": "/api/v1/articles/peru-aliado-extra-otan/?format=ninjs",
}


def build_data(extra_articles):
    from articles.models import Article, ArticleEntity, Author, Byline, Entity

    call_command("load_demo", verbosity=0)
    seed = Article.objects.get(slug="peru-aliado-extra-otan")
    entities = [
        Entity.objects.get(slug="peru"),
        *Entity.objects.exclude(slug="peru")[:9],
    ]
    for number in range(extra_articles):
        article = Article.objects.create(
            slug=f"bench-{number}",
            headline=f"Otro aliado {number}",
            dek="Una entradilla de prueba.",
            body="<p>Texto de prueba.</p>" * 8,
            section=seed.section,
            lead_photo=seed.lead_photo,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=number + 1),
        )
        author = Author.objects.create(name=f"Autora {number}", slug=f"autora-{number}")
        Byline.objects.create(article=article, author=author)
        for order, entity in enumerate(entities):
            ArticleEntity.objects.create(article=article, entity=entity, order=order)


def count_queries(client, url):
    for _ in range(3):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def measure(client, pages, requests):
    """Time every page once per round; return {name: sorted timings in ms}."""
    timings = {name: [] for name in pages}
    for _ in range(requests):
        for name, url in pages.items():
            start = time.perf_counter()
            client.get(url)
            timings[name].append((time.perf_counter() - start) * 1000)
    return {name: sorted(values) for name, values in timings.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args()

    setup_test_environment()
    # Keep one connection, as a production server with CONN_MAX_AGE does, so
    # that the queries of a request can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        build_data(args.articles)
        client = Client()
        queries = {name: count_queries(client, url) for name, url in PAGES.items()}
        timings = measure(client, PAGES, args.requests)
        baseline = statistics.median(timings[BASELINE])
        print(f"{connection.vendor}, {args.requests} requests per page")
        print(
            f"{'page':<12} {'queries':>7} {'median ms':>10} {'p95 ms':>8} "
            f"{'x robots':>9}"
        )
        for name, values in timings.items():
            median = statistics.median(values)
            p95 = values[max(0, int(len(values) * 0.95) - 1)]
            print(
                f"{name:<12} {queries[name]:>7} {median:>10.2f} {p95:>8.2f} "
                f"{median / baseline:>9.1f}"
            )
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
