"""Caching of public answers: the HTTP headers that browsers and a CDN follow,
and the app's own page cache in front of the views.

**Who may be cached.** Only what a view marks public for an anonymous
request (``is_anonymous()``: no signed-in user, no ``Authorization`` header).
Class-based pages say so with ``PublicCacheMixin``, function views (feeds,
sitemaps) with ``public_page``, the API with ``api_answer``.
Staff pages, previews, the admin and writes are never marked, so never
stored: the page cache is opt-in per answer, not per URL.

**Invalidation.** Every key carries the *publication generation*, a counter
in the cache bumped whenever a model of this app is saved or deleted
(publishing, updates, corrections, withdrawals, a renamed entity...): the next
request misses and renders afresh. One counter rather than a key per article,
because an article page also shows its related articles, its entities, its
section and its bylines; any of them may change while the article's
``version`` stays. Time changes pages too (a scheduled article or update
coming due), so each entry is valid only until the next scheduled publication
that the database knows of, and no longer than ``PAGE_CACHE_TIMEOUT``.

What an entry's key is made of (path, language, the query parameters a view
reads) is in ``cache_keys.py``.

Conditional GETs are answered from the entry (ETag or Last-Modified, 304)
without touching the database.
"""

import logging
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from articles.cache_keys import page_number, query_variant, variant

logger = logging.getLogger(__name__)

# Browsers keep a public page a minute, a CDN five; both may serve a stale
# copy for a while longer while they fetch a fresh one in the background.
PUBLIC_MAX_AGE = 60
SHARED_MAX_AGE = 300
STALE_WHILE_REVALIDATE = 60
# API answers: clients that sync want fresher copies.
API_MAX_AGE = 30
API_SHARED_MAX_AGE = 60
API_STALE_WHILE_REVALIDATE = 30

GENERATION_KEY = "pages:generation"
CHANGED_AT_KEY = "pages:changed-at"
NEXT_DUE_KEY = "pages:next-due"
PAGE_KEY = "pages:page:{generation}:{digest}"
CACHEABLE_STATUSES = {200, 410}

try:
    from redis.exceptions import RedisError
except ImportError:  # only the Redis backend needs it
    RedisError = OSError
# What a cache that is down raises: the page cache never takes a page down.
CACHE_ERRORS = (RedisError, OSError)
# The response attribute that marks an answer as one the page cache may keep.
CACHEABLE = "page_cacheable"
NEVER = "never"


# Headers


def is_anonymous(request, read_session=True):
    """Whether the answer to ``request`` may be the one every anonymous reader
    gets: no ``Authorization`` header and no signed-in user.

    Before the view runs (the page cache) the session is not read, so that
    the check itself does not make the answer vary on Cookie: without
    ``read_session`` a session cookie counts as a signed-in user.
    """
    if request.META.get("HTTP_AUTHORIZATION"):
        return False
    if not read_session:
        return settings.SESSION_COOKIE_NAME not in request.COOKIES
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def public(response, max_age=PUBLIC_MAX_AGE, s_maxage=SHARED_MAX_AGE, swr=None):
    """Mark ``response`` as the same for every anonymous reader: CDNs and the
    page cache may keep it."""
    patch_cache_control(
        response,
        public=True,
        max_age=max_age,
        s_maxage=s_maxage,
        stale_while_revalidate=STALE_WHILE_REVALIDATE if swr is None else swr,
    )
    # Logged in, the same address answers privately: a copy kept for the
    # anonymous reader is not for the editor (in the browser's cache too).
    patch_vary_headers(response, ["Cookie"])
    setattr(response, CACHEABLE, True)
    return response


def private(response):
    """Never kept by anyone: pages for staff, answers to writes."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    setattr(response, CACHEABLE, False)
    return response


def public_page(view, query_parameters=()):
    """Decorator: the view's answers are public (feeds, sitemaps); they
    depend on the page numbers in ``query_parameters`` and nothing else of
    the query string."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in CACHEABLE_STATUSES | {304}:
            public(response)
        return response

    wrapped.page_cache_variant = lambda request, match: query_variant(
        request, query_parameters, dict.fromkeys(query_parameters, page_number)
    )
    return wrapped


class PublicCacheMixin:
    """Lets browsers and shared caches keep a class-based page for a short
    while (and the page cache too).

    Pages for signed-in users, or that hand out a CSRF token, are private.
    A page depends on the query parameters in ``query_parameters`` and, when
    it is paginated, on its page number; nothing else of the query string
    makes another copy.
    """

    query_parameters = ()

    @classmethod
    def page_cache_variant(cls, request, match):
        names = set(cls.query_parameters)
        normalise = {}
        if getattr(cls, "paginate_by", None):
            names.add(cls.page_kwarg)
            normalise[cls.page_kwarg] = page_number
        return query_variant(request, names, normalise)

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if hasattr(response, "add_post_render_callback") and not getattr(
            response, "is_rendered", True
        ):
            response.add_post_render_callback(
                lambda rendered: self.patch_cache_headers(request, rendered)
            )
        else:
            self.patch_cache_headers(request, response)
        return response

    @staticmethod
    def patch_cache_headers(request, response):
        if response.status_code not in (200, 304, 404, 410):
            return response
        if not is_anonymous(request) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            private(response)
        else:
            public(response)
        return response


