"""OpenAPI helpers: what drf-spectacular cannot see from the views by itself."""

from drf_spectacular import openapi
from rest_framework import permissions

from articles.validators import LANGUAGE_TAG_PATTERN, WIKIDATA_ID_PATTERN

# Patterns the schema states for query parameters, so that clients (and the
# schema tests) know a malformed value before sending it.
PARAMETER_PATTERNS = {
    "section": r"^[-a-zA-Z0-9_]+$",
    "author": r"^[-a-zA-Z0-9_]+$",
    "language": LANGUAGE_TAG_PATTERN,
    "wikidata_id": WIKIDATA_ID_PATTERN,
}


ETAG = {
    "description": (
        "Changes with every version of the article and representation, and "
        "when an update comes due or a related article is published or changed."
    ),
    "required": True,
    "schema": {"type": "string"},
}
RESPONSE_HEADERS = {
    ("v1_articles_retrieve", "200"): {"ETag": ETAG},
    ("v1_articles_retrieve", "304"): {"ETag": ETAG},
    ("v1_articles_create", "201"): {
        "ETag": ETAG,
        "Location": {
            "description": "The new article's address in the API.",
            "required": True,
            "schema": {"type": "string", "format": "uri"},
        },
    },
    ("v1_articles_update", "200"): {"ETag": ETAG},
    ("v1_articles_partial_update", "200"): {"ETag": ETAG},
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before the next request.",
        "required": True,
        "schema": {"type": "integer"},
    }
}

PATH_PARAMETERS = {
    "slug": "The slug, as in the public address.",
    "id": "The numeric id.",
}


class AutoSchema(openapi.AutoSchema):
    """States that safe methods need no credentials where anonymous clients
    may read (drf-spectacular does not know DjangoModelPermissionsOrAnonReadOnly),
    and the limits of each filter's form field (drf-spectacular states only
    its type)."""

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class else {}
        for parameter in parameters:
            if parameter["name"] in filters:
                limits = filter_limits(filters[parameter["name"]])
                schema = parameter["schema"]
                if schema.get("type") == "array":
                    if "maxItems" in limits:
                        schema["maxItems"] = limits.pop("maxItems")
                    schema = schema["items"]
                schema.update(limits)
        return parameters

    def get_auth(self):
        auths = super().get_auth()
        anonymous_reads = any(
            isinstance(permission, permissions.DjangoModelPermissionsOrAnonReadOnly)
            for permission in self.view.get_permissions()
        )
        if anonymous_reads and self.method in permissions.SAFE_METHODS:
            auths.append({})
        return auths


def filter_limits(filter_):
    """The lengths and bounds a filter's form field enforces, as JSON Schema:
    from the filter's arguments and its field class, never from ``.field``,
    which would build (and keep) a field without a request."""
    names = {
        "max_length": "maxLength",
        "min_length": "minLength",
        "max_value": "maximum",
        "min_value": "minimum",
        "max_items": "maxItems",
    }
    limits = {}
    for name, keyword in names.items():
        value = filter_.extra.get(name, getattr(filter_.field_class, name, None))
        if value is not None:
            limits[keyword] = value
    return limits


# gunicorn refuses longer request lines before the app sees them
# (``limit_request_line`` in newsroom/gunicorn.conf.py).
URI_TOO_LONG = {
    "description": (
        "The request line is longer than 8,190 bytes, the server's limit: "
        "shorten the query (a cursor, a search, fewer filters)."
    )
}


def describe_query_parameters(result, generator, request, public):
    """Schema post-processing: state what the views enforce on every query
    parameter (no empty values; the patterns of slugs, tags and cursors), the
    headers the views send, the server's limit on the request line, and the
    meaning of path parameters."""
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method == "get":
                operation["responses"].setdefault("414", URI_TOO_LONG)
            for code, response in operation["responses"].items():
                headers = RESPONSE_HEADERS.get((operation["operationId"], code), {})
                if code == "429":
                    headers = RETRY_AFTER
                if headers:
                    response["headers"] = headers
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    parameter.setdefault(
                        "description", PATH_PARAMETERS[parameter["name"]]
                    )
                if parameter["in"] != "query":
                    continue
                schema = parameter["schema"]
                if parameter["name"] in PARAMETER_PATTERNS:
                    schema["pattern"] = PARAMETER_PATTERNS[parameter["name"]]
                if schema.get("type") == "string" and "enum" not in schema:
                    schema.setdefault("minLength", 1)
    return result
