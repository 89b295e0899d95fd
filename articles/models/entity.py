from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.urls_cache import slug_url
from articles.validators import (
    COUNTRY_CODE_PATTERN,
    WIKIDATA_ID_PATTERN,
    validate_country_code,
    validate_wikidata_id,
)

from .base import SlugQuerySet


class EntityKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")
    COUNTRY = "country", _("country")
    PLACE = "place", _("place")
    EVENT = "event", _("event")
    TOPIC = "topic", _("topic")


class EntityQuerySet(SlugQuerySet):
    article_lookup = "entity_links__entity"


class Entity(models.Model):
    """A person, organisation, place, event or topic that articles are about."""

    Kind = EntityKind

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_(
            "Other spellings and abbreviations, one per line, e.g. 'NATO' for OTAN."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences shown on the entity's page."),
    )
    wikidata_id = models.CharField(
        _("Wikidata ID"),
        max_length=20,
        blank=True,
        validators=[validate_wikidata_id],
        help_text=_("Only when you are sure, e.g. Q419 for Peru. Leave blank if not."),
    )
    country_code = models.CharField(
        _("ISO country code"),
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text=_("ISO 3166-1 alpha-2, for countries only, e.g. PE."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The larger entity this belongs to, e.g. Lima is part of Peru."),
    )
    history = HistoricalRecords()

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="entity_unique_wikidata_id",
                violation_error_message=_(
                    "Another entity already has this Wikidata ID."
                ),
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=WIKIDATA_ID_PATTERN),
                name="entity_wikidata_id_format",
                violation_error_message=_("A Wikidata ID is a Q followed by digits."),
            ),
            models.CheckConstraint(
                condition=Q(country_code="")
                | (Q(kind="country") & Q(country_code__regex=COUNTRY_CODE_PATTERN)),
                name="entity_country_code_only_for_countries",
                violation_error_message=_(
                    "Only countries have an ISO code, of two capital letters."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[choice.value for choice in EntityKind]),
                name="entity_valid_kind",
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"], name="entity_kind_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:entity_detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor is self or (self.pk and ancestor.pk == self.pk):
                raise ValidationError(
                    {"parent": _("An entity cannot be part of itself.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def wikidata_url(self):
        if not self.wikidata_id:
            return ""
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}"

    @property
    def wikidata_uri(self):
        """The concept URI that linked-data consumers (schema.org, ninjs) expect."""
        if not self.wikidata_id:
            return ""
        return f"http://www.wikidata.org/entity/{self.wikidata_id}"

    @property
    def public_key(self):
        """Recorded by every public answer that shows it (articles.cache_keys)."""
        return f"entity:{self.pk}"

    def public_keys(self):
        return {self.public_key}
