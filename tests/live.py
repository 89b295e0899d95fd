"""Small helpers for the live coverage tests."""

from datetime import timedelta

from django.utils import timezone

from articles.live.models import LiveCoverage, LiveEntry
from tests import factories


def make_live(slug="congreso-en-vivo", **fields):
    article = factories.make_article(
        slug=slug,
        headline="El Congreso debate en vivo",
        body="<p>Resumen.</p>",
        **fields,
    )
    LiveCoverage.objects.create(
        article=article, started_at=article.published_at or timezone.now()
    )
    return article


def add_entry(article, body="<p>Una entrada.</p>", minutes_ago=0, **fields):
    fields.setdefault("status", LiveEntry.Status.PUBLISHED)
    if fields["status"] == LiveEntry.Status.PUBLISHED:
        fields.setdefault(
            "published_at", timezone.now() - timedelta(minutes=minutes_ago)
        )
    return LiveEntry.objects.create(article=article, body=body, **fields)
