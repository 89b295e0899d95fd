"""Sections, authors, entities and photos."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.serializers.base import (
    HELP,
    PageUrlField,
    SlugField,
    SlugTextField,
    TextField,
    WriteSerializer,
    absolute_url,
    full_clean,
)
from articles.models import Author, Entity, Photo, Rendition, Section


class SectionSerializer(serializers.ModelSerializer):
    url = PageUrlField(help_text=_("The public section page."))

    class Meta:
        model = Section
        fields = ["slug", "name", "description", "url"]
        extra_kwargs = {
            "slug": {"help_text": HELP["slug"]},
            "name": {"help_text": _("The section's name, e.g. Internacional.")},
        }


class SectionRefSerializer(SectionSerializer):
    class Meta(SectionSerializer.Meta):
        fields = ["slug", "name", "url"]


class AuthorSerializer(serializers.ModelSerializer):
    url = PageUrlField(help_text=_("The public author page."))

    class Meta:
        model = Author
        fields = ["slug", "name", "title", "affiliation", "category", "bio", "url"]
        extra_kwargs = {
            "slug": {"help_text": HELP["slug"]},
            "name": {"help_text": HELP["name"]},
            "category": {"help_text": _("Staff, wire agency, freelance or other.")},
            "bio": {"help_text": _("A short biography, plain text.")},
        }


class AliasesField(serializers.ListField):
    """The entity's aliases: one per line in the database, a list here."""

    child = TextField(max_length=200)

    def to_representation(self, value):
        return [line.strip() for line in value.splitlines() if line.strip()]

    def to_internal_value(self, data):
        aliases = super().to_internal_value(data)
        if any("\n" in alias or "\r" in alias for alias in aliases):
            raise serializers.ValidationError(_("An alias is one line."))
        return "\n".join(alias.strip() for alias in aliases)


class EntitySerializer(WriteSerializer):
    slug = SlugTextField(max_length=200, help_text=_("e.g. `peru`."))
    aliases = AliasesField(
        required=False,
        help_text=_("Other spellings and abbreviations, e.g. `NATO` for OTAN."),
    )
    parent = SlugField(
        queryset=Entity.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Slug of the larger entity this belongs to (Lima → peru)."),
    )
    wikidata_uri = serializers.CharField(
        read_only=True,
        help_text=_("Concept URI for linked data, or empty when there is no ID."),
    )
    url = PageUrlField(help_text=_("The public entity page."))

    class Meta:
        model = Entity
        fields = [
            "slug",
            "name",
            "kind",
            "aliases",
            "description",
            "wikidata_id",
            "wikidata_uri",
            "country_code",
            "parent",
            "url",
        ]
        validators = []
        extra_kwargs = {
            "name": {"help_text": HELP["name"]},
            "kind": {"help_text": HELP["kind"]},
        }

    def to_representation(self, entity):
        """The parent only when the reader may know of it (``parent_known``,
        annotated by the view)."""
        data = super().to_representation(entity)
        if not getattr(entity, "parent_known", True):
            data["parent"] = None
        return data

    def create(self, validated_data):
        entity = Entity(**validated_data)
        full_clean(entity)
        entity.save()
        return entity

    def update(self, entity, validated_data):
        for name, value in validated_data.items():
            setattr(entity, name, value)
        full_clean(entity)
        entity.save()
        return entity


class RenditionSerializer(serializers.ModelSerializer):
    href = serializers.SerializerMethodField(
        help_text=_("Absolute address of the file; it never changes.")
    )
    content_type = serializers.CharField(
        read_only=True, help_text=_("Media type, e.g. image/avif.")
    )

    class Meta:
        model = Rendition
        fields = ["ratio", "width", "height", "format", "content_type", "bytes", "href"]
        extra_kwargs = {
            "ratio": {"help_text": _("Crop: 16x9, 4x3, 1x1, full or og (1200×630).")},
            "width": {"help_text": _("Pixels.")},
            "height": {"help_text": _("Pixels.")},
            "format": {"help_text": _("avif, webp, jpeg or png.")},
            "bytes": {"help_text": _("Size of the file.")},
        }

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_href(self, rendition):
        return absolute_url(self, rendition.url)


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text=_(
            "Absolute address of the widest JPEG (PNG with transparency) "
            "rendition of the whole photo; null without an image or while its "
            "renditions are being prepared. The original file is never public."
        )
    )
    renditions = serializers.SerializerMethodField(
        help_text=_(
            "Every crop (16x9, 4x3, 1x1, full, og), width and format; empty "
            "while they are being prepared."
        )
    )

    class Meta:
        model = Photo
        fields = [
            "id",
            "url",
            "width",
            "height",
            "focal_x",
            "focal_y",
            "renditions",
            "alt_text",
            "caption",
            "credit_line",
            "creator",
            "source",
            "supplier_category",
            "copyright_notice",
            "license",
            "date_taken",
            "place",
        ]
        extra_kwargs = {
            "id": {"help_text": _("Use it in photos/{id}/ and as `lead_photo`.")},
            "width": {"help_text": _("Pixels, or null without an image.")},
            "height": {"help_text": _("Pixels, or null without an image.")},
            "supplier_category": {"help_text": _("Who supplied it: staff, wire…")},
            "copyright_notice": {"help_text": _("IPTC Copyright Notice.")},
            "date_taken": {"help_text": _("When the photo was taken, if known.")},
        }

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_url(self, photo):
        rendition = photo.rendition("full") if photo.image else None
        return absolute_url(self, rendition.url) if rendition else None

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, photo):
        made = photo.current_renditions() if photo.image else []
        return RenditionSerializer(made, many=True, context=self.context).data
