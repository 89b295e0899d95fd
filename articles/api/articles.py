"""Articles (JSON and IPTC ninjs) and their updates and corrections."""

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from articles.api.base import (
    DETAIL_ERRORS,
    ID_IN_PATH,
    IF_MATCH,
    IF_NONE_MATCH,
    NOT_FOUND,
    PRECONDITION_FAILED,
    READ_ERRORS,
    SLUG_IN_PATH,
    WRITE_ERRORS,
    ApiViewMixin,
    PreconditionFailed,
)
from articles.api.filters import ARTICLE_ORDERINGS, ArticleFilter
from articles.api.permissions import (
    CanEditArticle,
    ModelPermissionsOrAnonReadOnly,
    stale_detail,
)
from articles.api.renderers import NinjsRenderer
from articles.api.serializers import (
    ArticleListSerializer,
    ArticleSerializer,
    ArticleUpdateSerializer,
    ArticleWriteSerializer,
    NewArticleUpdateSerializer,
    visible_related,
)
from articles.api.stored import StoredRendersMixin
from articles.cache_keys import depends_on
from articles.editorial import roles
from articles.etags import matches_current, versioned_etag
from articles.live.ninjs import live_etag_parts
from articles.models import Article, ArticleUpdate
from articles.ninjs import export as ninjs
from articles.renders import jobs as renders_jobs

ARTICLE_CHANGE = {
    "description": "Needs articles.change_article. Send If-Match.",
    "parameters": [IF_MATCH],
    "request": ArticleWriteSerializer,
    "responses": {
        200: ArticleSerializer,
        404: NOT_FOUND,
        412: PRECONDITION_FAILED,
        **WRITE_ERRORS,
    },
}
UPDATE_CHANGE = {
    "description": (
        "Needs articles.change_articleupdate. The article's `updated_at` "
        "follows the change."
    ),
    "responses": {200: ArticleUpdateSerializer, 404: NOT_FOUND, **WRITE_ERRORS},
}


def article_etag(article, representation):
    """Changes with the article's version and representation, and with what
    the document shows that can change while the version stays: an update
    coming due, a related article published or changed (as this requester
    sees them). Like the public page's ETag (``ArticleDetailView.get_etag``),
    from prefetched data only. It starts with uuid and version, which is what
    If-Match compares."""
    parts = [
        f"u{update.pk}:{update.published_at.isoformat()}"
        for update in article.published_updates()
    ]
    parts += [
        f"r{other.pk}:{other.modified_at.isoformat()}"
        for other in visible_related(article)
    ]
    if representation.startswith("ninjs"):
        parts += live_etag_parts(article)
    return versioned_etag(article, representation, parts)


