"""Sections, authors, entities and photos."""

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
from articles.api.filters import AuthorFilter, EntityListFilter, SectionFilter
from articles.api.serializers import (
    AuthorSerializer,
    EntitySerializer,
    PhotoSerializer,
    SectionSerializer,
)
from articles.cache_keys import depends_on
from articles.editorial import roles
from articles.invalidation import CATALOGUE
from articles.models import Author, Entity, Photo, Section


def read_schema(serializer, plural, singular, who_sees="", **writes):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {plural}",
            description=f"The {plural}, by name, in pages.{who_sees}",
            responses={200: serializer(many=True), **READ_ERRORS},
        ),
        retrieve=extend_schema(
            summary=f"One {singular}",
            description=f"One {singular}, by its slug.{who_sees}",
            responses={200: serializer, **DETAIL_ERRORS},
        ),
        **writes,
    )


def known_through_articles(plural, linked):
    return (
        f"\n\nAnonymous clients and users without the permission "
        f"articles.view_article or articles.change_article see only the "
        f"{plural} {linked} a published article (the detail of any other "
        f"answers 404). Editors with either permission see them all, also "
        f"those only on unpublished articles or on none."
    )


class BySlugMixin(ApiViewMixin):
    """Looked up by slug, listed by name."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_PATH
    orderings = {"name": "name"}
    default_ordering = "name"


class KnownThroughArticlesMixin:
    """Sections, authors and entities: a name seen only on unpublished
    articles (or on none) must not leak, so those who may not read drafts
    read only the ones on a published article (``known_to``). Writes reach
    every row."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in {"list", "retrieve"}:
            depends_on(CATALOGUE)
            return queryset.known_to(self.request.user)
        return queryset


@read_schema(
    SectionSerializer,
    "sections",
    "section",
    who_sees=known_through_articles("sections", "of"),
)
class SectionViewSet(
    KnownThroughArticlesMixin, BySlugMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = Section.objects.all()
    serializer_class = SectionSerializer
    filterset_class = SectionFilter


@read_schema(
    AuthorSerializer,
    "authors",
    "author",
    who_sees=known_through_articles("authors", "credited on"),
)
class AuthorViewSet(
    KnownThroughArticlesMixin, BySlugMixin, viewsets.ReadOnlyModelViewSet
):
    queryset = Author.objects.all()
    serializer_class = AuthorSerializer
    filterset_class = AuthorFilter


ENTITY_CHANGED = {200: EntitySerializer, 404: NOT_FOUND, **WRITE_ERRORS}


@read_schema(
    EntitySerializer,
    "entities",
    "entity",
    who_sees=known_through_articles("entities", "linked to"),
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
    KnownThroughArticlesMixin,
    BySlugMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = Entity.objects.select_related("parent")
    serializer_class = EntitySerializer
    filterset_class = EntityListFilter

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in {"list", "retrieve"}:
            return queryset.with_known_parent(self.request.user)
        return queryset


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
        depends_on(f"list:photo:{self.kwargs.get('pk')}")
        photos = Photo.objects.prefetch_related("renditions")
        if roles.sees_unpublished(self.request.user):
            return photos
        return photos.with_published_articles()
