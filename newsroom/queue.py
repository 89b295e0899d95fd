"""Background jobs: the one import site of Django's Tasks API.

Django 6 ships the API as ``django.tasks``; on Django 5.2 the ``django-tasks``
backport provides the same names. Code defines jobs with ``@task()`` from here
and enqueues them with ``job.enqueue(...)`` inside the transaction of the
change that causes them: with the database backend (the default) the job row
commits or rolls back with that change.

A job that raises is recorded as failed, with its traceback, and enqueued
again after a growing delay (``RETRY_DELAYS``) until its attempts run out.
A job taken by a worker that died stays "running" until its lease
(``TASK_LEASE_SECONDS``) runs out; then ``recover_abandoned()`` makes it ready
again, so jobs must be safe to run twice (every job here is).
"""

import logging
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.utils import timezone

try:  # Django 6.0 and later
    from django.tasks import TaskResultStatus, default_task_backend
    from django.tasks import task as django_task
except ImportError:  # Django 5.2: the backport
    from django_tasks import TaskResultStatus, default_task_backend
    from django_tasks import task as django_task

__all__ = ["task", "TaskResultStatus", "default_task_backend", "queue_age"]

logger = logging.getLogger(__name__)

# Seconds to wait before the 2nd, 3rd, ... attempt of a failed job.
RETRY_DELAYS = (10, 60, 300, 1800)
ATTEMPTS = len(RETRY_DELAYS) + 1
ATTEMPT = "_attempt"


def task(*, attempts=ATTEMPTS, **options):
    """Make a function a background job that is retried with backoff.

    The attempt number travels as the keyword argument ``_attempt``, so each
    retry is a row of its own: the failed one keeps its error for the admin.
    """

    def decorator(function):
        @wraps(function)
        def run(*args, **kwargs):
            attempt = kwargs.pop(ATTEMPT, 1)
            try:
                return function(*args, **kwargs)
            except Exception:
                if attempt < attempts:
                    delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
                    logger.warning(
                        "Job %s failed (attempt %d of %d); retrying in %d s",
                        function.__name__,
                        attempt,
                        attempts,
                        delay,
                        exc_info=True,
                    )
                    later = timezone.now() + timedelta(seconds=delay)
                    job.using(run_after=later).enqueue(
                        *args, **kwargs, **{ATTEMPT: attempt + 1}
                    )
                raise

        job = django_task(**options)(run)
        return job

    return decorator


def enqueue_at(job, when, *args, **kwargs):
    """Enqueue ``job`` to run at ``when``, or now if the backend cannot wait."""
    if default_task_backend.supports_defer:
        return job.using(run_after=when).enqueue(*args, **kwargs)
    return None


def uses_database():
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def waiting_jobs():
    """Jobs that are due and not taken yet (database backend only)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready()


def queue_age():
    """Seconds the oldest due job has waited, 0 for an empty queue, or None
    when the backend cannot tell (a broker keeps its own books)."""
    if not uses_database():
        return None
    oldest = waiting_jobs().order_by("enqueued_at").first()
    if oldest is None:
        return 0
    run_after = oldest.run_after if oldest.run_after.year < 9999 else None
    since = max(filter(None, [oldest.enqueued_at, run_after]))
    return max(0, round((timezone.now() - since).total_seconds()))


def recover_abandoned(lease=None):
    """Make jobs ready again whose worker took them longer ago than the lease:
    the worker died (or hangs), and the job is retried by another one."""
    from django_tasks_db.models import DBTaskResult

    lease = lease if lease is not None else settings.TASK_LEASE_SECONDS
    cutoff = timezone.now() - timedelta(seconds=lease)
    count = (
        DBTaskResult.objects.running()
        .filter(started_at__lt=cutoff)
        .update(status=TaskResultStatus.READY, started_at=None)
    )
    if count:
        logger.warning("Recovered %d job(s) abandoned by a worker", count)
    return count
