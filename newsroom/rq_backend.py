"""RQ as the task backend, for sites that run a broker (``TASKS_BACKEND=rq``).

Redis is outside the database's transaction, so a job is handed to it only
once the change that caused it has committed: a rolled-back save sends
nothing, and a worker never runs before the data it needs is there. A crash
between the commit and the hand-over loses that job; ``publish_due`` is the
safety net for publications, which is why the database backend is the default.
"""

from django.db import transaction
from django_tasks_rq import RQBackend


class RQBackendAfterCommit(RQBackend):
    def enqueue(self, task, args, kwargs):
        send = super().enqueue
        transaction.on_commit(lambda: send(task, args, kwargs))
