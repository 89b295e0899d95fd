"""Keyset pagination for the API: pages cut on a unique key, never on an offset.

Every list is ordered by one field and then by ``id``, which makes the key unique.
The ``next`` link carries the key of the last row of the page (an opaque
``cursor``), and the next page holds the rows strictly after that key. Unlike
page numbers or offsets, rows that are added, removed or moved elsewhere in the
list do not shift the pages still to come.

For a sync client this gives, when walking ``ordering=modified_at`` (ascending):

- an article is never missed: one not yet delivered either keeps its place
  ahead of the cursor or, when it is saved, moves to the end of the list,
  which is still ahead of the cursor;
- an unchanged article is never delivered twice; an article saved after it
  was delivered is delivered again, later in the same walk, in its new
  version (``version`` tells the two apart). That second delivery is the
  point of the walk, not a repeat.
"""

import base64
import binascii
import json
from datetime import UTC, datetime

from django.db.models import DateTimeField, F, Q
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

MAX_PAGE_SIZE = 100
# Unpadded base64url of a JSON object that starts with the ordering (`{"o":"`).
CURSOR_PATTERN = r"^eyJvIjoi(?:[-A-Za-z0-9_]{4})*(?:[-A-Za-z0-9_]{2,3})?$"
# json.dumps writes each character of a text value in at most 12 characters
# (an astral character as two \\u escapes), a stored time in 32.
JSON_CHARACTER = 12
TIME_LENGTH = len("9999-12-31T23:59:59.999999+00:00")


