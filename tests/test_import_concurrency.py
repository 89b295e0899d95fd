"""Two imports of the same item at once leave one article (PostgreSQL: SQLite
writes one transaction at a time, so there is no race to test there)."""

import threading

import pytest
from django.conf import settings
from django.db import connection, connections

from articles.importing import import_file, store
from articles.models import Article, Author, Entity

COMPLEX = (
    settings.BASE_DIR
    / "articles"
    / "standards"
    / "ninjs"
    / "examples"
    / "3.1_005_complex_text_article.json"
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency"
    ),
]


def import_at_once(monkeypatch, name, data, **options):
    """Run two imports in two threads (two connections) that both look the
    item up, find nothing, and only then go on to create it."""
    both_looked = threading.Barrier(2, timeout=20)
    find = store.Upsert.find
    looked = threading.local()

    def find_then_wait(self):
        article = find(self)
        lookups.append(article)
        if not getattr(looked, "once", False):
            looked.once = True
            both_looked.wait()
        return article

    monkeypatch.setattr(store.Upsert, "find", find_then_wait)
    outcomes, failures, lookups = [], [], []

    def work():
        try:
            outcomes.append(import_file(name, data, **options))
        except Exception as error:  # reported below, with the thread's error
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    # Both found nothing; the loser's insert hit the unique constraint, and
    # it found the winner's article twice (after the error, then to update).
    assert [article is None for article in lookups] == [True, True, False, False]
    return outcomes


def test_two_imports_of_the_same_item_at_once_leave_one_article(monkeypatch):
    outcomes = import_at_once(monkeypatch, COMPLEX.name, COMPLEX.read_bytes())

    assert sorted(outcome.action for outcome in outcomes) == ["created", "unchanged"]
    assert Article.objects.count() == 1
    assert Entity.objects.count() == 5
    assert Author.objects.count() == 2
    assert Article.objects.get().bylines.count() == 2


def test_two_imports_of_the_same_text_at_once_leave_one_article(monkeypatch):
    text = "Titular\nSumario\nAutor: Ana Pérez y Luis Soto\nCompartir:\nTexto.".encode()

    outcomes = import_at_once(monkeypatch, "nota.txt", text, publish=True)

    assert sorted(outcome.action for outcome in outcomes) == ["created", "unchanged"]
    assert Article.objects.count() == 1
    assert Author.objects.count() == 2
