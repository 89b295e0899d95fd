"""Sections, authors, entities and photos."""

from django.db.models import Exists, OuterRef
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from articles.api.base import (
    DETAIL_ERRORS,
    ID_IN_PATH,
    NOT_FOUND,
    READ_ERRORS,
    SLUG_IN_PATH,
    WRITE_ERRORS,
    ApiViewMixin,
)
from articles.filters import (
    AuthorFilter,
    EntityListFilter,
    SectionFilter,
    sees_unpublished,
)
from articles.models import Article, Author, Entity, Photo, Section
from articles.serializers import (
    AuthorSerializer,
    EntitySerializer,
    PhotoSerializer,
    SectionSerializer,
)


def read_schema(serializer, plural, singular, **writes):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {plural}",
            description=f"All {plural}, by name, in pages.",
            responses={200: serializer(many=True), **READ_ERRORS},
        ),
        retrieve=extend_schema(
            summary=f"One {singular}",
            description=f"One {singular}, by its slug.",
            responses={200: serializer, **DETAIL_ERRORS},
        ),
        **writes,
    )


class BySlugMixin(ApiViewMixin):
    """Looked up by slug, listed by name."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_PATH
    orderings = {"name": "name"}
    default_ordering = "name"


@read_schema(SectionSerializer, "sections", "section")
class SectionViewSet(BySlugMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Section.objects.all()
    serializer_class = SectionSerializer
    filterset_class = SectionFilter


@read_schema(AuthorSerializer, "authors", "author")
class AuthorViewSet(BySlugMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Author.objects.all()
    serializer_class = AuthorSerializer
    filterset_class = AuthorFilter


ENTITY_CHANGED = {200: EntitySerializer, 404: NOT_FOUND, **WRITE_ERRORS}


@read_schema(
    EntitySerializer,
    "entities",
    "entity",
    create=extend_schema(
        summary="Create an entity",
        description="Needs articles.add_entity.",
        responses={201: EntitySerializer, **WRITE_ERRORS},
    ),
    update=extend_schema(
        summary="Replace an entity",
        description="Needs articles.change_entity.",
        responses=ENTITY_CHANGED,
    ),
    partial_update=extend_schema(
        summary="Change some fields of an entity",
        description="Needs articles.change_entity.",
        responses=ENTITY_CHANGED,
    ),
)
class EntityViewSet(
    BySlugMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = Entity.objects.select_related("parent")
    serializer_class = EntitySerializer
    filterset_class = EntityListFilter


@extend_schema_view(
    retrieve=extend_schema(
        summary="One photo",
        description="Anonymous clients see the lead photos of published articles.",
        responses={200: PhotoSerializer, **DETAIL_ERRORS},
    ),
)
class PhotoViewSet(ApiViewMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PhotoSerializer
    lookup_value_regex = ID_IN_PATH
    filter_backends = []

    def get_queryset(self):
        if sees_unpublished(self.request.user):
            return Photo.objects.all()
        published = Article.objects.published().filter(lead_photo=OuterRef("pk"))
        return Photo.objects.filter(Exists(published))
