import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.html import sanitise_body
from articles.validators import validate_language_tag

from .author import Byline
from .entity import Entity


class ArticleQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def published(self):
        """Articles the public may read: published, or scheduled and now due."""
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            published_at__lte=timezone.now(),
        )

    def scheduled(self):
        """Articles waiting for their publication time."""
        return self.filter(
            status=Article.Status.SCHEDULED, published_at__gt=timezone.now()
        )

    def withdrawn(self):
        return self.filter(status=Article.Status.WITHDRAWN)

    def about(self, entity):
        return self.filter(entity_links__entity=entity)

    def by(self, author):
        return self.filter(bylines__author=author).distinct()

    def search(self, query):
        """Articles matching ``query`` in headline, dek or body.

        A plain, portable search; the public site and the API both call this
        one method, so improving it improves both.
        """
        query = (query or "").strip()
        if not query:
            return self.none()
        return self.filter(
            Q(headline__icontains=query)
            | Q(dek__icontains=query)
            | Q(body__icontains=query)
        )

    def with_bylines(self):
        return self.prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def with_page_data(self):
        """Everything an article page or API document shows, in a fixed number
        of queries whatever the number of bylines, entities and updates."""
        return (
            self.select_related("section", "lead_photo")
            .with_bylines()
            .prefetch_related(
                Prefetch(
                    "entity_links",
                    queryset=ArticleEntity.objects.select_related("entity"),
                ),
                "updates",
                Prefetch(
                    "related",
                    queryset=Article.objects.published().select_related("section"),
                ),
            )
        )


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Article(models.Model):
    Status = ArticleStatus

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
        _("dek"), blank=True, help_text=_("The subtitle under the headline.")
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "HTML. Paragraphs, links, lists, quotes and subheads are kept; "
            "scripts, styles and other markup are removed on save."
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
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up on every save, so that concurrent edits are caught."),
    )
    history = HistoricalRecords(excluded_fields=["modified_at"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        get_latest_by = "published_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[choice.value for choice in ArticleStatus]),
                name="article_valid_status",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED]
                )
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
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if self.pk is not None:
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        if self.status == self.Status.SCHEDULED and not self.published_at:
            raise ValidationError(
                {"published_at": _("Give the time this article should go live.")}
            )

    def is_published(self):
        return (
            self.status in {self.Status.PUBLISHED, self.Status.SCHEDULED}
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

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

    def refresh_updated_at(self):
        """Move the 'Actualizada' time to the latest published update.

        Called after updates are saved (admin, API): updates are what readers
        see as changes, ordinary saves are not.
        """
        latest = self.updates.filter(published_at__lte=timezone.now()).aggregate(
            latest=Max("published_at")
        )["latest"]
        if latest and self.published_at and latest < self.published_at:
            latest = self.published_at
        if latest != self.updated_at:
            self.updated_at = latest
            self.save(update_fields=["updated_at", "modified_at"])


class EntityRole(models.TextChoices):
    ABOUT = "about", _("main subject")
    MENTIONS = "mentions", _("mentioned")


class ArticleEntityManager(models.Manager):
    def get_by_natural_key(self, article_slug, entity_slug):
        return self.get(article__slug=article_slug, entity__slug=entity_slug)


class ArticleEntity(models.Model):
    """Links an article to an entity it is about or mentions, in order."""

    Role = EntityRole

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="entity_links"
    )
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("entity"),
        on_delete=models.PROTECT,
        related_name="article_links",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role, default=Role.MENTIONS
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = ArticleEntityManager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("entity of the article")
        verbose_name_plural = _("entities of the article")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "entity"],
                name="article_entity_unique",
                violation_error_message=_("This entity is already linked."),
            ),
            models.UniqueConstraint(
                fields=["article", "order"],
                name="article_entity_unique_order",
                violation_error_message=_("Two entities cannot share a position."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=[choice.value for choice in EntityRole]),
                name="article_entity_valid_role",
            ),
        ]
        indexes = [
            models.Index(fields=["entity", "article"], name="article_entity_idx"),
        ]

    def __str__(self):
        return f"{self.entity} ({self.get_role_display()})"

    def natural_key(self):
        return self.article.natural_key() + self.entity.natural_key()

    natural_key.dependencies = ["articles.article", "articles.entity"]


class UpdateKind(models.TextChoices):
    UPDATE = "update", _("update")
    CORRECTION = "correction", _("correction")
    CLARIFICATION = "clarification", _("clarification")
    EDITORS_NOTE = "editors_note", _("editor's note")


class ArticleUpdate(models.Model):
    """An update, correction or clarification, shown to readers with its note."""

    Kind = UpdateKind

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="updates"
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
