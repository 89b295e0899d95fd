"""Purging shared caches (a CDN, Varnish) by dependency key.

Public answers name their keys in a header (``SURROGATE_KEY_HEADER``:
``Surrogate-Key``, space-separated, for Fastly and Varnish xkey;
``Cache-Tag``, comma-separated, for Cloudflare and Akamai). When something
changes, the purger set in ``PURGER`` asks the shared cache to drop every
answer tagged with one of its keys, after the change committed (a purge
before the commit would let the cache fetch the old answer again).

Purgers: ``NoPurger`` (the default: no shared cache), ``VarnishPurger``
(a PURGE request with the keys in ``xkey-purge``, as
``deploy/varnish/newsroom.vcl`` expects), ``FastlyPurger`` and
``CloudflarePurger`` (their purge APIs, tokens from the environment).
Purges run as background jobs (``articles.tasks.purge_keys``, retried
with backoff when the shared cache does not answer).
"""

import json
import logging
import os
import urllib.request
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5
# Fastly takes up to 256 keys per call, Cloudflare 30 tags.
FASTLY_BATCH = 256
CLOUDFLARE_BATCH = 30


def surrogate_key_header(keys):
    """(header name, value) naming ``keys`` for the shared cache."""
    name = settings.SURROGATE_KEY_HEADER
    separator = "," if name.lower() == "cache-tag" else " "
    return name, separator.join(sorted(keys))


def batches(keys, size):
    keys = sorted(keys)
    return [keys[start : start + size] for start in range(0, len(keys), size)]


def send(request):
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return response.status


class NoPurger:
    def purge(self, keys):
        pass


class VarnishPurger:
    """``PURGE /`` to each of ``VARNISH_URLS`` with ``xkey-purge: k1 k2``."""

    def __init__(self, urls=None):
        urls = settings.VARNISH_URLS if urls is None else urls
        self.urls = [url for url in urls if url]

    def purge(self, keys):
        for url in self.urls:
            request = urllib.request.Request(
                url, method="PURGE", headers={"xkey-purge": " ".join(sorted(keys))}
            )
            send(request)


class FastlyPurger:
    """Fastly's purge by surrogate key: ``FASTLY_SERVICE_ID``,
    ``FASTLY_API_TOKEN`` from the environment."""

    api = "https://api.fastly.com"

    def __init__(self):
        self.service = os.environ["FASTLY_SERVICE_ID"]
        self.token = os.environ["FASTLY_API_TOKEN"]

    def purge(self, keys):
        for batch in batches(keys, FASTLY_BATCH):
            send(
                urllib.request.Request(
                    f"{self.api}/service/{self.service}/purge",
                    method="POST",
                    headers={
                        "Fastly-Key": self.token,
                        "Surrogate-Key": " ".join(batch),
                        "Accept": "application/json",
                    },
                )
            )


class CloudflarePurger:
    """Cloudflare's purge by cache tag: ``CLOUDFLARE_ZONE_ID``,
    ``CLOUDFLARE_API_TOKEN`` from the environment."""

    api = "https://api.cloudflare.com/client/v4"

    def __init__(self):
        self.zone = os.environ["CLOUDFLARE_ZONE_ID"]
        self.token = os.environ["CLOUDFLARE_API_TOKEN"]

    def purge(self, keys):
        for batch in batches(keys, CLOUDFLARE_BATCH):
            send(
                urllib.request.Request(
                    f"{self.api}/zones/{self.zone}/purge_cache",
                    method="POST",
                    data=json.dumps({"tags": batch}).encode(),
                    headers={
                        "Authorization": f"Bearer {self.token}",
                        "Content-Type": "application/json",
                    },
                )
            )


@lru_cache(maxsize=1)
def purger():
    return import_string(settings.PURGER)()


@receiver(setting_changed)
def forget_purger(setting, **kwargs):
    if setting in {"PURGER", "VARNISH_URLS"}:
        purger.cache_clear()


def purge(keys):
    """Drop the shared caches' answers tagged with any of ``keys`` now."""
    try:
        purger().purge(set(keys))
    except (OSError, ValueError):
        logger.warning("Could not purge %s from the shared cache.", sorted(keys))
        return False
    return True


def purge_after_commit(keys):
    """Purge ``keys`` once the change that touched them has committed: a job
    written in the same transaction (articles.tasks.purge_keys), so that it
    exists exactly when the change does. Keys already enqueued in this
    transaction at the same savepoint are not enqueued again: one article
    save sends a signal per byline and entity link. (A savepoint rolled back
    takes its jobs with it, so no other level counts.)"""
    if settings.PURGER == "articles.purging.NoPurger":
        return
    from articles.tasks import purge_keys

    connection = transaction.get_connection()
    new = set(keys)
    if connection.in_atomic_block:
        enqueued = pending_keys(connection).setdefault(
            tuple(connection.savepoint_ids), set()
        )
        new -= enqueued
        if not new:
            return
        enqueued.update(new)
    purge_keys.enqueue(sorted(new))


def pending_keys(connection, attribute="_newsroom_purges"):
    """{savepoint ids: keys enqueued there} of the transaction in progress
    (one book per ``attribute``: purges, re-renders)."""
    state = getattr(connection, attribute, None)
    alive = state is not None and any(
        entry[1] is state["marker"] for entry in connection.run_on_commit
    )
    if not alive:
        # A new transaction (the last one committed or rolled back, and took
        # its on_commit marker with it).
        def marker():
            pass

        state = {"marker": marker, "keys": {}}
        setattr(connection, attribute, state)
        transaction.on_commit(marker)
    return state["keys"]
