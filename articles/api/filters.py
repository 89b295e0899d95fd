"""FilterSets for the API: one per resource, each filter named for what it means.

Every filter validates its value before the database sees it: a value that is
not a date, a slug that names nothing or a choice that does not exist is
answered 400 with the parameter's name, never 500.
"""

from datetime import UTC

from django import forms
from django.core.validators import validate_slug
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from django_filters import rest_framework as filters
from django_filters.filters import QuerySetRequestMixin
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from articles.editorial import roles
from articles.models import Article, ArticleEntity, Author, Entity, Section
from articles.validators import (
    validate_language_tag,
    validate_wikidata_id,
)

MAX_ENTITIES = 5
ARTICLE_ORDERINGS = ["published_at", "updated_at", "modified_at", "headline"]


def known_to(model, parameter):
    """The sections, authors or entities a request may name in the filter
    ``parameter`` (``known_to`` on their QuerySet): a name seen only on drafts
    answers like one that does not exist. Built only for a request that gives
    the parameter: building it costs more than most lists."""

    def queryset(request):
        if request is not None and parameter not in request.GET:
            return model.objects.none()
        return model.objects.known_to(getattr(request, "user", None))

    return queryset


class DateTimeField(filter_fields.IsoDateTimeField):
    """ISO 8601 date-time; without an offset it is read in the desk's time zone.

    Refuses times that cannot be expressed in UTC (year 1 with a negative
    offset, year 9999 with a positive one) instead of failing in the query.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        try:
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            value.astimezone(UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(
                _("Enter a date and time between the years 1 and 9999."),
                code="invalid",
            ) from None
        return value


class DateTimeFilter(filters.IsoDateTimeFilter):
    field_class = DateTimeField


class SlugModelChoiceField(forms.ModelChoiceField):
    """Looks a slug up only once it is a slug (no NUL bytes reach PostgreSQL)."""

    def to_python(self, value):
        if value not in self.empty_values:
            validate_slug(value)
        return super().to_python(value)


class SlugFilter(filters.ModelChoiceFilter):
    field_class = SlugModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


class EntityField(forms.Field):
    """One or more entities, each given by slug or by Wikidata ID (Q419)."""

    widget = forms.SelectMultiple
    max_items = MAX_ENTITIES

    def __init__(self, *args, queryset=None, **kwargs):
        self.queryset = Entity.objects.all() if queryset is None else queryset
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return []
        values = [v for v in dict.fromkeys(value) if v]
        if len(values) > self.max_items:
            raise forms.ValidationError(
                _("Give at most %(max)s entities."), params={"max": self.max_items}
            )
        entities = []
        for value in values:
            try:
                if value[:1] == "Q" and value[1:].isdigit():
                    validate_wikidata_id(value)
                    entity = self.queryset.get(wikidata_id=value)
                else:
                    validate_slug(value)
                    entity = self.queryset.get(slug=value)
            except (forms.ValidationError, Entity.DoesNotExist):
                raise forms.ValidationError(
                    _("No entity has the slug or Wikidata ID %(value)r."),
                    params={"value": value},
                    code="invalid_choice",
                ) from None
            entities.append(entity)
        return entities


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^[-a-zA-Z0-9_]+$",
        "description": (
            "An entity's slug (`peru`) or Wikidata ID (`Q419`). Repeat the "
            "parameter to ask for articles about ALL of the entities given "
            f"(at most {MAX_ENTITIES}). An entity that does not exist is "
            "answered 400, and so, for anyone but editors, is one linked to "
            "no published article."
        ),
    }
)
class EntityFilter(QuerySetRequestMixin, filters.MultipleChoiceFilter):
    field_class = EntityField

    def filter(self, queryset, entities):
        for entity in entities:
            queryset = queryset.about(entity)
        return queryset


class ArticleFilter(filters.FilterSet):
    section = SlugFilter(
        queryset=known_to(Section, "section"),
        help_text=_(
            "A section's slug, e.g. `mundo`. An unknown slug is answered 400, "
            "and so, for anyone but editors, is the slug of a section with no "
            "published article."
        ),
    )
    entity = EntityFilter(queryset=known_to(Entity, "entity"))
    entity_kind = filters.ChoiceFilter(
        choices=Entity.Kind.choices,
        method="filter_entity_kind",
        help_text=_("Articles linked to at least one entity of this kind."),
    )
    author = SlugFilter(
        queryset=known_to(Author, "author"),
        method="filter_author",
        help_text=_(
            "An author's slug: articles with this author in the byline. An "
            "unknown slug is answered 400, and so, for anyone but editors, is "
            "the slug of an author credited on no published article."
        ),
    )
    language = filters.CharFilter(
        validators=[validate_language_tag],
        help_text=_("BCP 47 language tag of the article, e.g. `es` or `en`."),
    )
    published_after = DateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        help_text=_(
            "Articles first published at or after this ISO 8601 time. "
            "Without an offset the time is read in America/Guayaquil."
        ),
    )
    published_before = DateTimeFilter(
        field_name="published_at",
        lookup_expr="lt",
        help_text=_("Articles first published before this ISO 8601 time."),
    )
    updated_since = DateTimeFilter(
        field_name="modified_at",
        lookup_expr="gte",
        help_text=_(
            "Articles changed in any way at or after this ISO 8601 time: this "
            "compares `modified_at`, the system time that moves on every save, "
            "not the editorial `updated_at`. For syncing, combine it with "
            "`ordering=modified_at` and follow the `next` links."
        ),
    )
    q = filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text=_("Words to find in the headline, dek or body."),
    )
    ordering = filters.ChoiceFilter(
        choices=[
            (prefix + name, prefix + name)
            for name in ARTICLE_ORDERINGS
            for prefix in ("", "-")
        ],
        method="filter_ordering",
        help_text=_(
            "Order of the list; `-` for descending. Ties are broken by `id` in "
            "the same direction. Default `-published_at` (newest first), also "
            "with `q`. `updated_at` and `published_at` put articles without "
            "one last. `modified_at` is the order for syncing."
        ),
    )
    status = filters.MultipleChoiceFilter(
        choices=Article.Status.choices,
        method="filter_status",
        help_text=_(
            "Editors only (permission articles.view_article or "
            "articles.change_article): articles with these statuses, published "
            "or not; repeat for several. Without it everyone gets published "
            "articles only. From anyone else this parameter is answered 400."
        ),
    )

    class Meta:
        model = Article
        fields = []

    def filter_entity_kind(self, queryset, name, value):
        links = ArticleEntity.objects.filter(article=OuterRef("pk"), entity__kind=value)
        return queryset.filter(Exists(links))

    def filter_author(self, queryset, name, value: Author):
        return queryset.by(value)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_ordering(self, queryset, name, value):
        """The keyset pagination orders the list: it needs the key for cursors."""
        return queryset

    def filter_status(self, queryset, name, statuses):
        if not roles.sees_unpublished(self.request.user):
            raise ValidationError(
                {"status": [_("Only editors may ask for articles by status.")]}
            )
        return queryset.filter(status__in=statuses)


class SectionFilter(filters.FilterSet):
    class Meta:
        model = Section
        fields = []


class AuthorFilter(filters.FilterSet):
    category = filters.ChoiceFilter(
        choices=Author.Category.choices, help_text=_("Staff, wire, freelance…")
    )

    class Meta:
        model = Author
        fields = []


class EntityListFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(
        choices=Entity.Kind.choices, help_text=_("Only entities of this kind.")
    )
    wikidata_id = filters.CharFilter(
        validators=[validate_wikidata_id],
        help_text=_("The entity with this Wikidata ID, e.g. `Q419`."),
    )

    class Meta:
        model = Entity
        fields = []
