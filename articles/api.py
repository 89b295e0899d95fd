"""The REST API's viewsets, under /api/v1/ (see articles/api_urls.py).

Reads are open to everyone (published articles only); writes need a token or
an admin session and Django's model permissions. Rules worth knowing:

- a query parameter the operation does not know is answered 400;
- article details carry an ETag; If-None-Match answers 304, and a write whose
  If-Match names an older version answers 412;
- every write runs in one transaction: a payload that fails anywhere
  changes nothing.
"""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import (
    mixins,
    serializers,
    status,
    viewsets,
)
from rest_framework.exceptions import (
    APIException,
    MethodNotAllowed,
    NotFound,
    ValidationError,
)
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from articles import ninjs
from articles.filters import (
    ARTICLE_ORDERINGS,
    ArticleFilter,
    AuthorFilter,
    EntityListFilter,
    SectionFilter,
    sees_unpublished,
)
from articles.models import Article, ArticleUpdate, Author, Entity, Photo, Section
from articles.renderers import NinjsRenderer
from articles.serializers import (
    HELP,
    ArticleListSerializer,
    ArticleSerializer,
    ArticleUpdateSerializer,
    ArticleWriteSerializer,
    AuthorSerializer,
    EntitySerializer,
    PhotoSerializer,
    SectionSerializer,
    SlugField,
)

SLUG_IN_PATH = r"[-a-zA-Z0-9_]+"
REPEATABLE_PARAMETERS = {"entity", "status"}
ID_IN_PATH = r"[1-9][0-9]{0,17}"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in words."))


def error(description, example=None):
    examples = [OpenApiExample("error", value={"detail": example})] if example else []
    return OpenApiResponse(ErrorSerializer, description=description, examples=examples)


BAD_REQUEST = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=(
        "Invalid input. Each key names the query parameter or field at fault "
        "(`non_field_errors` for the whole payload), with a list of messages."
    ),
    examples=[
        OpenApiExample(
            "unknown entity", value={"entity": ["No entity has the slug 'atlantis'."]}
        ),
        OpenApiExample(
            "unknown parameter", value={"colour": ["Unknown query parameter."]}
        ),
    ],
)
UNAUTHORIZED = error(
    "No credentials on a write, or a token that is not valid.",
    "Authentication credentials were not provided.",
)
FORBIDDEN = error(
    "Authenticated, but without the model permission this write needs.",
    "You do not have permission to perform this action.",
)
NOT_FOUND = error("Nothing here, or not published.", "No Article matches the query.")
NOT_ACCEPTABLE = error("The Accept header asks for a format this URL does not serve.")
UNSUPPORTED = error("The body is not JSON.", 'Unsupported media type "text/plain".')
THROTTLED = error(
    "Too many requests from this anonymous client; Retry-After says when to "
    "come back. Clients with a token are not throttled.",
    "Request was throttled. Expected available in 30 seconds.",
)
PRECONDITION_FAILED = error(
    "If-Match names a version that is no longer current: fetch the article "
    "again, merge, and send the new ETag.",
    "The article has changed since this ETag.",
)
READ_ERRORS = {400: BAD_REQUEST, 401: UNAUTHORIZED, 406: NOT_ACCEPTABLE, 429: THROTTLED}
WRITE_ERRORS = {
    400: BAD_REQUEST,
    401: UNAUTHORIZED,
    403: FORBIDDEN,
    406: NOT_ACCEPTABLE,
    415: UNSUPPORTED,
}
DETAIL_ERRORS = {**READ_ERRORS, 404: NOT_FOUND}

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An ETag from an earlier answer: 304 if it is still current.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "Optional but recommended: the ETag of the version you edited. If the "
        "article has changed since, the write is refused with 412."
    ),
)
ETAG_HEADER = {
    "ETag": {
        "description": "Changes with every version of the article and format.",
        "schema": {"type": "string"},
    }
}


def article_etag(article, representation):
    return f'"{article.uuid}-v{article.version}-{representation}"'


