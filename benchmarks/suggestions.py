"""Time entity suggestions with many entities, on a throwaway database.

    .venv/bin/python benchmarks/suggestions.py [--entities 10000] [--runs 200]
    DATABASE_URL=postgres://root@127.0.0.1/newsroom_site \
        .venv/bin/python benchmarks/suggestions.py

Creates a test database (test_<name>), loads the seed story and its 41
entities, adds ``--entities`` made-up people, organisations and places (each
with two aliases), then reports:

- the cost of (re)building the matcher after the entity table changes: reading
  the rows, and building the trie, and the memory the trie takes;
- the cost of reading the entity table's fingerprint, which every call does;
- the cost of each ``suggest_entities`` call once built: the seed story, and a
  long article (the seed body ten times over), median and 95th percentile of
  ``--runs`` calls, with the queries each call runs;
- ``fold``ed words per second, to see where the time goes.

The database is dropped at the end.
"""

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)

FIRST = [
    "Ana",
    "Luis",
    "María",
    "José",
    "Carmen",
    "Jorge",
    "Lucía",
    "Pedro",
    "Rosa",
    "Diego",
    "Elena",
    "Raúl",
]
LAST = [
    "Pérez",
    "Gómez",
    "Rodríguez",
    "Soto",
    "Quispe",
    "Mamani",
    "Flores",
    "Castillo",
    "Vargas",
    "Rojas",
    "Chávez",
    "Huamán",
    "Ramos",
    "Torres",
    "Núñez",
    "Salazar",
    "Mendoza",
    "Paredes",
    "Cárdenas",
    "Ortiz",
]
ORG_KINDS = ["Ministerio de", "Banco de", "Universidad de", "Frente de", "Consejo de"]
TOPICS = [
    "Economía",
    "Salud",
    "Minería",
    "Pesca",
    "Energía",
    "Transporte",
    "Cultura",
    "Justicia",
    "Educación",
    "Defensa",
    "Turismo",
    "Agricultura",
    "Comercio",
    "Vivienda",
    "Ambiente",
]
PLACES = [
    "San",
    "Santa",
    "Villa",
    "Puerto",
    "Nueva",
    "Alto",
    "Bajo",
    "Río",
    "Cerro",
    "Valle",
]
NOUNS = [
    "Esperanza",
    "Victoria",
    "Libertad",
    "Rosario",
    "Paz",
    "Unión",
    "Aurora",
    "Progreso",
]


def made_up_entities(count, rng):
    """Distinct names, with two aliases each (an acronym and a short form)."""
    from articles.models import Entity

    seen, entities = set(), []
    while len(entities) < count:
        number = len(entities)
        roll = rng.random()
        if roll < 0.5:
            first, last, second = rng.choice(FIRST), *rng.sample(LAST, 2)
            name = f"{first} {last} {second}"
            aliases = [f"{first[0]}. {last}", f"{last} {second}"]
            kind = Entity.Kind.PERSON
        elif roll < 0.8:
            topic, place = rng.choice(TOPICS), rng.choice(NOUNS)
            name = f"{rng.choice(ORG_KINDS)} {topic} {place} {number}"
            acronym = "".join(word[0] for word in name.split()[:3]).upper()
            aliases = [f"{acronym}{number}", f"{topic} {place} {number}"]
            kind = Entity.Kind.ORGANISATION
        else:
            name = f"{rng.choice(PLACES)} {rng.choice(NOUNS)} {number}"
            aliases = [f"{name} (distrito)", f"Distrito {number}"]
            kind = Entity.Kind.PLACE
        if name in seen:
            continue
        seen.add(name)
        entities.append(
            Entity(
                kind=kind,
                name=name,
                slug=f"bench-{number}",
                aliases="\n".join(aliases),
            )
        )
    return entities


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * fraction) - 1)]


def timed(function, runs):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), percentile(timings, 0.95)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    from articles.models import Article, Entity
    from articles.suggestions import (
        Matcher,
        article_texts,
        entity_table_fingerprint,
        forget_matcher,
        get_matcher,
        suggest_entities,
        words,
    )

    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_demo", verbosity=0)
        Entity.objects.bulk_create(
            made_up_entities(args.entities, random.Random(7)), batch_size=1000
        )
        seed = Article.objects.select_related("lead_photo").get(
            slug="peru-aliado-extra-otan"
        )
        seed.entity_links.all().delete()  # so that every named entity is new
        long_article = Article(
            headline=seed.headline, dek=seed.dek, body=seed.body * 10
        )
        total = Entity.objects.count()
        rows = list(Entity.objects.values_list("pk", "name", "aliases"))

        def rebuild():
            forget_matcher()
            get_matcher()

        build_median, build_p95 = timed(rebuild, 10)
        trie_median, _ = timed(lambda: Matcher.build(rows), 10)
        tracemalloc.start()
        matcher = Matcher.build(rows)
        trie_bytes, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        get_matcher()
        fingerprint_median, _ = timed(entity_table_fingerprint, args.runs)
        with CaptureQueriesContext(connection) as queries:
            found = suggest_entities(seed)
        seed_median, seed_p95 = timed(lambda: suggest_entities(seed), args.runs)
        long_median, long_p95 = timed(lambda: suggest_entities(long_article), args.runs)
        long_words = sum(len(words(text)) for text in article_texts(long_article))
        fold_median, _ = timed(
            lambda: [words(text) for text in article_texts(long_article)], 20
        )

        print(
            f"{connection.vendor}: {total} entities, {matcher.phrases} names "
            f"and aliases in the trie"
        )
        print(
            f"rebuild after a change (read rows + build): median "
            f"{build_median:.0f} ms, p95 {build_p95:.0f} ms"
        )
        print(
            f"  of which building the trie: median {trie_median:.0f} ms; "
            f"trie memory {trie_bytes / 1e6:.1f} MB"
        )
        print(
            f"reading the fingerprint (2 queries, every call): median "
            f"{fingerprint_median:.2f} ms"
        )
        print(
            f"suggest_entities, seed story ({len(found)} found, "
            f"{len(queries)} queries): median {seed_median:.2f} ms, "
            f"p95 {seed_p95:.2f} ms"
        )
        print(
            f"suggest_entities, long article ({long_words} words): median "
            f"{long_median:.2f} ms, p95 {long_p95:.2f} ms"
        )
        print(
            f"  of which cutting and folding the words: {fold_median:.2f} ms "
            f"({long_words / fold_median * 1000:,.0f} words/s)"
        )
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