def api_answer(request, response, page_cached):
    """Cache headers of an API answer: public for an anonymous read, private
    and never stored for writes and for authenticated clients (who may see
    drafts). ``page_cached`` lets the page cache keep the answer too."""
    if response.has_header("Cache-Control"):
        return response
    if request.method not in ("GET", "HEAD") or not is_anonymous(request):
        return private(response)
    if response.status_code in (200, 304):
        public(response, API_MAX_AGE, API_SHARED_MAX_AGE, API_STALE_WHILE_REVALIDATE)
        # The detail's format follows Accept (JSON or ninjs).
        patch_vary_headers(response, ["Accept"])
        setattr(response, CACHEABLE, page_cached)
    return response


def not_page_cached(response):
    """Public for browsers and CDNs, but not kept by the page cache."""
    setattr(response, CACHEABLE, False)
    return response


# Publication generation


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, not 0: if the counter is evicted, the new
        # generation never names entries stored under an old one.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def pages_changed():
    """Every cached page is out of date from now on. Called on any save or
    delete in this app; call it after bulk writes, which send no signals."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        generation()
    if settings.DATABASE_REPLICAS:
        cache.set(CHANGED_AT_KEY, time.time(), settings.DATABASE_REPLICA_LAG)


def replica_may_lag():
    """Whether a page rendered now may come from a replica that has not yet
    seen the latest change: then it is kept only a replica's lag long."""
    return bool(settings.DATABASE_REPLICAS) and cache.get(CHANGED_AT_KEY) is not None


def on_change(sender, **kwargs):
    if sender._meta.app_label != "articles" or sender.__name__.startswith("Historical"):
        return
    schedule = sender.__name__ in {"Article", "ArticleUpdate"}

    def changed(lower_only):
        try:
            pages_changed()
            if schedule:
                remember_next_due(timezone.now(), lower_only=lower_only)
        except CACHE_ERRORS:
            # Writes go on without the cache; its entries end with their TTL.
            logger.warning("Could not mark the cached pages stale.", exc_info=True)

    # Now, so that this process's next request sees the change; and again
    # after the commit, so that a page rendered by another request from the
    # data as it was before the commit is not kept under the new generation.
    changed(lower_only=True)
    transaction.on_commit(lambda: changed(lower_only=False))


def connect_signals():
    """Called from ArticlesConfig.ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(on_change, dispatch_uid=f"page-cache-{signal}")


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


# The page cache


MAX_AGE_RE = re.compile(r"\b(max-age|s-maxage)=(\d+)")


def limit_freshness(response, seconds):
    """Shared caches and browsers may not keep it past ``seconds`` from now."""
    seconds = max(int(seconds), 0)
    response["Cache-Control"] = MAX_AGE_RE.sub(
        lambda match: f"{match[1]}={min(int(match[2]), seconds)}",
        response["Cache-Control"],
    )


class PageCacheMiddleware:
    """Answers anonymous GETs from the cache when a fresh copy is there.

    Last in MIDDLEWARE, so that every other middleware (security headers,
    CORS, language) does the same work on a hit as on a miss; after
    LocaleMiddleware, whose language is part of the key.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        now = timezone.now()
        digest = variant(request)
        if digest is None:
            return self.get_response(request)
        try:
            key = PAGE_KEY.format(generation=generation(), digest=digest)
            entry = cache.get(key)
        except CACHE_ERRORS:
            # The cache is down: serve every request fresh rather than fail.
            logger.warning("Page cache unavailable.", exc_info=True)
            return self.get_response(request)
        if entry is not None and (
            entry["valid_until"] is None or now < entry["valid_until"]
        ):
            return self.from_entry(request, entry, now)
        response = self.get_response(request)
        if self.storable(response):
            try:
                self.store(key, response, now)
            except CACHE_ERRORS:
                logger.warning("Could not keep a page.", exc_info=True)
            else:
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def applies(request):
        return (
            settings.PAGE_CACHE
            and request.method == "GET"
            and is_anonymous(request, read_session=False)
        )

    @staticmethod
    def storable(response):
        return (
            getattr(response, CACHEABLE, False)
            and response.status_code in CACHEABLE_STATUSES
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def store(key, response, now):
        if not response.has_header("ETag"):
            set_response_etag(response)
        due = next_due(now)
        timeout = settings.PAGE_CACHE_TIMEOUT
        if due is not None:
            timeout = min(timeout, (due - now).total_seconds())
            limit_freshness(response, timeout)
        if replica_may_lag():
            timeout = min(timeout, settings.DATABASE_REPLICA_LAG)
            limit_freshness(response, timeout)
        if timeout <= 0:
            return
        entry = {
            "status": response.status_code,
            "headers": list(response.items()),
            "content": response.content,
            "stored_at": now,
            "valid_until": due,
        }
        cache.set(key, entry, timeout)

    @staticmethod
    def from_entry(request, entry, now):
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Age"] = str(max(int((now - entry["stored_at"]).total_seconds()), 0))
        response["X-Page-Cache"] = "hit"
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=last_modified,
            response=response,
        )