class ApiViewMixin:
    """Strict about input: unknown query parameters and formats answer 400,
    and a method the URL does not serve answers 405 before anything else."""

    extra_query_parameters = {
        "list": {"cursor", "page_size"},
    }

    def initial(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names or not hasattr(
            self, request.method.lower()
        ):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        self.check_query_parameters(request)

    def allowed_query_parameters(self):
        allowed = {api_settings.URL_FORMAT_OVERRIDE}
        allowed |= self.extra_query_parameters.get(self.action, set())
        if self.action == "list" and getattr(self, "filterset_class", None):
            allowed |= set(self.filterset_class.base_filters)
        return allowed

    def check_query_parameters(self, request):
        allowed = self.allowed_query_parameters()
        problems = {}
        for name, values in request.query_params.lists():
            if name not in allowed:
                problems[name] = [_("Unknown query parameter.")]
            elif "" in values:
                problems[name] = [_("Leave the parameter out rather than empty.")]
            elif len(values) > 1 and name not in REPEATABLE_PARAMETERS:
                problems[name] = [_("Give this parameter once.")]
        if problems:
            raise ValidationError(problems)

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except (Http404, NotFound):
            raise ValidationError(
                {api_settings.URL_FORMAT_OVERRIDE: [_("Unknown format here.")]}
            ) from None

    def save_atomically(self, serializer, **kwargs):
        """Save in one transaction; a constraint the validation did not
        foresee still answers 400 and leaves nothing written."""
        try:
            with transaction.atomic():
                return serializer.save(**kwargs)
        except IntegrityError:
            raise ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [
                        _("This conflicts with data already saved.")
                    ]
                }
            ) from None


