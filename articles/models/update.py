from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UpdateKind(models.TextChoices):
    UPDATE = "update", _("update")
    CORRECTION = "correction", _("correction")
    CLARIFICATION = "clarification", _("clarification")
    EDITORS_NOTE = "editors_note", _("editor's note")


# The kinds that correct the record, listed on the corrections page.
CORRECTION_KINDS = (UpdateKind.CORRECTION, UpdateKind.CLARIFICATION)


class ArticleUpdateQuerySet(models.QuerySet):
    def published(self):
        """Updates readers see: those whose time has come."""
        return self.filter(published_at__lte=timezone.now())

    def corrections(self):
        """Corrections and clarifications: the public record of our mistakes."""
        return self.filter(kind__in=CORRECTION_KINDS)


class ArticleUpdate(models.Model):
    """An update, correction or clarification, shown to readers with its note."""

    Kind = UpdateKind

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="updates"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.UPDATE)
    note = models.TextField(
        _("note"),
        help_text=_("Shown to readers, e.g. 'An earlier version misspelled …'."),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ArticleUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("update or correction")
        verbose_name_plural = _("updates and corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[choice.value for choice in UpdateKind]),
                name="article_update_valid_kind",
            ),
            models.CheckConstraint(
                condition=~Q(note=""), name="article_update_has_note"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "-published_at"], name="update_kind_pub_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.note[:60]}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.is_published():
            from articles.tasks import refresh_update_time, run_at

            run_at(refresh_update_time, self.published_at, self.article_id)

    def is_published(self):
        return self.published_at <= timezone.now()

    def public_keys(self):
        """Shown on its article's page and the corrections list."""
        return self.article.public_keys()

    def is_correction(self):
        return self.kind in CORRECTION_KINDS
