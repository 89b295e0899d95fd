"""What a change makes stale: the dependency keys of the public answers.

Every model whose changes readers can see says which keys a change touches
(``public_keys()``: ``article:42``, ``list:home``...); a model without it
never touches the public cache (history rows, tokens, job rows...). A save
touches the keys of the object as it was (read before the save: an article
that leaves a section leaves that section's list) and as it is; a delete,
those it had. An article that was never public has no keys, so a draft save
touches nothing.

Each key has a *version* in the cache (the time of its last change, in ns);
a stored answer keeps the versions of the keys it recorded and is valid only
while they all still match (``articles/caching.py``). The same keys are
purged from shared caches after the commit (``articles/purging.py``).

The versions move twice: at once, so that this process's next request sees
the change, and after the commit, so that a page rendered meanwhile by
another request from the data as it was before the commit is not kept.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)
from django.dispatch import Signal
from django.utils import timezone

from articles.cache_keys import EVERYTHING, record_loaded

logger = logging.getLogger(__name__)

VERSION_KEY = "pages:key:{}"
CHANGED_AT_KEY = "pages:changed-at"
NAV_KEY = "pages:nav-sections"
# Touched when the sections, authors or entities the public may know of
# may have changed (a link or an article came or went): the catalogue API.
CATALOGUE = "catalogue"
# Touched when the section menu every page shows changes.
NAV = "nav"
# Sent with ``keys`` when a change touches them, inside its transaction (so a
# job it enqueues commits with it): stored renders listen.
public_keys_changed = Signal()
# Links whose coming and going changes what the public knows of.
MEMBERSHIP_MODELS = {"Article", "ArticleEntity", "Byline"}
SCHEDULE_MODELS = {"Article", "ArticleUpdate"}

try:
    from redis.exceptions import RedisError
except ImportError:  # only the Redis backend needs it
    RedisError = OSError
# What a cache that is down raises: the page cache never takes a page down.
CACHE_ERRORS = (RedisError, OSError)


def version_keys(keys):
    return {VERSION_KEY.format(key): key for key in keys}


def versions(keys):
    """{key: version} of the keys the cache still knows."""
    names = version_keys(keys)
    return {names[name]: value for name, value in cache.get_many(names).items()}


def unchanged(shown, current):
    """Whether every key of ``shown`` ({key: version} an answer showed) still
    has that version in ``current`` (looked up with other answers' keys)."""
    return all(current.get(key) == value for key, value in shown.items())


def stamp(keys, started, missing_since=None):
    """The versions of ``keys`` for an answer that began rendering at
    ``started`` (ns), or None when one moved meanwhile: it may show the data
    as it was. A key never touched (or evicted) starts at ``started`` (or
    ``missing_since``: a part rendered inside a page gives its keys a time
    before the page's, so that the page is not taken for a race)."""
    known = versions(keys)
    for name in set(keys) - set(known):
        first = started if missing_since is None else missing_since
        cache.add(VERSION_KEY.format(name), first, timeout=None)
    known = versions(keys)
    if set(known) != set(keys) or any(v > started for v in known.values()):
        return None
    return known


def touch(keys):
    """The answers that recorded any of ``keys`` are stale from now on."""
    if not keys:
        return
    now = time.time_ns()
    cache.set_many(dict.fromkeys(version_keys(keys), now), timeout=None)
    if settings.DATABASE_REPLICAS:
        cache.set(CHANGED_AT_KEY, time.time(), settings.DATABASE_REPLICA_LAG)


def pages_changed():
    """Every cached answer is out of date from now on: after bulk writes,
    which send no signals."""
    touch({EVERYTHING})
    from articles import purging

    purging.purge_after_commit({EVERYTHING})


def replica_may_lag():
    """Whether a page rendered now may come from a replica that has not yet
    seen the latest change: then it is kept only a replica's lag long."""
    return bool(settings.DATABASE_REPLICAS) and cache.get(CHANGED_AT_KEY) is not None


def nav_changed():
    """Whether the section menu (sections with a public article) changed
    since it was last looked at; remembers the new one."""
    from articles.models import Section

    sections = sorted(
        Section.objects.with_published_articles().values_list("pk", flat=True)
    )
    if cache.get(NAV_KEY) == sections:
        return False
    cache.set(NAV_KEY, sections, timeout=None)
    return True


# Signals


def has_keys(sender):
    return callable(getattr(sender, "public_keys", None))


def remember_keys_before(sender, instance, raw=False, **kwargs):
    """pre_save: the keys of the row as it is in the database."""
    if instance.pk is None or instance._state.adding:
        instance._public_keys_before = set()
        return
    before = sender._base_manager.filter(pk=instance.pk).first()
    instance._public_keys_before = before.public_keys() if before else set()


def remember_keys_deleted(sender, instance, **kwargs):
    """pre_delete: the keys it has, while its links still exist."""
    try:
        instance._public_keys_before = instance.public_keys()
    except sender.DoesNotExist:  # its article went first, in a cascade
        instance._public_keys_before = set()


def keys_after(sender, instance):
    try:
        return instance.public_keys()
    except sender.DoesNotExist:
        return set()


def on_save(sender, instance, **kwargs):
    before = getattr(instance, "_public_keys_before", set())
    changed(sender, before, keys_after(sender, instance))


def on_delete(sender, instance, **kwargs):
    changed(sender, getattr(instance, "_public_keys_before", set()), set())


def on_links_changed(sender, instance, action, pk_set=None, model=None, **kwargs):
    """Related articles (or any many-to-many between public models)."""
    if not action.startswith("post_"):
        return
    keys = instance.public_keys() if has_keys(type(instance)) else set()
    if pk_set and model is not None and has_keys(model):
        for other in model._base_manager.filter(pk__in=pk_set):
            keys |= other.public_keys()
    changed(type(instance), keys, keys)


def changed(sender, before, after):
    keys = before | after
    schedule = sender.__name__ in SCHEDULE_MODELS
    if not keys and not schedule:
        return
    membership = sender.__name__ in MEMBERSHIP_MODELS and before != after

    def touch_now(lower_only):
        try:
            extra = set()
            if membership:
                extra.add(CATALOGUE)
                if nav_changed():
                    extra.add(NAV)
            touch(keys | extra)
            if schedule:
                remember_next_due(timezone.now(), lower_only=lower_only)
            return keys | extra
        except CACHE_ERRORS:
            # Writes go on without the cache; its entries end with their TTL.
            logger.warning("Could not mark the cached pages stale.", exc_info=True)
            return keys

    touched = touch_now(lower_only=True)
    transaction.on_commit(lambda: touch_now(lower_only=False))
    if keys:
        public_keys_changed.send(sender=sender, keys=keys)
    if touched:
        from articles import purging

        purging.purge_after_commit(touched)


def connect_signals():
    """Called from ArticlesConfig.ready(): every model of the app that has
    ``public_keys`` (and ``public_key``, recorded when it is loaded)."""
    from django.apps import apps

    for model in apps.get_app_config("articles").get_models():
        if not has_keys(model):
            continue
        uid = f"public-keys-{model.__name__}"
        pre_save.connect(remember_keys_before, sender=model, dispatch_uid=uid)
        post_save.connect(on_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(remember_keys_deleted, sender=model, dispatch_uid=uid)
        post_delete.connect(on_delete, sender=model, dispatch_uid=uid)
        if hasattr(model, "public_key"):
            post_init.connect(record_loaded, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                on_links_changed, sender=field.remote_field.through, dispatch_uid=uid
            )


# Time: what comes due


NEXT_DUE_KEY = "pages:next-due"
NEVER = "never"


def remember_next_due(now, lower_only=False):
    """Store when the next scheduled article or update goes public (NEVER if
    nothing is waiting). Computed when articles and updates are written, so
    that reads rarely need the query. Inside a transaction that may still roll
    back (``lower_only``) the time only moves earlier: a page that expires
    early costs a render, one that outlives a publication hides news."""
    from articles.models import Article, ArticleUpdate

    articles = Article.objects.scheduled().order_by().values_list("published_at")
    updates = (
        ArticleUpdate.objects.filter(published_at__gt=now)
        .order_by()
        .values_list("published_at")
    )
    first = articles.union(updates).order_by("published_at").first()
    due = first[0] if first else NEVER
    if lower_only:
        known = cache.get(NEXT_DUE_KEY)
        if known is not None and known != NEVER and (due == NEVER or known < due):
            due = known
    cache.set(NEXT_DUE_KEY, due, timeout=None)
    return due


def next_due(now):
    """When the pages of now stop being true by themselves (None: not before
    something is written)."""
    due = cache.get(NEXT_DUE_KEY)
    if due is None or (due != NEVER and due <= now):
        due = remember_next_due(now)
    return None if due == NEVER else due
