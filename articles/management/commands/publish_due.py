from django.core.management.base import BaseCommand
from django.db.models import F, Max, Q
from django.utils import timezone

from articles.models import Article


class Command(BaseCommand):
    help = (
        "Publish what has come due: scheduled articles whose time has passed "
        "become published, and updates whose time has passed move their "
        "article's 'Actualizada' time. Run it every minute (cron, systemd)."
    )

    def handle(self, *args, verbosity=1, **options):
        now = timezone.now()
        published = 0
        for article in Article.objects.filter(
            status=Article.Status.SCHEDULED, published_at__lte=now
        ):
            article.status = Article.Status.PUBLISHED
            article.save(update_fields=["status", "modified_at"])
            published += 1
        refreshed = 0
        lagging = (
            Article.objects.filter(updates__published_at__lte=now)
            .annotate(latest_update=Max("updates__published_at"))
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
