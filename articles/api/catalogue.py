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


@extend_schema_view(
    list=extend_schema(
        summary="List sections",
        responses={200: SectionSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One section", responses={200: SectionSerializer, **DETAIL_ERRORS}
    ),
)
class SectionViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Section.objects.all()
    serializer_class = SectionSerializer
    filterset_class = SectionFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_PATH
    orderings = {"name": "name"}
    default_ordering = "name"


@extend_schema_view(
    list=extend_schema(
        summary="List authors",
        responses={200: AuthorSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One author", responses={200: AuthorSerializer, **DETAIL_ERRORS}
    ),
)
class AuthorViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Author.objects.all()
    serializer_class = AuthorSerializer
    filterset_class = AuthorFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_PATH
    orderings = {"name": "name"}
    default_ordering = "name"


@extend_schema_view(
    list=extend_schema(
        summary="List entities",
        responses={200: EntitySerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One entity", responses={200: EntitySerializer, **DETAIL_ERRORS}
    ),
    create=extend_schema(
        summary="Create an entity",
        description="Needs articles.add_entity.",
        responses={201: EntitySerializer, **WRITE_ERRORS},
    ),
    update=extend_schema(
        summary="Replace an entity",
        description="Needs articles.change_entity.",
        responses={200: EntitySerializer, 404: NOT_FOUND, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change some fields of an entity",
        description="Needs articles.change_entity.",
        responses={200: EntitySerializer, 404: NOT_FOUND, **WRITE_ERRORS},
    ),
)
class EntityViewSet(
    ApiViewMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = Entity.objects.select_related("parent")
    serializer_class = EntitySerializer
    filterset_class = EntityListFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_PATH
    orderings = {"name": "name"}
    default_ordering = "name"

    def perform_create(self, serializer):
        self.save_atomically(serializer)

    def perform_update(self, serializer):
        self.save_atomically(serializer)


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
