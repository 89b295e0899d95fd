"""The cache is an accelerator, never a dependency.

``ResilientRedisCache`` is Django's Redis cache with one difference: when
Redis cannot be reached (refused, timed out, out of memory, a read-only
replica), every call answers as an empty cache would (a miss, a write that
kept nothing) and a warning is logged. Every user of the cache (the page cache,
DRF's throttles, the entity suggestions) therefore answers as it would without
a cache, in one place rather than a ``try`` around each call.

After a failure the process stops asking Redis for ``OUTAGE_SECONDS``, so that
a request pays the socket timeout at most once, not once per cache call.

A write that was lost while Redis was down may have been an invalidation
(a deleted entry, a bumped generation): what Redis still holds can no longer
be trusted. So the first call that reaches Redis again after a lost write
empties the cache first. Pages render afresh; nothing stale is served.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import (
    ConnectionError,
    OutOfMemoryError,
    ReadOnlyError,
    TimeoutError,
)
from redis.retry import Retry

logger = logging.getLogger(__name__)

UNAVAILABLE = (ConnectionError, TimeoutError, OutOfMemoryError, ReadOnlyError)
OUTAGE_SECONDS = 5
SOCKET_TIMEOUT_SECONDS = 0.5

# {LOCATION: monotonic time until which this process answers without Redis}
_outages = {}
# LOCATIONs whose writes were lost during an outage: emptied on reconnection.
_lost_writes = set()


def redis_cache(url, **settings):
    """The CACHES entry for Redis at ``url``: short timeouts and one quick
    retry (a pooled connection that Redis closed), then the cache is down."""
    return {
        "BACKEND": "newsroom.cache.ResilientRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "socket_connect_timeout": SOCKET_TIMEOUT_SECONDS,
            "socket_timeout": SOCKET_TIMEOUT_SECONDS,
            "retry": Retry(NoBackoff(), 1),
        },
        **settings,
    }


def _not_found(*args, **kwargs):
    raise ValueError("Key not found: the cache is unavailable.")


def degrades_to(answer, writes=True):
    """While Redis is unavailable the method answers ``answer(*arguments)``;
    a lost write (``writes``) has the cache emptied once Redis is back."""

    def decorate(method):
        @wraps(method)
        def wrapped(self, *args, **kwargs):
            if _outages.get(self._location, 0) > time.monotonic():
                if writes:
                    _lost_writes.add(self._location)
                return answer(*args, **kwargs)
            try:
                if self._location in _lost_writes:
                    RedisCache.clear(self)
                    _lost_writes.discard(self._location)
                    logger.warning(
                        "Cache reachable again: emptied, since writes were "
                        "lost while it was down."
                    )
                return method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                if writes:
                    _lost_writes.add(self._location)
                _outages[self._location] = time.monotonic() + OUTAGE_SECONDS
                logger.warning(
                    "Cache unavailable (%s: %s); answering without it for %s s.",
                    type(error).__name__,
                    error,
                    OUTAGE_SECONDS,
                )
                return answer(*args, **kwargs)

        return wrapped

    return decorate


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one redis-py client per server rather
    than making one per call: making it costs more than a round trip."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            self._clients[index] = self._client(connection_pool=self._pools[index])
        return self._clients[index]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server
        self._class = ReusedClientRedisCacheClient

    add = degrades_to(lambda *args, **kwargs: False)(RedisCache.add)
    get = degrades_to(
        lambda key, default=None, version=None: default,  # a miss
        writes=False,
    )(RedisCache.get)
    set = degrades_to(lambda *args, **kwargs: None)(RedisCache.set)
    touch = degrades_to(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = degrades_to(lambda *args, **kwargs: False)(RedisCache.delete)

    def _get_many(self, keys, version=None):
        """``RedisCache.get_many`` without memcached's key warnings, which
        read every character of every key: Redis takes any key, and a stored
        page looks up dozens."""
        names = {self.make_key(key, version=version): key for key in keys}
        found = self._cache.get_many(list(names))
        return {names[name]: value for name, value in found.items()}

    get_many = degrades_to(lambda *args, **kwargs: {}, writes=False)(_get_many)
    has_key = degrades_to(lambda *args, **kwargs: False, writes=False)(
        RedisCache.has_key
    )
    # A counter that cannot be read is a missing one.
    incr = degrades_to(_not_found)(RedisCache.incr)
    set_many = degrades_to(lambda data, *args, **kwargs: list(data))(
        RedisCache.set_many
    )
    delete_many = degrades_to(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = degrades_to(lambda *args, **kwargs: False)(RedisCache.clear)
