"""What every importer reads into, and the rules they share.

A parser (``text.py``, ``articles/ninjs/read.py``) turns the bytes of one file into an
``Item``, or raises ``ImportRefused`` with the line where it stopped; nothing
touches the database until ``store.save_item`` writes the whole item in one
transaction.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Wire copy and agency items are a few kilobytes; anything this big is not a
# story, and reading it would only tie up the process.
MAX_BYTES = 2 * 1024 * 1024
# What one story may name: far above any real item (the seed story names 41
# entities), low enough that importing any file within MAX_BYTES is quick.
MAX_AUTHORS = 30
MAX_ENTITIES = 300


class ImportRefused(Exception):
    """A file that cannot be read as a story: the reason an editor can act
    on, and the line it was found on when there is one."""

    def __init__(self, reason, line=None):
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def __str__(self):
        if self.line:
            return str(_("line %(line)s: %(reason)s")) % {
                "line": self.line,
                "reason": self.reason,
            }
        return str(self.reason)


@dataclass
class ItemPhoto:
    """The lead photo as the source describes it (no image file: wire copy
    brings the credit, not the picture)."""

    caption: str = ""
    credit_line: str = ""
    creator: str = ""
    source: str = ""
    copyright_notice: str = ""
    license: str = ""
    alt_text: str = ""
    uuid: str = ""


@dataclass
class ItemEntity:
    kind: str
    name: str
    role: str = "mentions"
    wikidata_id: str = ""
    country_code: str = ""


@dataclass
class Item:
    """One story as a source tells it, before it meets the database."""

    source_system: str
    source_id: str
    headline: str
    dek: str = ""
    body: str = ""
    language: str = "es"
    published_at: datetime | None = None
    updated_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    byline_text: str = ""
    photo: ItemPhoto | None = None
    entities: list[ItemEntity] = field(default_factory=list)
    withdrawn: bool = False
    withheld: bool = False
    embargoed_until: datetime | None = None
    uuid: str = ""
    slug: str = ""
    metadata: dict = field(default_factory=dict)


def decode(data):
    """The file as text: UTF-8 (with or without a byte-order mark), no NUL or
    other control characters that no story contains."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            _("the file is %(size)s bytes; the limit is %(limit)s bytes")
            % {"size": len(data), "limit": MAX_BYTES}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused(
            _("this is not UTF-8 text (a binary file?)"), line=line
        ) from None
    for number, line in enumerate(text.split("\n"), start=1):
        if CONTROL_CHARACTERS.search(line):
            raise ImportRefused(
                _("this is not text: it contains control characters (a binary file?)"),
                line=number,
            )
    return text


# C0 controls except tab, newline and carriage return, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(value, what, line=None):
    """A string the database can store: no NUL, no lone surrogates."""
    if "\x00" in value or CONTROL_CHARACTERS.search(value.replace("\t", " ")):
        raise ImportRefused(
            _("%(what)s contains control characters") % {"what": what}, line=line
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ImportRefused(
            _("%(what)s is not valid Unicode text") % {"what": what}, line=line
        ) from None
    return value


def fingerprint(text):
    """The same story pasted twice, with other line endings, blank lines or
    spacing, gives the same fingerprint."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    normal = "\n".join(unicodedata.normalize("NFC", line) for line in lines if line)
    return "sha256:" + hashlib.sha256(normal.encode("utf-8")).hexdigest()


BYLINE_PREFIX = re.compile(r"^(?:por|by)\s+", re.IGNORECASE)
# Applied to a byline whose spaces are single: no quantifier that could
# backtrack over a run of them.
BYLINE_SEPARATORS = re.compile(r" ?[,;] ?| (?:y|and|e|&) ")
# Credits that name a desk or an agency, not a person: printed as the
# article's desk credit instead of an author.
DESK_CREDITS = {
    "redacción",
    "redaccion",
    "agencias",
    "agencia",
    "afp",
    "ap",
    "efe",
    "reuters",
    "europa press",
    "dpa",
    "ntb",
    "tt",
    "ansa",
}


def split_byline(value, what, line=None):
    """'Por Ana Pérez y Luis Soto' -> authors ['Ana Pérez', 'Luis Soto'];
    'Redacción' -> a desk credit. Returns (authors, desk credit). ``what``
    and ``line`` say where the byline is when it names too many."""
    value = " ".join(value.split())
    value = BYLINE_PREFIX.sub("", value).strip(" .")
    if not value:
        return [], ""
    if value.casefold() in DESK_CREDITS:
        return [], value
    names, seen = [], set()
    for name in BYLINE_SEPARATORS.split(value):
        name = name.strip(" .")
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    if len(names) > MAX_AUTHORS:
        raise ImportRefused(
            _("%(what)s names %(count)s authors; at most %(limit)s")
            % {"what": what, "count": len(names), "limit": MAX_AUTHORS},
            line=line,
        )
    return names, ""


def aware(value):
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value