def base64_length(size):
    return -(-size * 4 // 3)


def cursor_payload(ordering, value, pk):
    if isinstance(value, datetime):
        value = value.isoformat()
    return json.dumps({"o": ordering, "v": value, "id": pk}, separators=(",", ":"))


def encode_cursor(ordering, value, pk):
    payload = cursor_payload(ordering, value, pk)
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """Return (ordering, value, pk) from a cursor, or raise ValueError."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (UnicodeError, binascii.Error, ValueError, RecursionError) as error:
        raise ValueError("not a cursor") from error
    if not isinstance(data, dict) or set(data) != {"o", "v", "id"}:
        raise ValueError("not a cursor")
    ordering, value, pk = data["o"], data["v"], data["id"]
    if not isinstance(ordering, str) or type(pk) is not int or not 1 <= pk < 2**63:
        raise ValueError("not a cursor")
    if value is not None and not isinstance(value, str):
        raise ValueError("not a cursor")
    return ordering, value, pk


class KeysetPagination(BasePagination):
    """Forward-only keyset pagination; see the module docstring.

    The view names what it may be ordered by in ``orderings`` (a dict of
    public name to model field) and its ``default_ordering`` (e.g.
    ``"-published_at"``). Views that offer an ``ordering`` query parameter
    validate it in their FilterSet; this class reads the validated value.
    """

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.ordering = self.get_ordering(request, view)
        name = self.ordering.lstrip("-")
        self.field = view.orderings[name]
        self.descending = self.ordering.startswith("-")
        self.model_field = queryset.model._meta.get_field(self.field)

        queryset = queryset.order_by(*self.order_by())
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor is not None:
            queryset = queryset.filter(self.after(*self.read_cursor(cursor)))
        rows = list(queryset[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        return self.page

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return api_settings.PAGE_SIZE
        if (
            not raw.isascii()
            or not raw.isdigit()
            or len(raw) > len(str(self.max_page_size))
            or not 1 <= int(raw) <= self.max_page_size
        ):
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)s.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return int(raw)

    def get_ordering(self, request, view):
        ordering = view.default_ordering
        if getattr(view, "ordering_is_public", False):
            ordering = request.query_params.get(self.ordering_query_param) or ordering
        return ordering

    def order_by(self):
        if self.descending:
            return [F(self.field).desc(nulls_last=True), F("pk").desc()]
        return [F(self.field).asc(nulls_last=True), F("pk").asc()]

    def read_cursor(self, cursor):
        def invalid(message):
            return ValidationError({self.cursor_query_param: [message]})

        try:
            ordering, value, pk = decode_cursor(cursor)
        except ValueError:
            raise invalid(_("Not a cursor from a next link.")) from None
        if ordering != self.ordering:
            raise invalid(
                _("This cursor belongs to ordering=%(ordering)s.")
                % {"ordering": ordering}
            )
        try:
            return self.read_value(value), pk
        except (ValueError, OverflowError):
            raise invalid(_("Not a cursor from a next link.")) from None

    def read_value(self, value):
        """The cursor's value as the database may compare it, or ValueError.

        Only what ``encode_cursor`` writes from a stored row passes: null for
        a nullable field, an aware time in ISO format that has a UTC
        equivalent (OverflowError otherwise), or text that fits the column
        and that PostgreSQL can store (no NUL, no lone surrogate).
        """
        field = self.model_field
        if value is None:
            if not field.null:
                raise ValueError("null in a field without nulls")
            return None
        if isinstance(field, DateTimeField):
            moment = parse_datetime(value)
            if moment is None or is_naive(moment) or moment.isoformat() != value:
                raise ValueError("not a time from a next link")
            return moment.astimezone(UTC)
        value.encode()
        too_long = field.max_length is not None and len(value) > field.max_length
        if "\x00" in value or too_long:
            raise ValueError("not a stored value")
        return value

    def after(self, value, pk):
        """The rows that come after (value, pk) in this ordering, nulls last."""
        field = self.field
        if value is None:
            pk_lookup = "pk__lt" if self.descending else "pk__gt"
            return Q(**{f"{field}__isnull": True, pk_lookup: pk})
        beyond, pk_lookup = ("lt", "pk__lt") if self.descending else ("gt", "pk__gt")
        condition = Q(**{f"{field}__{beyond}": value}) | Q(
            **{field: value, pk_lookup: pk}
        )
        if self.model_field.null:
            condition |= Q(**{f"{field}__isnull": True})
        return condition

    def get_next_link(self):
        if not self.has_next:
            return None
        last = self.page[-1]
        cursor = encode_cursor(self.ordering, getattr(last, self.field), last.pk)
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": (
                        "The next page, or null on the last page. Follow it as "
                        "it is: its cursor only works with the same ordering."
                    ),
                },
                "results": {**schema, "description": "The rows of this page."},
            },
        }

    def cursor_schema(self, view):
        """The shape of the cursors this view's next links carry: their
        prefix, and lengths from the shortest to the longest key."""
        names = [prefix + name for name in view.orderings for prefix in ("", "-")]
        shortest = min(len(cursor_payload(name, "", 1)) for name in names)
        schema = {
            "type": "string",
            "pattern": CURSOR_PATTERN,
            "minLength": base64_length(shortest),
        }
        try:
            model = view.get_queryset().model
        except Exception:  # noqa: BLE001 - without a model, no upper bound
            return schema
        longest = 0
        for name in names:
            field = model._meta.get_field(view.orderings[name.lstrip("-")])
            if isinstance(field, DateTimeField):
                value = TIME_LENGTH
            else:
                value = field.max_length * JSON_CHARACTER
            key = len(cursor_payload(name, "", 2**63 - 1))
            longest = max(longest, key + value)
        schema["maxLength"] = base64_length(longest)
        return schema

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Opaque position in the list, taken from the `next` link of "
                    "the page before. Pages are cut on a unique key (the ordering "
                    "field, then id), so rows that change elsewhere never shift "
                    "the pages still to come. Only cursors from a `next` link "
                    "are valid: anything else that matches the pattern is "
                    "answered 400 (`Not a cursor from a next link.`), and so is "
                    "a cursor sent with another `ordering` than its link's."
                ),
                "schema": self.cursor_schema(view),
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Rows per page, {api_settings.PAGE_SIZE} by default. A value "
                    f"outside 1 to {self.max_page_size} is answered 400, not capped."
                ),
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": api_settings.PAGE_SIZE,
                },
            },
        ]