@extend_schema_view(
    list=extend_schema(
        summary="List articles",
        description=(
            "Published articles, newest first, in pages cut by a cursor. "
            "The list leaves out `body` and `related`; the detail has them.\n\n"
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
            "every version; send it in If-None-Match for a 304."
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
    update=extend_schema(
        summary="Replace an article",
        description="Needs articles.change_article. Send If-Match.",
        parameters=[IF_MATCH],
        request=ArticleWriteSerializer,
        responses={
            200: ArticleSerializer,
            404: NOT_FOUND,
            412: PRECONDITION_FAILED,
            **WRITE_ERRORS,
        },
    ),
    partial_update=extend_schema(
        summary="Change some fields of an article",
        description="Needs articles.change_article. Send If-Match.",
        parameters=[IF_MATCH],
        request=ArticleWriteSerializer,
        responses={
            200: ArticleSerializer,
            404: NOT_FOUND,
            412: PRECONDITION_FAILED,
            **WRITE_ERRORS,
        },
    ),
)
class ArticleViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "slug"
    lookup_value_regex = SLUG_IN_PATH
    filterset_class = ArticleFilter
    orderings = {name: name for name in ARTICLE_ORDERINGS}
    default_ordering = "-published_at"
    ordering_is_public = True
    extra_query_parameters = {
        **ApiViewMixin.extra_query_parameters,
        "retrieve": {"ninjs_version"},
    }

    def get_queryset(self):
        editor = sees_unpublished(self.request.user)
        if self.action == "list" and "status" not in self.request.query_params:
            # Only the status filter widens the list (and only for editors:
            # it answers 400 to anyone else).
            articles = Article.objects.published()
        elif editor:
            articles = Article.objects.all()
        else:
            articles = Article.objects.published()
        return self.with_page_data(articles, editor)

    def with_page_data(self, articles, editor):
        articles = articles.with_page_data()
        if editor:
            articles = articles.prefetch_related(
                Prefetch(
                    "related",
                    queryset=Article.objects.select_related("section"),
                    to_attr="related_for_editors",
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
            "sees_unpublished": sees_unpublished(self.request.user),
        }

    def representation(self, request):
        if request.accepted_renderer.format != "ninjs":
            return "json"
        version = request.query_params.get("ninjs_version", ninjs.DEFAULT_VERSION)
        if version not in ninjs.VERSIONS:
            raise ValidationError(
                {"ninjs_version": [_("Use one of: %s.") % ", ".join(ninjs.VERSIONS)]}
            )
        return f"ninjs{version}"

    def retrieve(self, request, *args, **kwargs):
        representation = self.representation(request)
        article = self.get_object()
        if sees_unpublished(request.user):
            representation += "-editor"
        etag = article_etag(article, representation)
        wanted = parse_etags(request.headers.get("If-None-Match", ""))
        if "*" in wanted or etag in [tag.removeprefix("W/") for tag in wanted]:
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        elif representation.startswith("ninjs"):
            version = representation.removeprefix("ninjs").removesuffix("-editor")
            response = Response(ninjs.article_to_ninjs(article, request, version))
        else:
            response = Response(self.get_serializer(article).data)
        response["ETag"] = etag
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return response

    def written(self, article, status_code):
        """The article as saved, as its writer (who may see drafts) reads it."""
        article = self.with_page_data(Article.objects.all(), editor=True).get(
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
        article = self.save_atomically(serializer)
        response = self.written(article, status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(
            f"{request.path}{article.slug}/"
        )
        return response

    def update(self, request, *args, partial=False, **kwargs):
        article = self.get_object()
        self.check_if_match(request, article)
        serializer = self.get_serializer(article, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            # Lock the row and check again: two editors can't both win.
            locked = Article.objects.select_for_update().get(pk=article.pk)
            if locked.version != article.version:
                raise PreconditionFailed
            article = self.save_atomically(serializer)
        return self.written(article, status.HTTP_200_OK)

    def check_if_match(self, request, article):
        header = request.headers.get("If-Match")
        if header is None:
            return
        tags = [tag.removeprefix("W/") for tag in parse_etags(header)]
        current = f'"{article.uuid}-v{article.version}-'
        if "*" not in tags and not any(tag.startswith(current) for tag in tags):
            raise PreconditionFailed


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The article has changed since this ETag.")
    default_code = "precondition_failed"


@extend_schema_view(
    create=extend_schema(
        summary="Publish an update or correction",
        description=(
            "Needs articles.add_articleupdate. The article's `updated_at` "
            "moves to its latest published update."
        ),
        request=inline_serializer(
            "ArticleUpdateCreate",
            {
                "article": serializers.SlugField(help_text="The article's slug."),
                "kind": serializers.ChoiceField(
                    choices=ArticleUpdate.Kind.choices,
                    default=ArticleUpdate.Kind.UPDATE,
                    help_text=HELP["update_kind"],
                ),
                "note": serializers.CharField(
                    help_text=ArticleUpdate.note.field.help_text
                ),
                "published_at": serializers.DateTimeField(
                    required=False, help_text=_("When readers see it; now if left out.")
                ),
            },
        ),
        responses={201: ArticleUpdateSerializer, **WRITE_ERRORS},
    ),
    update=extend_schema(
        summary="Replace an update or correction",
        responses={200: ArticleUpdateSerializer, 404: NOT_FOUND, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change an update or correction",
        responses={200: ArticleUpdateSerializer, 404: NOT_FOUND, **WRITE_ERRORS},
    ),
)
class ArticleUpdateViewSet(
    ApiViewMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Updates and corrections, written by editors (read them on the article)."""

    serializer_class = ArticleUpdateSerializer
    queryset = ArticleUpdate.objects.select_related("article")
    lookup_value_regex = ID_IN_PATH
    pagination_class = None
    filter_backends = []

    def create(self, request, *args, **kwargs):
        article_field = SlugField(queryset=Article.objects.all())
        slug = request.data.get("article") if isinstance(request.data, dict) else None
        if not isinstance(slug, str) or not slug:
            raise ValidationError({"article": [_("Give the article's slug.")]})
        try:
            article = article_field.to_internal_value(slug)
        except serializers.ValidationError as error:
            raise ValidationError({"article": error.detail}) from None
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = self.save_atomically(
            serializer, article=article, created_by=request.user
        )
        return Response(self.get_serializer(update).data, status=201)

    def perform_update(self, serializer):
        self.save_atomically(serializer)


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


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/ answers a JSON 404, like the views do."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
