"""Stored renders: a published article's reader-facing representations,
rendered when the article or something it shows changes, not when a reader
asks.

A render keeps the versions of the dependency keys it showed
(``articles/invalidation.py``) and the fingerprint of the code and templates
that made it; it is served only while both still hold and the article is
published, otherwise the door renders live (and asks for a re-render).
"""

from django.conf import settings
from django.db import models, router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import invalidation
from articles.cache_keys import depends_on
from articles.invalidation import CACHE_ERRORS
from newsroom.prepared import PreparedQuery, loaded

# What serving a render reads: the render, and of its article whether it may
# be served and the language it speaks.
RENDER_FIELDS = ("id", "article_id", "kind", "article_version", "fingerprint")
RENDER_FIELDS += ("versions", "valid_until", "etag", "content")
ARTICLE_FIELDS = ("id", "slug", "status", "published_at", "version", "language")


def serving_query(slug, kind):
    return StoredRender.objects.filter(article__slug=slug, kind=kind).values_list(
        *RENDER_FIELDS, *(f"article__{name}" for name in ARTICLE_FIELDS)
    )[:1]


# Compiled once: on a cold page it is most of the query's cost.
SERVING = PreparedQuery(serving_query, slug="\ue000slug", kind="\ue000kind")


class StoredRenderQuerySet(models.QuerySet):
    def candidate(self, slug, kind):
        """The render of the article at ``slug`` with what serving it reads of
        its article (one indexed query, compiled once), to serve if the keys
        it shows still hold (``StoredRender.is_servable``); None: render it
        live."""
        if not settings.STORED_RENDERS:
            return None
        using = router.db_for_read(self.model)
        row = SERVING.row(using, slug=slug, kind=kind)
        if row is None:
            return None
        split = len(RENDER_FIELDS)
        article = self.model._meta.get_field("article").related_model
        render = loaded(self.model, using, RENDER_FIELDS, row[:split])
        render.article = loaded(article, using, ARTICLE_FIELDS, row[split:])
        return render

    def servable(self, slug, kind, fingerprint):
        """The render readers may get now of the article at ``slug`` (see
        ``StoredRender.is_servable``), or None: render it live."""
        render = self.candidate(slug, kind)
        if render is None or not render.is_servable(fingerprint):
            return None
        return render

    def servable_items(self, articles, fingerprint):
        """{article id: render} of the API list items readers may get now,
        for ``articles`` already loaded (one query, one cache lookup)."""
        if not settings.STORED_RENDERS:
            return {}
        by_id = {article.pk: article for article in articles}
        renders = list(
            self.filter(article_id__in=by_id, kind=StoredRender.Kind.API_ITEM)
        )
        now = timezone.now()
        keys = set()
        for render in renders:
            render.article = by_id[render.article_id]
            keys.update(render.versions)
        try:
            current = invalidation.versions(keys)
        except CACHE_ERRORS:
            return {}
        return {
            render.article_id: render
            for render in renders
            if render.is_servable(fingerprint, now, current)
        }

    def outdated(self, fingerprint):
        """Made by other code or templates than the running ones."""
        return self.exclude(fingerprint=fingerprint)


class StoredRender(models.Model):
    class Kind(models.TextChoices):
        PAGE = "page", _("article page (article part, JSON-LD)")
        API = "api", _("API detail")
        API_ITEM = "api-item", _("API list item")
        NINJS_3_1 = "ninjs3.1", _("ninjs 3.1")
        NINJS_2_1 = "ninjs2.1", _("ninjs 2.1")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="stored_renders"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    language = models.CharField(max_length=35)
    article_version = models.PositiveIntegerField()
    fingerprint = models.CharField(
        max_length=64, help_text="The code and templates that made it."
    )
    versions = models.JSONField(
        default=dict, help_text="The version of every dependency key it shows."
    )
    valid_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a part it leaves out comes due.",
    )
    etag = models.CharField(max_length=100)
    content = models.TextField()
    rendered_at = models.DateTimeField(default=timezone.now)

    objects = StoredRenderQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind"], name="stored_render_article_kind"
            )
        ]

    def __str__(self):
        return f"{self.article_id} {self.kind} v{self.article_version}"

    def is_servable(self, fingerprint, now=None, current=None):
        """Whether readers may get it now: the article is published in this
        version, the code is the same, nothing it leaves out has come due and
        no key it shows has changed since (one cache lookup, or the
        ``current`` versions looked up for several renders at once)."""
        if not self.is_current(fingerprint, now):
            return False
        if current is None:
            try:
                current = invalidation.versions(self.versions)
            except CACHE_ERRORS:
                return False
        return self.shows_current(current)

    def is_current(self, fingerprint, now=None):
        """``is_servable`` without the keys (no cache lookup): the article is
        published in this version, the code that made it is the running
        code, and nothing it leaves out has come due."""
        article = self.article
        if not article.is_published() or article.version != self.article_version:
            return False
        if self.fingerprint != fingerprint:
            return False
        now = now or timezone.now()
        return self.valid_until is None or now < self.valid_until

    def shows_current(self, current):
        """Whether every key it shows still has the version it showed, in
        ``current`` (versions looked up with others')."""
        return invalidation.unchanged(self.versions, current)

    def record_keys(self):
        """The answer served from it shows what the render showed: the page
        cache and shared caches must record the same keys."""
        depends_on(*self.versions)


class RenderKey(models.Model):
    """A dependency key an article's renders show, to find the articles a
    change makes stale (``entity:7`` names ≈ 13,700 articles at 100,000)."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="render_keys"
    )
    key = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "key"], name="render_key_article_key"
            )
        ]
        indexes = [models.Index(fields=["key"], name="render_key_key_idx")]

    def __str__(self):
        return f"{self.article_id} {self.key}"
