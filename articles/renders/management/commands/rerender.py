"""Re-render the stored renders of published articles, newest first.

After a deploy that changes how articles are rendered, the stored renders
are stale (their fingerprint differs) and readers get live renders until
``rerender --stale`` (the default) has made them again in the background.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, F, Q

from articles.models import Article
from articles.renders import jobs, rendering
from articles.renders.models import StoredRender


class Command(BaseCommand):
    help = (
        "Re-render the stored renders of published articles (missing, made by "
        "other code, or of an older version; --all: every one), newest first: "
        "in batches of background jobs, or here with --now."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--all", action="store_true", help="Every published article."
        )
        which.add_argument(
            "--stale", action="store_true", help="Only stale or missing (default)."
        )
        parser.add_argument(
            "--now", action="store_true", help="Render here instead of enqueuing jobs."
        )
        parser.add_argument(
            "--newest",
            type=int,
            metavar="N",
            help="Only the N newest of them; readers of the others get them "
            "rendered live, and ask for their render.",
        )

    def handle(self, *args, **options):
        articles = Article.objects.published()
        if not options["all"]:
            articles = stale(articles)
        article_ids = articles.newest_first().values_list("pk", flat=True)
        if options["newest"] is not None:
            if options["newest"] < 1:
                raise CommandError("--newest takes a number of articles from 1 up.")
            article_ids = article_ids[: options["newest"]]
        article_ids = list(article_ids)
        if options["now"]:
            for start in range(0, len(article_ids), jobs.BATCH_SIZE):
                jobs.rerender_articles.call(
                    article_ids[start : start + jobs.BATCH_SIZE]
                )
            self.stdout.write(f"Rendered {len(article_ids)} articles.")
        else:
            jobs.enqueue_batches(article_ids)
            self.stdout.write(f"Enqueued {len(article_ids)} articles.")


def stale(articles):
    """Articles without a current render of every kind: missing, made by
    other code or templates, or of an older version of the article."""
    current = Q(
        stored_renders__fingerprint=rendering.fingerprint(),
        stored_renders__article_version=F("version"),
    )
    kinds = len(StoredRender.Kind.values)
    return articles.annotate(current=Count("stored_renders", filter=current)).filter(
        current__lt=kinds
    )
