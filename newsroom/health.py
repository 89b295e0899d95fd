"""``/healthz`` for the load balancer and the monitor: can this process reach
the database and the cache right now?

Cheap on purpose: one ``SELECT 1`` and a cache round trip, no session, no
template, never cached. It answers 503 as long as either is missing, also when
the app was started before its database came up. A cache that does not
answer is reported, but the answer stays 200 ("degraded"): the cache is an
accelerator, and every door works without it, so a load balancer must not
take the servers out of rotation for it. The age of the oldest due job
(``queue_age_seconds``) tells the monitor whether workers keep up; it never
makes the answer fail, since readers do not wait for jobs."""

import logging
import secrets

from django.core.cache import cache
from django.db import Error as DatabaseError
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsroom import queue
from newsroom.errors import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    checks = {"database": database_answers(), "cache": cache_answers()}
    healthy = checks["database"]
    if not healthy:
        status = "unavailable"
    else:
        status = "ok" if all(checks.values()) else "degraded"
    response = JsonResponse(
        {
            "status": status,
            **{name: "ok" if ok else "error" for name, ok in checks.items()},
            "queue_age_seconds": queue_age() if healthy else None,
        },
        status=200 if healthy else 503,
    )
    if not healthy:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("healthz: the database does not answer", exc_info=True)
        return False


def queue_age():
    try:
        return queue.queue_age()
    except DatabaseError:
        logger.warning("healthz: the job queue does not answer", exc_info=True)
        return None


def cache_answers():
    """Writes and reads back a key of its own, so that checks running at the
    same time in other processes cannot answer for each other."""
    key, token = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, token, timeout=10)
        answered = cache.get(key) == token
        cache.delete(key)
        return answered
    except Exception:  # each cache backend raises its own connection errors
        logger.warning("healthz: the cache does not answer", exc_info=True)
        return False
