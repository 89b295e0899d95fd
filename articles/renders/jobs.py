"""Keeping stored renders up to date: re-rendered in the background when
something they show changes, newest articles first, in batches.

Generic on the dependency keys: a change touches keys
(``invalidation.public_keys_changed``); the articles whose renders recorded
one of them (``RenderKey``), and the article the key names, are re-rendered.
Whatever a render loads while it renders (a photo inside the body, a
rendition) is recorded the same way, so new kinds of content need nothing
here.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from articles import invalidation, purging
from articles.cache_keys import EVERYTHING, recording
from articles.invalidation import CATALOGUE, NAV
from articles.renders import rendering
from newsroom.queue import task

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# Keys every render shows or none: not a reason to find articles by.
NOT_INDEXED = {EVERYTHING, NAV, CATALOGUE}
QUEUED_KEY = "renders:queued:{}"
QUEUED_FOR = 60


def render_and_store(article_id):
    """Render the article's representations now, or drop them when it is not
    published. Returns "stored", "dropped" or "raced"."""
    from articles.models import Article
    from articles.renders.models import RenderKey, StoredRender

    started = time.time_ns()
    with recording() as keys:
        # A live coverage changes with every entry: always rendered live.
        article = (
            Article.objects.published()
            .with_page_data()
            .filter(pk=article_id, live_coverage__isnull=True)
        )
        article = article.first()
        if article is None:
            StoredRender.objects.filter(article_id=article_id).delete()
            RenderKey.objects.filter(article_id=article_id).delete()
            return "dropped"
        made = rendering.representations(article)
    known = invalidation.stamp(keys, started)
    if known is None:
        return "raced"
    fields = {
        "language": article.language,
        "article_version": article.version,
        "fingerprint": rendering.fingerprint(),
        "versions": known,
        "valid_until": rendering.valid_until(article),
    }
    with transaction.atomic():
        for kind, (content, etag) in made.items():
            StoredRender.objects.update_or_create(
                article=article,
                kind=kind,
                defaults={**fields, "content": content, "etag": etag},
            )
        indexed = set(keys) - NOT_INDEXED
        RenderKey.objects.filter(article=article).exclude(key__in=indexed).delete()
        RenderKey.objects.bulk_create(
            [RenderKey(article=article, key=key) for key in sorted(indexed)],
            ignore_conflicts=True,
        )
    return "stored"


def named_articles(keys):
    return [
        int(key.split(":")[1])
        for key in keys
        if key.startswith("article:") and key.split(":")[1].isdigit()
    ]


def affected(keys):
    """The articles whose renders ``keys`` concern: those that show one, and
    those a key names (to render when published, to drop otherwise)."""
    from articles.models import Article
    from articles.renders.models import RenderKey

    showing = RenderKey.objects.filter(key__in=keys).values("article_id")
    return Article.objects.filter(Q(pk__in=showing) | Q(pk__in=named_articles(keys)))


def articles_showing(keys):
    """The ids of ``affected(keys)``, newest first."""
    return list(affected(keys).newest_first().values_list("pk", flat=True))


def needs_rerender(keys):
    """Whether a change of ``keys`` concerns any render: one exists that it
    makes stale, or an article it names is published (one query)."""
    from articles.models import Article

    return (
        affected(keys)
        .filter(Q(stored_renders__isnull=False) | Q(pk__in=Article.objects.published()))
        .exists()
    )


def enqueue_batches(article_ids):
    """One job per batch, newest first (the worker takes them in order)."""
    for start in range(0, len(article_ids), BATCH_SIZE):
        rerender_articles.enqueue(list(article_ids[start : start + BATCH_SIZE]))


@task()
def rerender_articles(article_ids):
    """Re-render these articles (a batch); drop those no longer published."""
    results = [render_and_store(article_id) for article_id in article_ids]
    pairs = zip(article_ids, results, strict=True)
    raced = [article_id for article_id, result in pairs if result == "raced"]
    if raced:
        # Something changed while they rendered: its own job renders them again.
        logger.info("Renders of %s raced a change", raced)
    return f"{results.count('stored')} stored, {results.count('dropped')} dropped"


@task()
def rerender_showing(keys):
    """Find the articles that show any of ``keys`` and re-render them in
    batches, newest first."""
    article_ids = articles_showing(set(keys))
    if len(article_ids) <= BATCH_SIZE:
        rerender_articles.call(article_ids)
    else:
        enqueue_batches(article_ids)
    return f"{len(article_ids)} articles"


def ask_for_rerender(*article_ids):
    """Readers met stale or missing renders: have them re-rendered (one job),
    each once a minute at most whatever the number of readers."""
    if not settings.STORED_RENDERS:
        return
    try:
        wanted = [
            article_id
            for article_id in article_ids
            if cache.add(QUEUED_KEY.format(article_id), 1, QUEUED_FOR)
        ]
        if wanted:
            rerender_articles.enqueue(wanted)
    except Exception:
        # The reader has the answer already; a site without a worker (or a
        # cache) renders live.
        logger.warning("Could not ask for a re-render.", exc_info=True)


def on_keys_changed(sender, keys, **kwargs):
    """A change touched ``keys`` (in its transaction): the job that
    re-renders what shows them commits with it, once per transaction."""
    keys = set(keys) - NOT_INDEXED
    if not keys:
        return
    connection = transaction.get_connection()
    enqueued = set()
    if connection.in_atomic_block:
        state = purging.pending_keys(connection, "_newsroom_renders")
        enqueued = state.setdefault(tuple(connection.savepoint_ids), set())
        keys -= enqueued
    if keys and needs_rerender(keys):
        rerender_showing.enqueue(sorted(keys))
        enqueued.update(keys)


def connect_signals():
    invalidation.public_keys_changed.connect(
        on_keys_changed, dispatch_uid="renders-keys-changed"
    )
