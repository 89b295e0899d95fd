"""Live coverage: an article that grows with short, timestamped entries.

The article keeps everything an article has; ``LiveCoverage`` makes it a
live coverage (live, then ended). Entries are rows of their own, so several
editors post at once without touching the article (its ``version``, and so
its stale-save protection, never moves because of an entry).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.desk.models import Presence
from articles.html import sanitise_body
from articles.models.body_photos import check_photo_references

ENTRY_BODY_MAX_LENGTH = 20_000
# Clocks differ a little between the desk's machines.
FUTURE_MARGIN = timedelta(minutes=1)


def live_key(article_id):
    """The dependency key of what shows a live's entries: its page, its
    endpoint, its feed and its entries in the API."""
    return f"live:{article_id}"


class LiveCoverageQuerySet(models.QuerySet):
    def running(self):
        return self.filter(state=LiveCoverage.State.LIVE)


class LiveCoverage(models.Model):
    class State(models.TextChoices):
        LIVE = "live", _("live")
        ENDED = "ended", _("ended")

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="live_coverage",
        verbose_name=_("article"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.LIVE
    )
    started_at = models.DateTimeField(
        _("coverage start"),
        default=timezone.now,
        help_text=_("When the coverage began (coverageStartTime)."),
    )
    ended_at = models.DateTimeField(
        _("coverage end"),
        null=True,
        blank=True,
        help_text=_("Filled when the coverage ends; readers see it has ended."),
    )
    history = HistoricalRecords()

    objects = LiveCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("live coverage")
        verbose_name_plural = _("live coverages")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["live", "ended"]), name="live_valid_state"
            ),
            models.CheckConstraint(
                condition=Q(state="live") | Q(ended_at__isnull=False),
                name="live_ended_has_end_time",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True)
                | Q(ended_at__gte=models.F("started_at")),
                name="live_ends_after_start",
                violation_error_message=_("The coverage cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.article} ({self.get_state_display()})"

    def save(self, *args, **kwargs):
        if self.state == self.State.ENDED and self.ended_at is None:
            self.ended_at = timezone.now()
        if self.state == self.State.LIVE:
            self.ended_at = None
        super().save(*args, **kwargs)

    def is_live(self):
        return self.state == self.State.LIVE

    def end(self, when=None):
        self.state = self.State.ENDED
        self.ended_at = when or timezone.now()
        self.save()

    def public_keys(self):
        """Its state shows on the page and on every list with the label."""
        keys = self.article.public_keys()
        return keys | {live_key(self.article_id)} if keys else keys


class LiveEntryQuerySet(models.QuerySet):
    def published(self):
        """Entries readers see: published, in a live article readers see."""
        from articles.models import Article

        return self.filter(
            status=LiveEntry.Status.PUBLISHED,
            published_at__lte=timezone.now(),
            article__in=Article.objects.published(),
        )

    def visible_in(self, article):
        """The published entries of an article already known to be public."""
        return self.filter(
            article=article,
            status=LiveEntry.Status.PUBLISHED,
            published_at__lte=timezone.now(),
        )

    def visible_to(self, user):
        """What the desk sees: editors every entry; reporters the published
        ones and their own (as with articles)."""
        from articles.editorial.roles import is_editor

        if is_editor(user):
            return self
        return self.filter(
            Q(status=LiveEntry.Status.PUBLISHED) | Q(created_by_id=user.pk)
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_readers(self):
        return self.select_related("author", "photo").prefetch_related("corrections")


class LiveEntry(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    uuid = models.UUIDField(
        _("permanent ID"), default=uuid.uuid4, unique=True, editable=False
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="live_entries",
        verbose_name=_("live coverage"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(
        _("body"),
        help_text=_("A few paragraphs. Scripts and styles are removed on save."),
    )
    author = models.ForeignKey(
        "articles.Author",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_entries",
        verbose_name=_("author"),
        help_text=_("The byline readers see on the entry."),
    )
    photo = models.ForeignKey(
        "articles.Photo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_entries",
        verbose_name=_("photo"),
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Shown first, above the others.")
    )
    key_event = models.BooleanField(
        _("key event"),
        default=False,
        help_text=_("Listed among the key events readers can jump to."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, help_text=_("The time readers see.")
    )
    withdrawal_reason = models.TextField(_("withdrawal reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["modified_at"])

    objects = LiveEntryQuerySet.as_manager()
    # The photos of its blocks by UUID, when loaded for a whole list of
    # entries (articles/live/views.py); otherwise looked up as it renders.
    body_photos = None

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "withdrawn"]),
                name="live_entry_valid_status",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="live_entry_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="live_entry_withdrawn_has_reason",
                violation_error_message=_("Say why the entry is withdrawn."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["article", "status", "-published_at"],
                name="live_entry_article_pub_idx",
            ),
            models.Index(
                fields=["article", "modified_at"], name="live_entry_modified_idx"
            ),
        ]

    def __str__(self):
        return self.title or self.body_text()[:60]

    def save(self, *args, **kwargs):
        self.body = sanitise_body(self.body)
        self.stamp_publication_time()
        if self.pk is not None:
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def stamp_publication_time(self):
        """Publishing without a time publishes now (before validation, so that
        the constraint that published entries have a time holds)."""
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()

    def clean(self):
        self.stamp_publication_time()
        if len(self.body) > ENTRY_BODY_MAX_LENGTH:
            raise ValidationError({"body": _("An entry is at most 20,000 characters.")})
        if not sanitise_body(self.body).strip():
            raise ValidationError({"body": _("Write the entry.")})
        check_photo_references(self.body)
        if self.status == self.Status.WITHDRAWN and not self.withdrawal_reason.strip():
            raise ValidationError(
                {"withdrawal_reason": _("Say why the entry is withdrawn.")}
            )
        if self.published_at and self.published_at > timezone.now() + FUTURE_MARGIN:
            # Entries are news of the moment: nothing would bring a future one
            # to the cached page when its time came.
            raise ValidationError(
                {"published_at": _("An entry cannot be published in the future.")}
            )

    @property
    def anchor(self):
        return f"entrada-{self.pk}"

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def publish(self):
        self.status = self.Status.PUBLISHED
        self.published_at = self.published_at or timezone.now()
        self.save()

    def body_text(self):
        from django.utils.html import strip_tags

        return " ".join(strip_tags(self.body).split())

    def headline(self):
        """What a feed or JSON-LD calls the entry: its title, or its start."""
        return self.title or self.body_text()[:110]

    def published_corrections(self):
        return [c for c in self.corrections.all() if c.published_at <= timezone.now()]

    def public_keys(self):
        """A published entry shows on its live's page, endpoint and feed;
        a draft touches nothing."""
        if not self.is_published() or not self.article.is_published():
            return set()
        return {live_key(self.article_id)}


class LiveEntryCorrection(models.Model):
    """A correction of one entry: the entry says it was corrected, with the
    note and the time."""

    entry = models.ForeignKey(
        LiveEntry,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("entry"),
    )
    note = models.TextField(
        _("note"),
        help_text=_("Shown to readers, e.g. 'An earlier version said 60 votes.'"),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("entry correction")
        verbose_name_plural = _("entry corrections")
        constraints = [
            models.CheckConstraint(
                condition=~Q(note=""), name="live_correction_has_note"
            )
        ]

    def __str__(self):
        return self.note[:60]

    def public_keys(self):
        return self.entry.public_keys()


class LiveDeskPresence(Presence):
    """Someone has the live desk of an article open (writing entries): the
    desk's presence, in rows of its own so that the article form does not
    take entry writers for editors of the article."""

    class Meta:
        verbose_name = _("open live desk")
        verbose_name_plural = _("open live desks")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="live_one_presence_per_user"
            )
        ]