@extend_schema_view(
    list=extend_schema(
        summary="List articles",
        description=(
            "Published articles, newest first, in pages cut by a cursor. "
            "The list leaves out `body`; the detail has it.\n\n"
            "**Syncing.** Walk `?updated_since=<time>&ordering=modified_at` "
            "following the `next` links. No article is missed and no unchanged "
            "article is delivered twice; an article saved while you walk comes "
            "again later in the walk, in its new `version`. Start the next "
            "walk from the last `modified_at` you received, minus a few "
            "seconds for saves still in flight, and skip versions you hold.\n\n"
            "Withdrawn, draft, in-review and future scheduled articles never "
            "appear here for anonymous clients; editors ask for them with "
            "`status`."
        ),
        responses={200: ArticleListSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One article (JSON or IPTC ninjs)",
        description=(
            "The article as JSON, or as an IPTC ninjs document with "
            "`format=ninjs` or `Accept: application/vnd.iptc.ninjs+json` "
            "(ninjs 3.1; `ninjs_version=2.1` for 2.1). Anonymous clients get "
            "published articles only; editors any. The ETag changes with "
            "every version, and when an update comes due or a related article "
            "is published or changed; send it in If-None-Match for a 304."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", "ninjs"],
                description="`ninjs` for an IPTC ninjs document.",
            ),
            OpenApiParameter(
                "ninjs_version",
                OpenApiTypes.STR,
                enum=list(ninjs.VERSIONS),
                description="With `format=ninjs`: the ninjs version, 3.1 by default.",
            ),
            IF_NONE_MATCH,
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                ArticleSerializer, description="The article."
            ),
            (200, ninjs.MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    "An IPTC ninjs 3.1 or 2.1 document; it validates against "
                    "the official schema of that version."
                ),
            ),
            304: OpenApiResponse(description="Not modified: your copy is current."),
            **DETAIL_ERRORS,
        },
    ),
    create=extend_schema(
        summary="Create an article",
        description=(
            "Needs the permission articles.add_article. Validated like the "
            "admin; bylines and entities by slug, in the order given."
        ),
        request=ArticleWriteSerializer,
        responses={201: ArticleSerializer, **WRITE_ERRORS},
        examples=[
            OpenApiExample(
                "new article",
                request_only=True,
                value={
                    "headline": "Perú, aliado extra-OTAN",
                    "slug": "peru-aliado-extra-otan",
                    "section": "mundo",
                    "status": "draft",
                    "body": "<p>Texto.</p>",
                    "bylines": [{"author": "ana-perez", "role": "reporter"}],
                    "entities": [{"entity": "peru", "role": "about"}],
                },
            )
        ],
    ),
    update=extend_schema(summary="Replace an article", **ARTICLE_CHANGE),
    partial_update=extend_schema(
        summary="Change some fields of an article", **ARTICLE_CHANGE
    ),
)
class ArticleViewSet(
    StoredRendersMixin,
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_PATH
    permission_classes = [ModelPermissionsOrAnonReadOnly, CanEditArticle]
    filterset_class = ArticleFilter
    orderings = {name: name for name in ARTICLE_ORDERINGS}
    default_ordering = "-published_at"
    ordering_is_public = True
    page_cached_actions = {"list", "retrieve"}
    extra_query_parameters = {
        **ApiViewMixin.extra_query_parameters,
        "retrieve": {"ninjs_version"},
    }

    def get_queryset(self):
        sees_unpublished = roles.sees_unpublished(self.request.user)
        if self.action == "list":
            depends_on("list:api")
        if self.action == "list" and "status" not in self.request.query_params:
            # Only the status filter widens the list (and only for those who
            # see unpublished work: it answers 400 to anyone else).
            articles = Article.objects.published()
        elif sees_unpublished:
            articles = Article.objects.visible_to(self.request.user)
        else:
            articles = Article.objects.published()
        return self.with_page_data(articles, sees_unpublished)

    def with_page_data(self, articles, sees_unpublished):
        articles = articles.with_page_data()
        user = self.request.user
        if sees_unpublished and not roles.is_editor(user):
            # A reporter sees the unpublished updates of their own articles.
            own = Article.objects.written_by(user).filter(pk=OuterRef("pk"))
            articles = articles.annotate(readers_own=Exists(own))
        if sees_unpublished:
            articles = articles.prefetch_related(
                Prefetch(
                    "related",
                    queryset=Article.objects.visible_to(
                        self.request.user
                    ).select_related("section"),
                    to_attr="related_as_seen",
                )
            )
        return articles

    def get_renderers(self):
        if self.action == "retrieve":
            return [JSONRenderer(), NinjsRenderer()]
        return super().get_renderers()

    def get_serializer_class(self):
        if self.action == "list":
            return ArticleListSerializer
        if self.action == "retrieve":
            return ArticleSerializer
        return ArticleWriteSerializer

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "sees_unpublished": roles.sees_unpublished(self.request.user),
        }

    def representation(self, request):
        # A wrong ninjs_version is refused whatever the format asked for.
        version = request.query_params.get("ninjs_version", ninjs.DEFAULT_VERSION)
        if version not in ninjs.VERSIONS:
            raise ValidationError(
                {"ninjs_version": [_("Use one of: %s.") % ", ".join(ninjs.VERSIONS)]}
            )
        if request.accepted_renderer.format != "ninjs":
            return "json"
        return f"ninjs{version}"

    def retrieve(self, request, *args, **kwargs):
        representation = self.representation(request)
        sees_unpublished = roles.sees_unpublished(request.user)
        if not sees_unpublished:
            stored = self.stored_answer(request, representation)
            if stored is not None:
                return stored
        article = self.get_object()
        if sees_unpublished:
            representation += "-editor"
        elif article.is_published():
            renders_jobs.ask_for_rerender(article.pk)
        etag = article_etag(article, representation)
        if self.not_modified(request, etag):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        elif representation.startswith("ninjs"):
            version = representation.removeprefix("ninjs").removesuffix("-editor")
            response = Response(ninjs.article_to_ninjs(article, request, version))
        else:
            response = Response(self.get_serializer(article).data)
        response["ETag"] = etag
        return response

    def written(self, article, status_code):
        """The article as saved, as its writer (who may see drafts) reads it."""
        article = self.with_page_data(Article.objects.all(), sees_unpublished=True).get(
            pk=article.pk
        )
        context = {**self.get_serializer_context(), "sees_unpublished": True}
        response = Response(
            ArticleSerializer(article, context=context).data, status=status_code
        )
        response["ETag"] = article_etag(article, "json-editor")
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = self.save_atomically(serializer, created_by=request.user)
        response = self.written(article, status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(
            reverse("api:article-detail", kwargs={"slug": article.slug})
        )
        return response

    def update(self, request, *args, partial=False, **kwargs):
        article = self.get_object()
        if_match = request.headers.get("If-Match")
        with transaction.atomic():
            # Lock the row and work on it as it is now, If-Match or not: two
            # editors saving at once never write over each other's fields, and
            # of two who fetched the same version only the first passes If-Match.
            article = Article.objects.select_for_update().get(pk=article.pk)
            self.check_if_match(if_match, article)
            serializer = self.get_serializer(
                article, data=request.data, partial=partial
            )
            serializer.is_valid(raise_exception=True)
            article = self.save_atomically(serializer)
        return self.written(article, status.HTTP_200_OK)

    def check_if_match(self, header, article):
        """If-Match passes with `*` or a strong ETag of the current version,
        in any representation; weak ETags never match (RFC 9110 13.1.1).
        Without the header there is nothing to check."""
        if header is None:
            return
        tags = parse_etags(header)
        if not matches_current(tags, article):
            raise PreconditionFailed(stale_detail(article, tags))


@extend_schema_view(
    create=extend_schema(
        summary="Publish an update or correction",
        description=(
            "Needs articles.add_articleupdate. The article's `updated_at` "
            "moves to its latest published update."
        ),
        responses={201: ArticleUpdateSerializer, **WRITE_ERRORS},
    ),
    update=extend_schema(summary="Replace an update or correction", **UPDATE_CHANGE),
    partial_update=extend_schema(
        summary="Change an update or correction", **UPDATE_CHANGE
    ),
)
class ArticleUpdateViewSet(
    ApiViewMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Updates and corrections, written by editors (read them on the article)."""

    queryset = ArticleUpdate.objects.select_related("article")
    lookup_value_regex = ID_IN_PATH
    pagination_class = None
    filter_backends = []

    def get_serializer_class(self):
        if self.action == "create":
            return NewArticleUpdateSerializer
        return ArticleUpdateSerializer

    def perform_create(self, serializer):
        self.save_atomically(serializer, created_by=self.request.user)
