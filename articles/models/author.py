from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.urls_cache import slug_url

from .base import SlugQuerySet


class AuthorQuerySet(SlugQuerySet):
    article_lookup = "bylines__author"
    article_lookup_repeats = True


class Author(models.Model):
    class Category(models.TextChoices):
        STAFF = "staff", _("staff")
        WIRE = "wire", _("wire agency")
        FREELANCE = "freelance", _("freelance")
        OTHER = "other", _("other")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("As printed in the byline.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the author page's address."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 'Corresponsal en Lima'."),
    )
    affiliation = models.CharField(
        _("affiliation"),
        max_length=200,
        blank=True,
        help_text=_("The newsroom or agency the author writes for."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category, default=Category.STAFF
    )
    bio = models.TextField(
        _("short bio"),
        blank=True,
        help_text=_("One or two sentences shown on the author's page."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_(
            "The desk account of this author: a reporter may edit the drafts "
            "that carry their byline."
        ),
    )
    history = HistoricalRecords()

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:author_detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def public_key(self):
        """Recorded by every public answer that shows it (articles.cache_keys)."""
        return f"author:{self.pk}"

    def public_keys(self):
        return {self.public_key}


class BylineRole(models.TextChoices):
    AUTHOR = "author", _("author")
    REPORTER = "reporter", _("reporter")
    CONTRIBUTOR = "contributor", _("contributor")
    PHOTOGRAPHER = "photographer", _("photographer")
    EDITOR = "editor", _("editor")
    TRANSLATOR = "translator", _("translator")


class Byline(models.Model):
    """An author's credit on an article, in the order it is printed."""

    Role = BylineRole

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        Author,
        on_delete=models.PROTECT,
        related_name="bylines",
        verbose_name=_("author"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.AUTHOR)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "order"],
                name="byline_unique_order",
                violation_error_message=_("Two bylines cannot share a position."),
            ),
            models.UniqueConstraint(
                fields=["article", "author", "role"],
                name="byline_unique_author_role",
                violation_error_message=_("This author already has this role here."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[choice.value for choice in BylineRole]),
                name="byline_valid_role",
            ),
        ]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()})"

    def public_keys(self):
        """The article's answers, and the author's list it puts it on."""
        keys = self.article.public_keys()
        return keys | {f"list:author:{self.author_id}"} if keys else keys
