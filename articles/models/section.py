from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.urls_cache import slug_url

from .base import SlugQuerySet


class SectionQuerySet(SlugQuerySet):
    article_lookup = "section"


class Section(models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("As shown in the menu, e.g. 'Internacional'."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The last part of the section page's address."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Shown at the top of the section page and in its feed."),
    )
    history = HistoricalRecords()

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:section_detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def public_key(self):
        """Recorded by every public answer that shows it (articles.cache_keys)."""
        return f"section:{self.pk}"

    def public_keys(self):
        return {self.public_key}
