"""The API's throttles count in ``CACHES["throttles"]``, a store that every
worker and server shares (Redis, or the database without it), so that a rate
holds for the whole site and not once per gunicorn worker."""

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from rest_framework import throttling

THROTTLE_CACHE = "throttles"


class ThrottleCache:
    """``caches["throttles"]``, or the default cache where CACHES names no
    store of its own for throttles (as in a test that swaps CACHES)."""

    def __getattr__(self, name):
        alias = THROTTLE_CACHE if THROTTLE_CACHE in settings.CACHES else None
        return getattr(caches[alias or DEFAULT_CACHE_ALIAS], name)


class AnonRateThrottle(throttling.AnonRateThrottle):
    cache = ThrottleCache()
