"""Caching of public answers: the HTTP headers that browsers and a CDN follow,
and the app's own page cache in front of the views.

**Who may be cached.** Only what a view marks public for an anonymous
request (``is_anonymous()``: no signed-in user, no ``Authorization`` header).
Class-based pages say so with ``PublicCacheMixin``, function views (feeds,
sitemaps) with ``public_page``, the API with ``api_answer``.
Staff pages, previews, the admin and writes are never marked, so never
stored: the page cache is opt-in per answer, not per URL.

**Invalidation by dependency.** While an anonymous answer renders, it records
the keys of what it shows (``articles/cache_keys.py``: every public object
loaded, ``article:42``, ``entity:7``..., and the lists the view names,
``list:home``...). The entry keeps the version of each key at render time
and is valid only while they all still match (one ``get_many`` per hit); a
change moves the versions of the keys it touches (``articles/invalidation.py``),
so a correction makes stale its article's answers and the lists it is on,
and a draft save nothing. The keys also go out in ``SURROGATE_KEY_HEADER``
for shared caches, which are purged by key (``articles/purging.py``).
Time changes pages too (a scheduled article or update coming due), so each
entry is valid only until the next scheduled publication that the database
knows of, and no longer than ``PAGE_CACHE_TIMEOUT``.

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

from articles import invalidation, purging
from articles.cache_keys import (
    depends_on,
    page_number,
    query_variant,
    recording,
    variant,
)
from articles.invalidation import CACHE_ERRORS, next_due, replica_may_lag

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

PAGE_KEY = "pages:page:{digest}"
CACHEABLE_STATUSES = {200, 410}
# The response attribute that marks an answer as one the page cache may keep.
CACHEABLE = "page_cacheable"
# The response attribute with the dependency keys of the answer.
PUBLIC_KEYS = "public_keys"


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


def public_page(view, query_parameters=(), keys=()):
    """Decorator: the view's answers are public (feeds, sitemaps); they
    depend on the page numbers in ``query_parameters`` and nothing else of
    the query string, and show the lists ``keys``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        depends_on(*keys)
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
    """Answers anonymous GETs from the cache when a fresh copy is there, and
    names the dependency keys of every anonymous answer for shared caches.

    Last in MIDDLEWARE, so that every other middleware (security headers,
    CORS, language) does the same work on a hit as on a miss; after
    LocaleMiddleware, whose language is part of the key.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        digest = variant(request) if settings.PAGE_CACHE else None
        if digest is None:
            return self.rendered(request)[0]
        now = timezone.now()
        key = PAGE_KEY.format(digest=digest)
        try:
            entry = cache.get(key)
            if entry is not None and self.fresh(entry, now):
                return self.from_entry(request, entry, now)
        except CACHE_ERRORS:
            # The cache is down: serve every request fresh rather than fail.
            logger.warning("Page cache unavailable.", exc_info=True)
            return self.get_response(request)
        started = time.time_ns()
        response, keys = self.rendered(request)
        if self.storable(response):
            try:
                stored = self.store(key, response, now, keys, started)
            except CACHE_ERRORS:
                logger.warning("Could not keep a page.", exc_info=True)
            else:
                response["X-Page-Cache"] = "miss" if stored else "pass"
        return response

    def rendered(self, request):
        """The view's answer, with the keys of what it showed."""
        with recording() as keys:
            response = self.get_response(request)
        keys = getattr(response, PUBLIC_KEYS, keys)
        if getattr(response, CACHEABLE, False) or "public" in response.get(
            "Cache-Control", ""
        ):
            name, value = purging.surrogate_key_header(keys)
            response[name] = value
        return response, keys

    @staticmethod
    def applies(request):
        return request.method in ("GET", "HEAD") and is_anonymous(
            request, read_session=False
        )

    @staticmethod
    def fresh(entry, now):
        """Not past a scheduled publication, and every key it showed unchanged."""
        if entry["valid_until"] is not None and now >= entry["valid_until"]:
            return False
        return invalidation.versions(entry["versions"]) == entry["versions"]

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
    def store(key, response, now, keys, started):
        """Keep the answer with the versions of its keys; not when one of them
        moved while it rendered (it may show the data as it was)."""
        known = invalidation.versions(keys)
        if any(version > started for version in known.values()):
            return False
        missing = set(keys) - set(known)
        for name in missing:
            # A key never touched (or evicted) starts now: no entry kept
            # before holds this version.
            cache.add(invalidation.VERSION_KEY.format(name), started, timeout=None)
        known = invalidation.versions(keys)
        if set(known) != set(keys) or any(
            version > started for version in known.values()
        ):
            return False
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
            return False
        entry = {
            "status": response.status_code,
            "headers": list(response.items()),
            "content": response.content,
            "stored_at": now,
            "valid_until": due,
            "versions": known,
        }
        cache.set(key, entry, timeout)
        return True

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
