"""The task queue: jobs commit with their change, run at their minute,
retry with backoff, survive a dead worker; the admin and /healthz show them."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from articles.tasks import publish_when_due, refresh_update_time
from newsroom.queue import recover_abandoned, task
from tests.factories import add_update, make_article

pytestmark = pytest.mark.django_db

FAILURES = {"left": 0}


@task()
def flaky(value):
    """Fails while ``FAILURES['left']`` is positive."""
    if FAILURES["left"] > 0:
        FAILURES["left"] -= 1
        raise RuntimeError("the wire service did not answer")
    return value


def jobs_for(job):
    return DBTaskResult.objects.filter(task_path=job.module_path)


def scheduled(minutes=30, **fields):
    return make_article(
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(minutes=minutes),
        **fields,
    )


def test_scheduling_enqueues_publication_at_its_minute():
    article = scheduled()
    job = jobs_for(publish_when_due).get()
    assert job.status == "READY"
    assert job.run_after == article.published_at
    assert job.args_kwargs["args"] == [article.pk]


def test_saving_a_scheduled_article_again_keeps_one_job():
    article = scheduled()
    article.headline = "Otro titular"
    article.save()
    assert jobs_for(publish_when_due).count() == 1


def test_a_new_time_gets_a_job_of_its_own():
    article = scheduled()
    article.published_at += timedelta(minutes=10)
    article.save()
    times = set(jobs_for(publish_when_due).values_list("run_after", flat=True))
    assert article.published_at in times and len(times) == 2


def test_a_rolled_back_save_leaves_no_job():
    with pytest.raises(RuntimeError), transaction.atomic():
        scheduled()
        raise RuntimeError("the editor's save failed half-way")
    assert not Article.objects.exists()
    assert not jobs_for(publish_when_due).exists()


def test_a_draft_or_published_article_enqueues_nothing():
    make_article(status=Article.Status.DRAFT)
    make_article()
    assert not jobs_for(publish_when_due).exists()


def test_publication_runs_at_its_minute_without_cron(clock, run_tasks):
    article = scheduled(minutes=5)
    assert run_tasks() == 0  # not due: the worker leaves it
    clock.move(minutes=5, seconds=1)
    assert run_tasks() == 2  # the publication, then its stored renders
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert jobs_for(publish_when_due).get().status == "SUCCESSFUL"


def test_a_job_for_a_moved_time_leaves_the_article_waiting(clock, run_tasks):
    article = scheduled(minutes=5)
    article.published_at += timedelta(hours=1)
    article.save()
    clock.move(minutes=6)
    assert run_tasks() == 1
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED


def test_an_update_moves_the_update_time_at_its_minute(clock, run_tasks):
    article = make_article()
    due = timezone.now() + timedelta(minutes=20)
    add_update(article, "Se corrigió la fecha.", published_at=due)
    article.refresh_from_db()
    assert article.updated_at is None
    assert jobs_for(refresh_update_time).get().run_after == due
    clock.move(minutes=21)
    assert run_tasks() == 2  # the update time, then the stored renders
    article.refresh_from_db()
    assert article.updated_at == due


def test_a_failed_job_is_retried_with_backoff(clock, run_tasks):
    FAILURES["left"] = 1
    flaky.enqueue("listo")
    assert run_tasks() == 1
    failed = jobs_for(flaky).get(status="FAILED")
    assert "the wire service did not answer" in failed.traceback
    retry = jobs_for(flaky).get(status="READY")
    assert retry.args_kwargs == {"args": ["listo"], "kwargs": {"_attempt": 2}}
    assert retry.run_after >= timezone.now() + timedelta(seconds=9)
    assert run_tasks() == 0  # the backoff holds it back
    clock.move(seconds=11)
    assert run_tasks() == 1
    assert jobs_for(flaky).get(status="SUCCESSFUL").return_value == "listo"


def test_retries_stop_when_the_attempts_run_out(clock, run_tasks):
    FAILURES["left"] = 100
    flaky.enqueue("nunca")
    for _ in range(6):
        run_tasks()
        clock.move(hours=1)
    assert jobs_for(flaky).filter(status="FAILED").count() == 5
    assert not jobs_for(flaky).filter(status="READY").exists()
    FAILURES["left"] = 0


def claimed_by_a_dead_worker(minutes_ago):
    result = flaky.enqueue("rescatado")
    job = DBTaskResult.objects.get(pk=result.id)
    job.claim("worker-that-died")
    DBTaskResult.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return job


def test_a_job_of_a_dead_worker_is_run_again_after_its_lease(run_tasks):
    FAILURES["left"] = 0
    job = claimed_by_a_dead_worker(minutes_ago=11)
    assert run_tasks() == 1
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    assert job.worker_ids[0] == "worker-that-died" and len(job.worker_ids) == 2


def test_a_running_job_within_its_lease_is_left_to_its_worker(run_tasks):
    job = claimed_by_a_dead_worker(minutes_ago=2)
    assert recover_abandoned() == 0
    assert run_tasks() == 0
    job.refresh_from_db()
    assert job.status == "RUNNING"


def test_healthz_reports_the_age_of_the_oldest_due_job(client, clock):
    assert client.get("/healthz").json()["queue_age_seconds"] == 0
    flaky.enqueue("espera")
    clock.move(seconds=42)
    assert client.get("/healthz").json()["queue_age_seconds"] == 42


def test_a_job_waiting_for_its_minute_is_not_late(client, clock):
    scheduled(minutes=10)
    clock.move(minutes=3)
    assert client.get("/healthz").json()["queue_age_seconds"] == 0
    clock.move(minutes=8)
    assert client.get("/healthz").json()["queue_age_seconds"] == 60


def test_the_admin_lists_failed_jobs_with_their_error_and_retries(
    editor_client, run_tasks
):
    FAILURES["left"] = 1
    flaky.enqueue("de nuevo")
    run_tasks()
    page = editor_client.get("/admin/django_tasks_database/dbtaskresult/?state=failed")
    assert page.status_code == 200
    assert "RuntimeError: the wire service did not answer" in page.content.decode()
    failed = jobs_for(flaky).get(status="FAILED")
    answer = editor_client.post(
        "/admin/django_tasks_database/dbtaskresult/",
        {"action": "retry", "_selected_action": [str(failed.pk)]},
    )
    assert answer.status_code == 302
    waiting = jobs_for(flaky).filter(status="READY")
    assert waiting.count() == 2  # the backoff's own retry and the editor's
    assert {"args": ["de nuevo"], "kwargs": {}} in [j.args_kwargs for j in waiting]


def test_desk_accounts_without_the_permission_cannot_retry(client, desk_editor):
    from tests.editorial import desk_login

    desk_login(client, desk_editor)
    page = client.get("/admin/django_tasks_database/dbtaskresult/")
    assert page.status_code == 403


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url("redis://127.0.0.1:6379/1").ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379")
def test_the_broker_backend_runs_the_same_jobs(
    settings, clock, django_capture_on_commit_callbacks
):
    """TASKS_BACKEND=rq: jobs go to Redis, after the change commits, and RQ's
    worker runs them; a scheduled publication waits in RQ's scheduler."""
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    from newsroom.task_backends import BACKENDS, rq_queues_setting

    settings.RQ_QUEUES = rq_queues_setting()
    settings.TASKS = {"default": {"BACKEND": BACKENDS["rq"]}}
    redis_queue = django_rq.get_queue("default")
    redis_queue.empty()
    article = make_article(status=Article.Status.SCHEDULED, published_at=clock.now)
    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        publish_when_due.enqueue(article.pk)
        raise RuntimeError("rolled back")
    assert redis_queue.count == 0  # a rolled-back change sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        publish_when_due.enqueue(article.pk)
        assert redis_queue.count == 0  # not before the commit
    assert redis_queue.count == 1
    SimpleWorker([redis_queue], connection=redis_queue.connection, job_class=Job).work(
        burst=True
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
