import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.editorial import workflow
from articles.editorial.workflow import PUBLIC_STATUSES, ArticleStatus
from articles.html import sanitise_body
from articles.urls_cache import slug_url
from articles.validators import validate_language_tag

from .article_queryset import ArticleQuerySet
from .body_photos import BodyPhotos
from .entity import Entity
from .links import ArticleLinks
from .page_text import (
    META_DESCRIPTION_MAX_LENGTH,
    SEO_TITLE_MAX_LENGTH,
    ArticlePageText,
)
from .search import BODY_MAX_LENGTH, DEK_MAX_LENGTH
from .state_changes import ArticleStateChanges


class SourceSystem(models.TextChoices):
    TEXT = "text", _("plain text")
    NINJS = "ninjs", _("IPTC ninjs")


class Article(
    ArticleLinks, ArticlePageText, ArticleStateChanges, BodyPhotos, models.Model
):
    Status = ArticleStatus
    SourceSystem = SourceSystem

    class BylineKind(models.TextChoices):
        AUTHORS = "authors", _("authors")
        DESK = "desk", _("desk or agency credit")
        NONE = "none", _("no byline")

    uuid = models.UUIDField(
        _("permanent ID"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Never changes, even when the slug does (ninjs uri, JSON-LD @id)."),
    )
    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the article's address. Avoid changing it."),
    )
    dek = models.TextField(
        _("dek"),
        blank=True,
        validators=[MaxLengthValidator(DEK_MAX_LENGTH)],
        help_text=_("The subtitle under the headline. At most 3,000 characters."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        validators=[MaxLengthValidator(BODY_MAX_LENGTH)],
        help_text=_(
            "HTML. Paragraphs, links, lists, quotes and subheads are kept; "
            "scripts, styles and other markup are removed on save. At most "
            "150,000 characters (about 25,000 words)."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=35,
        default="es",
        validators=[validate_language_tag],
        help_text=_("BCP 47 tag, e.g. es or en."),
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    lead_photo = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("lead photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    seo_title = models.CharField(
        _("SEO title"),
        max_length=SEO_TITLE_MAX_LENGTH,
        blank=True,
        help_text=_(
            "The title search engines and social cards show, if it should "
            "differ from the headline. At most 70 characters; left blank, the "
            "headline is used."
        ),
    )
    meta_description = models.CharField(
        _("meta description"),
        max_length=META_DESCRIPTION_MAX_LENGTH,
        blank=True,
        help_text=_(
            "The summary under the title in search results and social cards. "
            "At most 160 characters; left blank, the dek is used."
        ),
    )
    social_image = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("social image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="social_articles",
        help_text=_(
            "The photo shown when the article is shared. Left empty, the lead "
            "photo is used."
        ),
    )
    inline_photos = models.ManyToManyField(
        "articles.Photo",
        verbose_name=_("photos in the body"),
        blank=True,
        editable=False,
        related_name="inline_in",
        help_text=_("Filled on save from the photo blocks of the body."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_(
            "First publication. For a scheduled article, the time it goes live."
        ),
    )
    updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_(
            "The 'Actualizada' time readers see. It moves when an update or "
            "correction is published, not on every save."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)
    byline_text = models.CharField(
        _("desk or agency credit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Used when no author is credited, e.g. 'Redacción' or 'Agencias'. "
            "Leave blank, with no bylines, for an article without a byline."
        ),
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("related articles"),
        symmetrical=False,
        blank=True,
        related_name="related_from",
    )
    entities = models.ManyToManyField(
        Entity,
        through="articles.ArticleEntity",
        related_name="articles",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The desk account that created it: a reporter edits their own."),
    )
    withdrawal_reason = models.TextField(
        _("withdrawal reason"),
        blank=True,
        help_text=_(
            "Shown to readers on the withdrawal notice, e.g. 'The article "
            "relied on a source we could not verify.'"
        ),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up on every save, so that concurrent edits are caught."),
    )
    # Where an imported article came from (articles/importing/); empty for
    # articles written here. The pair (source_system, source_id) identifies
    # the item, so that importing it again updates the same article.
    source_system = models.CharField(
        _("source system"), max_length=20, choices=SourceSystem, blank=True
    )
    source_id = models.CharField(
        _("original ID"),
        max_length=500,
        blank=True,
        help_text=_("The ninjs uri, or a fingerprint of the imported text."),
    )
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    source_metadata = models.JSONField(
        _("source metadata"),
        default=dict,
        blank=True,
        help_text=_("What the source said that has no field here, kept as sent."),
    )
    history = HistoricalRecords(excluded_fields=["modified_at"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        get_latest_by = "published_at"
        # Model permissions say what a role may touch; these say what it may
        # do to an article's state (see articles/editorial/roles.py).
        permissions = [
            ("edit_any_article", _("Can edit any article, whatever its state")),
            ("publish_article", _("Can publish and schedule articles")),
            ("withdraw_article", _("Can withdraw articles")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[choice.value for choice in ArticleStatus]),
                name="article_valid_status",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=list(PUBLIC_STATUSES))
                | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_(
                    "A published or scheduled article needs a publication time."
                ),
            ),
            models.CheckConstraint(
                condition=Q(updated_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(updated_at__gte=F("published_at")),
                name="article_updated_after_published",
                violation_error_message=_(
                    "The update time cannot be earlier than the publication time."
                ),
            ),
            models.UniqueConstraint(
                fields=["source_system", "source_id"],
                condition=~Q(source_id=""),
                name="article_unique_source_item",
                violation_error_message=_("This item has already been imported."),
            ),
            models.CheckConstraint(
                condition=Q(source_system="", source_id="")
                | (~Q(source_system="") & ~Q(source_id="")),
                name="article_source_system_with_id",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "-published_at"], name="article_status_pub_idx"
            ),
            models.Index(
                fields=["section", "status", "-published_at"],
                name="article_section_pub_idx",
            ),
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
            models.Index(fields=["modified_at"], name="article_modified_idx"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = sanitise_body(self.body)
        self.stamp_publication_time()
        if self.pk is not None:
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
        self.save_inline_photos()
        if self.is_scheduled():
            from articles.tasks import publish_when_due, run_at

            run_at(publish_when_due, self.published_at, self.pk)

    def get_absolute_url(self):
        return slug_url("articles:article_detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        self.stamp_publication_time()
        if self.status == self.Status.SCHEDULED and not self.published_at:
            raise ValidationError(
                {"published_at": _("Give the time this article should go live.")}
            )
        self.check_body_photos()
        if self.status == self.Status.WITHDRAWN and not self.withdrawal_reason.strip():
            raise ValidationError(
                {
                    "withdrawal_reason": _(
                        "Say why the article is withdrawn: readers see it on "
                        "the withdrawal notice."
                    )
                }
            )

    def stamp_publication_time(self):
        """Publishing without a time publishes now (before validation, so that
        the constraint that published articles have a time holds)."""
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()

    def is_published(self):
        """Whether readers may read it now (``published()`` for one article)."""
        return workflow.is_public(self.status, self.published_at)

    def is_scheduled(self):
        """Scheduled and still waiting for its time (``scheduled()``)."""
        return workflow.is_scheduled(self.status, self.published_at)

    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    def has_public_page(self):
        """Its address answers the public: the page, or the withdrawal notice."""
        return self.is_published() or self.is_withdrawn()

    @property
    def public_key(self):
        return f"article:{self.pk}"

    def public_keys(self):
        """What a change of this article makes stale: its own answers and the
        lists it is (or, scheduled, will be) on. None for work readers never
        saw: a draft save touches nothing public."""
        if self.status not in workflow.PAGE_STATUSES or self.pk is None:
            return set()
        keys = {
            self.public_key,
            "list:home",
            "list:api",
            "list:corrections",
            "feeds",
            "sitemap",
            f"list:section:{self.section_id}",
        }
        keys.update(
            f"list:photo:{photo}"
            for photo in (self.lead_photo_id, self.social_image_id)
            if photo
        )
        keys.update(
            f"list:photo:{photo}"
            for photo in self.inline_photos.values_list("pk", flat=True)
        )
        keys.update(
            f"list:author:{author}"
            for author in self.bylines.values_list("author_id", flat=True)
        )
        keys.update(
            f"list:entity:{entity}"
            for entity in self.entity_links.values_list("entity_id", flat=True)
        )
        return keys

    def is_by(self, user):
        return Article.objects.written_by(user).filter(pk=self.pk).exists()

    def hidden_related(self, user):
        """The related articles ``user`` may not read: a change of the related
        list by them keeps these, which they can neither see nor remove."""
        if self.pk is None:
            return []
        visible = Article.objects.visible_to(user).values("pk")
        return list(self.related.exclude(pk__in=visible))

    def changes_since(self, version):
        """What was saved after ``version``, from the history: the fields
        changed, who saved and when. None when nothing was."""
        records = list(
            self.history.filter(version__gte=version)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        later = [record for record in records if record.version > version]
        if not later:
            return None
        base = next((r for r in records if r.version == version), None)
        fields = later[-1].diff_against(base).changed_fields if base else []
        users = []
        for record in later:
            name = str(record.history_user) if record.history_user else _("someone")
            if name not in users:
                users.append(name)
        return {
            "fields": fields,
            "users": users,
            "saved_at": later[-1].history_date,
            "version": later[-1].version,
        }

    @property
    def byline_kind(self):
        """Whether the article credits authors, a desk or agency, or no one."""
        if self.bylines.all():
            return self.BylineKind.AUTHORS
        if self.byline_text:
            return self.BylineKind.DESK
        return self.BylineKind.NONE

    @property
    def byline_names(self):
        """The printed byline: 'Ana Pérez y Luis Soto', a desk credit, or ''."""
        names = [byline.author.name for byline in self.bylines.all()]
        if names:
            return get_text_list(names, _("and"))
        return self.byline_text

    def published_updates(self):
        """The updates readers see now, from the prefetched ``updates``."""
        return [update for update in self.updates.all() if update.is_published()]

    @property
    def reader_updated_at(self):
        """The 'Actualizada' time as readers see it now: the latest published
        update, even one that came due since ``updated_at`` was stored."""
        times = [update.published_at for update in self.published_updates()]
        if self.updated_at:
            times.append(self.updated_at)
        if not times:
            return None
        return max(max(times), self.published_at or max(times))

    def refresh_updated_at(self, touch=True):
        """Move the 'Actualizada' time to the latest published update.

        Called after any update is written or deleted (admin, API): updates are
        what readers see as changes, ordinary saves are not. With ``touch`` it
        saves even when the time stays, so that ``version`` and ``modified_at``
        (and so every ETag) move when an update's note is edited; a caller
        that has just saved the article passes ``touch=False``.
        """
        latest = self.updates.published().aggregate(latest=Max("published_at"))[
            "latest"
        ]
        if latest and self.published_at and latest < self.published_at:
            latest = self.published_at
        if touch or latest != self.updated_at:
            self.updated_at = latest
            self.save(update_fields=["updated_at", "modified_at"])
