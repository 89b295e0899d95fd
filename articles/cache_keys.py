"""The page cache's key: what tells two answers at one address apart.

The path, the host, the language and what the view declares it depends on
(``page_cache_variant(request, match)``: the query parameters it reads,
page numbers read as the paginators read them; for the API, the format it
negotiates). Kept apart from ``caching.py``, which decides who may be
cached and for how long, because every view that reads the query string
declares its part of the key here, and a key that misses a parameter
serves one reader's page to another.

Also here: the *dependency keys* of an answer (``article:42``,
``section:3``, ``list:home``...), what it shows, collected while it renders
(``recording``): invalidation (``articles/invalidation.py``) touches the keys
of what changed, and only the answers that recorded one of them go stale.
"""

import contextvars
import hashlib
import json
from contextlib import contextmanager

from django.urls import Resolver404, resolve


def page_number(value):
    """A page number as the paginators read it (``int()``): ``02``, ``+2``
    and `` 2`` are page 2, and page 1 is the page without a number."""
    try:
        number = int(value)
    except ValueError:
        return value
    return None if number == 1 else str(number)


def query_variant(request, names, normalise=None, strict=False):
    """The query parameters of ``request`` that an answer depends on, sorted:
    only ``names``, each once (the last value, as ``QueryDict.get`` reads it)
    and normalised by ``normalise[name]`` (None drops it). A ``strict`` view
    answers anything else with an error: then every value counts, and a
    request with a parameter outside ``names`` is not looked up (None)."""
    if strict:
        if any(name not in names for name in request.GET):
            return None
        return sorted(request.GET.lists())
    normalise = normalise or {}
    pairs = []
    for name in sorted(names):
        if name in request.GET:
            value = normalise.get(name, str)(request.GET[name])
            if value is not None:
                pairs.append((name, value))
    return pairs


def no_query(request, match):
    """A view that declares nothing is looked up only without a query string."""
    return query_variant(request, (), strict=True)


def view_variant(request):
    """What the view at this address says its answer depends on besides the
    path (``page_cache_variant(request, match)`` on the view function or its
    class), or None when the cache is not to be used for this request."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    view = match.func
    owner = getattr(view, "view_class", None) or getattr(view, "cls", None)
    declared = getattr(view, "page_cache_variant", None) or getattr(
        owner, "page_cache_variant", no_query
    )
    return declared(request, match)


def variant(request):
    """What tells two answers at one address apart: the path, the language
    and what the view declares (the query parameters it reads; for the API,
    the format it negotiates). None: not for the page cache."""
    declared = view_variant(request)
    if declared is None:
        return None
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        getattr(request, "LANGUAGE_CODE", ""),
        json.dumps(declared),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


# What an answer shows: its dependency keys

# The keys of the answer being rendered in this context (None: not recording).
_recorded = contextvars.ContextVar("public_keys", default=None)
# Every cached answer depends on it: touching it is a wholesale invalidation
# (bulk writes, which send no signals; a deploy).
EVERYTHING = "all"


@contextmanager
def recording():
    """Collect the dependency keys of the answer rendered inside the block:
    every public object loaded (``public_key``) and every list the view says
    it shows (``depends_on``)."""
    keys = {EVERYTHING}
    token = _recorded.set(keys)
    try:
        yield keys
    finally:
        _recorded.reset(token)


def depends_on(*keys):
    """The answer being rendered shows these lists (``list:home``...): their
    membership or order changes it even when none of its objects change."""
    keys_so_far = _recorded.get()
    if keys_so_far is not None:
        keys_so_far.update(keys)


def record_loaded(sender, instance, **kwargs):
    """post_init: a public object loaded while an answer renders is part of it."""
    keys_so_far = _recorded.get()
    if keys_so_far is not None and instance.pk is not None:
        keys_so_far.add(instance.public_key)
