"""Which task backend runs background jobs, from the environment.

The database (django-tasks-db) is the default everywhere: a job is a row
written in the transaction of the change that causes it, so it exists exactly
when that change committed. ``TASKS_BACKEND=rq`` hands jobs to Redis through
RQ (django-tasks-rq) for sites that run a broker; ``immediate`` runs each job
in the request that enqueued it (a single-process set-up without a worker).
"""

import os

from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "newsroom.rq_backend.RQBackendAfterCommit",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
QUEUES = ["default"]


def tasks_setting():
    name = os.environ.get("TASKS_BACKEND", "db").strip().lower() or "db"
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND={name!r} is not one of {', '.join(sorted(BACKENDS))}."
        )
    return {"default": {"BACKEND": BACKENDS[name], "QUEUES": QUEUES}}


def rq_queues_setting():
    """django-rq's queues: the broker is REDIS_URL (database 1 by default, apart
    from the cache's keys)."""
    url = os.environ.get("TASKS_REDIS_URL") or os.environ.get(
        "REDIS_URL", "redis://127.0.0.1:6379/1"
    )
    return {queue: {"URL": url, "DEFAULT_TIMEOUT": 600} for queue in QUEUES}
