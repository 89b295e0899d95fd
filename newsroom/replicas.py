"""Reads from PostgreSQL replicas, writes to the primary.

Configured by ``DATABASE_REPLICA_URLS`` (comma-separated): each URL becomes a
database alias (``replica1``, ``replica2``...) and ``ReplicaRouter`` is
installed. Without it there is one database and nothing here does anything.

Replicas lag behind the primary, so a request reads from the primary when it
must see its own or recent writes:

- after any write in the same request (the router pins the request to the
  primary as soon as it routes a write);
- for the whole of a POST, PUT, PATCH or DELETE, whose reads come before the
  write they validate;
- for requests with a session cookie: the editors in the admin, who expect to
  see what they have just saved (and whose session was just written);
- inside a transaction on the primary.

One request reads from one replica, so its pages are consistent. Outside
requests (commands, shells) the same rules hold for the whole process.
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

PRIMARY = DEFAULT_DB_ALIAS
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_pinned = ContextVar("newsroom_pinned_to_primary", default=False)
_replica = ContextVar("newsroom_replica", default=None)


def pin_to_primary():
    _pinned.set(True)


def pinned_to_primary():
    return _pinned.get()


def is_bookkeeping(model):
    """The database cache's table (throttle counts): read where it is
    written, and writing it is no reason to read the rest from the primary."""
    return model._meta.app_label == "django_cache"


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = getattr(settings, "DATABASE_REPLICAS", [])
        if (
            not replicas
            or is_bookkeeping(model)
            or _pinned.get()
            or connections[PRIMARY].in_atomic_block
        ):
            return PRIMARY
        replica = _replica.get()
        if replica not in replicas:
            replica = random.choice(replicas)
            _replica.set(replica)
        return replica

    def db_for_write(self, model, **hints):
        if not is_bookkeeping(model):
            pin_to_primary()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PrimaryAfterWriteMiddleware:
    """Starts every request unpinned on a fresh replica, or pinned to the
    primary when it writes or comes from a logged-in editor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = _pinned.set(
            request.method not in SAFE_METHODS
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        )
        replica = _replica.set(None)
        try:
            return self.get_response(request)
        finally:
            _pinned.reset(pinned)
            _replica.reset(replica)
