from django.core.management.base import BaseCommand
from django.db.models import F, OuterRef, Q, Subquery

from articles.models import Article, ArticleUpdate


class Command(BaseCommand):
    help = (
        "Publish what has come due: scheduled articles whose time has passed "
        "become published, and updates whose time has passed move their "
        "article's 'Actualizada' time. Run it every minute (cron, systemd)."
    )

    def handle(self, *args, verbosity=1, **options):
        published = 0
        for article in Article.objects.published().filter(
            status=Article.Status.SCHEDULED
        ):
            # Due, so publish() keeps its time; only the state is written.
            article.publish(commit=False)
            article.save(update_fields=["status", "modified_at"])
            published += 1
        refreshed = 0
        latest_update = (
            ArticleUpdate.objects.published()
            .filter(article=OuterRef("pk"))
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        lagging = (
            Article.objects.annotate(latest_update=Subquery(latest_update))
            .filter(latest_update__isnull=False)
            .filter(Q(updated_at__isnull=True) | Q(updated_at__lt=F("latest_update")))
        )
        for article in lagging:
            article.refresh_updated_at()
            refreshed += 1
        if verbosity:
            self.stdout.write(
                f"Published {published} scheduled article(s); moved the update "
                f"time of {refreshed} article(s)."
            )
