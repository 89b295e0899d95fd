"""``manage.py work``: a worker for the background jobs (``make worker``).

Any number of them may run, on any number of machines: each takes due jobs
from the database with ``SELECT ... FOR UPDATE SKIP LOCKED`` (django-tasks-db's
worker). Between rounds it gives jobs abandoned by a dead worker back to the
queue (``newsroom.queue.recover_abandoned``). With ``TASKS_BACKEND=rq`` the
jobs live in Redis, and RQ's own worker runs them:
``manage.py rqworker default --job-class django_tasks_rq.Job``.
"""

import socket
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from newsroom import queue


class Command(BaseCommand):
    help = "Run background jobs: publishing at its minute, purges, renditions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when no job is due (default: 1).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run every due job, then exit.",
        )
        parser.add_argument(
            "--queue-name", default="default", help="Queues to take jobs from."
        )

    def handle(self, *args, interval, batch, queue_name, verbosity=1, **options):
        if not queue.uses_database():
            raise CommandError(
                "The task backend is not the database: with TASKS_BACKEND=rq, "
                "run `manage.py rqworker default --job-class django_tasks_rq.Job`."
            )
        worker_id = f"{socket.gethostname()[:40]}-{get_random_string(12)}"
        ran = 0
        while True:
            queue.recover_abandoned()
            worker = Worker(
                queue_names=queue_name.split(","),
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            )
            worker.configure_signals()
            worker.run()
            worker.reset_signals()
            ran += worker._run_tasks
            if batch or not worker.running:
                break
            time.sleep(interval)
        if verbosity:
            self.stdout.write(f"Ran {ran} job(s).")
