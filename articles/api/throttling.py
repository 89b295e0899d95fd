"""The API's throttles count in ``CACHES["throttles"]``, a store that every
worker and server shares (Redis, or the database without it), so that a rate
holds for the whole site and not once per gunicorn worker.

They count in fixed windows of the rate's duration: one atomic increment per
request whatever the rate. (DRF's own throttle keeps the time of every request
of the window in one list, read and written whole on each request, which
costs as much as the rate is high and loses counts under concurrency.)
"""

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

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        count = self.count(f"{self.key}:{window}")
        if count is not None and count > self.num_requests:
            return self.throttle_failure()
        return True

    def count(self, key):
        """This window's requests with this one; None when the store cannot
        count (down): then the request goes through."""
        try:
            return self.cache.incr(key)
        except ValueError:  # the window's first request
            if self.cache.add(key, 1, self.duration + 1):
                return 1
            try:
                return self.cache.incr(key)
            except ValueError:
                return None

    def wait(self):
        return max(self.window_ends - self.now, 1)
