"""The JSON under a ninjs item, loaded with a limit on everything a hostile
file could make large (number length, list length, nesting) and read
through case-insensitive, type-checked access.

Kept apart from ``read.py`` so that the reader of the ninjs shapes works
on a document already known to be safe to walk, and every refusal of the
raw JSON is in one place.
"""

import json
import math
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from articles.importing.base import ImportRefused, check_text

MAX_DEPTH = 64
# Longer lists are no story's: each is refused by its path. Entity groups
# are capped together by MAX_ENTITIES.
MAX_LIST_ITEMS = 500
LIST_LIMITS = {"associations": 100, "bodies": 20, "descriptions": 50, "headlines": 20}
# The longest number a ninjs item has any use for (sizes, scores,
# coordinates); Python refuses to read ints of thousands of digits at all.
MAX_NUMBER_LENGTH = 40


def load_json(text):
    """The JSON value ``text`` holds, every number within its limit; else
    ``ImportRefused`` with the line where it can be found."""
    try:
        document = json.loads(
            text,
            parse_constant=refuse_constant,
            parse_int=read_number,
            parse_float=read_number,
        )
    except NumberRefused as refusal:
        refusal.line = line_of(text, refusal.literal)
        raise
    except json.JSONDecodeError as error:
        raise ImportRefused(
            _("not valid JSON (%(error)s, column %(column)s)")
            % {"error": error.msg, "column": error.colno},
            line=error.lineno,
        ) from None
    except RecursionError:
        raise ImportRefused(_("the JSON is nested too deeply")) from None
    return document


class NumberRefused(ImportRefused):
    """A number no item has a use for; ``load_json`` finds its line."""

    def __init__(self, reason, literal):
        super().__init__(reason)
        self.literal = literal


def refuse_constant(name):
    raise NumberRefused(_("'%(name)s' is not a JSON number") % {"name": name}, name)


def read_number(literal):
    """JSON's numbers as Python's, refusing those no database column can
    hold: thousands of digits, or a float too large to be finite."""
    if len(literal) > MAX_NUMBER_LENGTH:
        raise NumberRefused(
            _("a number of %(length)s characters; at most %(limit)s")
            % {"length": len(literal), "limit": MAX_NUMBER_LENGTH},
            literal,
        )
    if literal.lstrip("-").isdigit():
        return int(literal)
    number = float(literal)
    if not math.isfinite(number):
        raise NumberRefused(
            _("'%(number)s' is too large a number") % {"number": literal}, literal
        )
    return number


def line_of(text, literal):
    """The line of the first place ``literal`` stands as a JSON value (after
    a colon, a comma or a bracket), not inside a string."""
    position = text.find(literal)
    first = position
    while position != -1:
        before = text[max(0, position - 200) : position].rstrip()
        if before[-1:] in {":", ",", "["}:
            break
        position = text.find(literal, position + 1)
    if position == -1:
        position = first
    return text.count("\n", 0, max(position, 0)) + 1


def check_strings(value, path="", depth=0, key=""):
    """Every string storable, no list longer than its limit, no deeper
    nesting than MAX_DEPTH: one walk over the whole document."""
    if depth > MAX_DEPTH:
        raise ImportRefused(_("the JSON is nested too deeply"))
    if isinstance(value, str):
        check_text(value, path or _("the item"))
    elif isinstance(value, dict):
        for name, item in value.items():
            check_text(name, _("a property name"))
            check_strings(item, f"{path}.{name}" if path else name, depth + 1, name)
    elif isinstance(value, list):
        limit = LIST_LIMITS.get(key.lower(), MAX_LIST_ITEMS)
        if len(value) > limit:
            raise ImportRefused(
                _("'%(path)s' has %(count)s entries; at most %(limit)s")
                % {"path": path, "count": len(value), "limit": limit}
            )
        for index, item in enumerate(value):
            check_strings(item, f"{path}[{index}]", depth + 1)


class Reader:
    """Case-insensitive, type-checked access to a ninjs object, so that 2.x
    and 3.x read alike and a wrong type is refused by its path."""

    def __init__(self, data, path=""):
        self.data = data
        self.keys = {key.lower(): key for key in data}
        self.path = path

    def where(self, name):
        return f"{self.path}.{name}" if self.path else name

    def raw(self, name):
        key = self.keys.get(name.lower())
        return None if key is None else self.data[key]

    def text(self, name, default=""):
        value = self.raw(name)
        if value is None:
            return default
        if not isinstance(value, str):
            raise ImportRefused(
                _("'%(name)s' should be text") % {"name": self.where(name)}
            )
        return value.strip()

    def objects(self, name):
        value = self.raw(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(
            isinstance(item, dict) for item in value
        ):
            raise ImportRefused(
                _("'%(name)s' should be a list of objects") % {"name": self.where(name)}
            )
        return [
            Reader(item, f"{self.where(name)}[{index}]")
            for index, item in enumerate(value)
        ]

    def time(self, name):
        value = self.text(name)
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise ImportRefused(
                _("'%(name)s' is not a date and time with its zone: '%(value)s'")
                % {"name": self.where(name), "value": value[:60]}
            )
        return moment
