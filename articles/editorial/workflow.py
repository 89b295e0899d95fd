"""The states of an article and which of them readers see.

Plain values, importing no model: ``Article`` takes its status choices from
here, and every door (pages, feeds, API, ninjs, admin) asks these questions
through the model (``Article.is_published()``, ``has_public_page()``) or its
QuerySet (``published()``, ``with_public_page()``).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Readers see an article in these states (in this order, that of the partial
# indexes of migration 0006) once its publication time has come;
# only those who may publish put an article in them.
PUBLIC_STATUSES = (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED)
# An article in these states has a public address: its page, or the
# withdrawal notice (410) that replaces it.
PAGE_STATUSES = (*PUBLIC_STATUSES, ArticleStatus.WITHDRAWN)
# The states a reporter works in; the others are the editors'.
REPORTER_STATUSES = (ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW)
# What the state actions apply to: publishing and scheduling what is not out
# yet, withdrawing what readers can see (or will).
UNPUBLISHED_STATUSES = (*REPORTER_STATUSES, ArticleStatus.SCHEDULED)


def is_public(status, published_at, now=None):
    """Whether readers see an article in ``status`` published at
    ``published_at``: published, or scheduled and now due."""
    now = timezone.now() if now is None else now
    return (
        status in PUBLIC_STATUSES and published_at is not None and published_at <= now
    )


def is_scheduled(status, published_at, now=None):
    """Whether a scheduled article is still waiting for its time."""
    now = timezone.now() if now is None else now
    return (
        status == ArticleStatus.SCHEDULED and bool(published_at) and published_at > now
    )
