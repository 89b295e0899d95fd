"""Helpers shared by the API's serializers."""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

HELP = {
    "id": _("Database id: stable, but prefer `uuid` or `slug` to refer to it."),
    "slug": _("Identifier in addresses (`/articulos/<slug>/`)."),
    "name": _("The name as printed."),
    "headline": _("The headline as published."),
    "status": _(
        "Editorial status. Anonymous clients only ever get published articles "
        "(and scheduled ones whose time has come)."
    ),
    "article_role": _("`about`: a main subject; `mentions`: named in passing."),
    "byline_role": _("The author's part: author, reporter, photographer…"),
    "kind": _("Person, organisation, country, place, event or topic."),
    "wikidata_id": _("Wikidata item ID, e.g. `Q419`, or empty when unsure."),
    "wikidata_uri": _("Wikidata concept URI for linked data, or empty."),
    "update_kind": _("Update, correction, clarification or editor's note."),
}

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+\Z")
MAX_ID = 2**63 - 1


def absolute_url(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


def raise_model_errors(error, position=None, many_name=None, count=0):
    """Turn a Django ValidationError into the API's 400 answer."""
    if hasattr(error, "error_dict"):
        detail = {
            (api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else key): value
            for key, value in error.message_dict.items()
        }
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    if many_name is not None:
        items = [{} for _position in range(count)]
        items[position] = detail
        detail = {many_name: items}
    raise serializers.ValidationError(detail)


def full_clean(instance, **kwargs):
    try:
        instance.full_clean(**kwargs)
    except DjangoValidationError as error:
        raise_model_errors(error)


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of the object's public page on the site."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return absolute_url(self, value.get_absolute_url())


class StrictText:
    """Text must arrive as a JSON string: DRF's own fields would quietly turn
    324487 or true into "324487" or "True", which the schema forbids."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class TextField(StrictText, serializers.CharField):
    pass


class SlugTextField(StrictText, serializers.SlugField):
    pass


class WriteSerializer(serializers.ModelSerializer):
    """A model serializer for writes: model text fields take strings only."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
        models.SlugField: SlugTextField,
    }


class SlugField(serializers.SlugRelatedField):
    """A related object by slug; anything that is not a slug is refused
    before the database sees it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not SLUG_RE.match(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class IdField(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        if type(data) is not int or not 1 <= data <= MAX_ID:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)
