"""Background jobs of the newsroom: what happens at a minute set in advance.

Scheduling an article or an update enqueues its publication for that minute
(``run_after``), so readers, feeds, the sitemap, purges and the stored status
all move at the scheduled time without cron. ``publish_due`` stays as the
safety net (a backend that cannot wait, a job lost with a broker).
"""

from django.db import transaction
from django.utils import timezone

from newsroom.queue import enqueue_at, task, uses_database


@task()
def publish_when_due(article_id):
    """Store the scheduled article as published, once its time has come. A job
    for a time that was changed since finds it not yet due, and leaves it."""
    from articles.models import Article

    article = Article.objects.filter(pk=article_id).first()
    if article is None or article.status != Article.Status.SCHEDULED:
        return "not scheduled"
    if article.published_at > timezone.now():
        return "not yet due"
    article.publish(commit=False)
    article.save(update_fields=["status", "modified_at"])
    return "published"


@task()
def refresh_update_time(article_id):
    """Move the article's 'Actualizada' time when an update comes due."""
    from articles.models import Article

    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return "gone"
    article.refresh_updated_at(touch=False)
    return "refreshed"


def run_at(job, when, *args):
    """Enqueue ``job`` for ``when``, unless the same job already waits for it
    (an article saved ten times while scheduled has one job)."""
    if uses_database():
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(
            status="READY",
            task_path=job.module_path,
            run_after=when,
            args_kwargs={"args": list(args), "kwargs": {}},
        )
        if waiting.exists():
            return None
    return enqueue_at(job, when, *args)


@task()
def purge_keys(keys):
    """Drop from the shared caches (CDN, Varnish) every answer tagged with one
    of ``keys``; a purger that fails raises, so the job is retried."""
    from articles import purging

    purging.purger().purge(set(keys))
    return f"purged {len(keys)} keys"


@task()
def make_renditions(photo_id, key):
    """Make the photo's renditions for its file and focal point as they were
    when the job was enqueued, then mark the pages that show it stale."""
    from articles import invalidation, purging
    from articles.models import Photo
    from articles.pictures import making

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None or not photo.image:
        return "gone"
    if photo.rendition_key != key:
        return "changed since"  # the job of the newer key makes them
    count = making.make_renditions(photo)
    keys = photo.public_keys()
    invalidation.touch(keys)
    transaction.on_commit(lambda: invalidation.touch(keys))
    purging.purge_after_commit(keys)
    return f"made {count} renditions"
