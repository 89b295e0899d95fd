"""What every API view shares: strict input, documented errors, atomic saves."""

from django.db import IntegrityError, transaction
from django.http import Http404, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import (
    APIException,
    MethodNotAllowed,
    NotAcceptable,
    NotFound,
    ValidationError,
)
from rest_framework.request import Request
from rest_framework.settings import api_settings

from articles import cache_keys, caching

SLUG_IN_PATH = r"[-a-zA-Z0-9_]+"
ID_IN_PATH = r"[1-9][0-9]{0,17}"
REPEATABLE_PARAMETERS = {"entity", "status"}


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
    "If-Match names a version that is no longer current, or a weak ETag: "
    "fetch the article again, merge, and send the new ETag.",
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
        "Optional but recommended: the ETag of the version you edited, as "
        "the detail sent it. If the article has changed since, the write is "
        "refused with 412; so is a weak ETag (`W/...`), which If-Match never "
        "accepts."
    ),
)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The article has changed since this ETag.")
    default_code = "precondition_failed"


class ApiViewMixin:
    """Strict about input: unknown query parameters and formats answer 400,
    and a method the URL does not serve answers 405 before anything else."""

    extra_query_parameters = {
        "list": {"cursor", "page_size"},
    }
    # Anonymous answers the page cache keeps (articles.caching).
    page_cached_actions = set()

    def initial(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names or not hasattr(
            self, request.method.lower()
        ):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        self.check_query_parameters(request)

    @classmethod
    def page_cache_variant(cls, request, match):
        """For the page cache (articles.caching): every query parameter, as
        this view reads none but those it allows, and the format that content
        negotiation picks (an Accept header that asks for nothing else shares
        the JSON copy). None when the answer would be an error."""
        action = match.func.actions.get(request.method.lower())
        if action not in cls.page_cached_actions:
            return None
        view = cls(**match.func.initkwargs)
        view.action, view.request, view.args, view.kwargs = action, None, (), {}
        query = cache_keys.query_variant(
            request, view.allowed_query_parameters(), strict=True
        )
        if query is None:
            return None
        try:
            renderer, _media_type = view.get_content_negotiator().select_renderer(
                Request(request), view.get_renderers()
            )
        except (Http404, NotAcceptable):
            return None
        return [renderer.format, *query]

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

    def finalize_response(self, request, response, *args, **kwargs):
        # Editors see more than anonymous clients: caches must tell them apart.
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization"])
        return caching.api_answer(
            request, response, page_cached=self.action in self.page_cached_actions
        )

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except (Http404, NotFound):
            raise ValidationError(
                {api_settings.URL_FORMAT_OVERRIDE: [_("Unknown format here.")]}
            ) from None

    def perform_create(self, serializer):
        self.save_atomically(serializer)

    def perform_update(self, serializer):
        self.save_atomically(serializer)

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


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/ answers a JSON 404, like the views do."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
