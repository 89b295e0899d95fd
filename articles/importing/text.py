"""Wire copy as pasted from the web, in the layout of the seed story.

::

    Headline
    Dek
    Photo caption
    - Foto
    Photographer / Source
    Autor: [names, here or on the next line]
    Actualizada: [a Spanish date, here or on the next line]
    Compartir:
    Body paragraph, one per line
    ...
    Compartir:

Read as an editor reads it: blank lines do not matter, labels may carry their
value on their own line or the next, the photo block and the labels may be
missing, and the body starts after the first ``Compartir:`` (or after the
header when there is none). Anything that cannot be read so is refused with
its line number.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .base import (
    ImportRefused,
    Item,
    ItemPhoto,
    aware,
    check_text,
    fingerprint,
    split_byline,
)

HEADLINE_MAX_LENGTH = 300

PHOTO_MARK = re.compile(r"^[-–—]\s*foto\s*:?$", re.IGNORECASE)
LABEL = re.compile(
    r"^(?P<label>autor(?:a|es|as)?|por|actualizad[ao]|compartir)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
AUTHOR_LABELS = {"autor", "autora", "autores", "autoras", "por"}
UPDATED_LABELS = {"actualizada", "actualizado"}
SHARE_LABEL = "compartir"

MONTHS = {
    "enero": 1,
    "ene": 1,
    "febrero": 2,
    "feb": 2,
    "marzo": 3,
    "mar": 3,
    "abril": 4,
    "abr": 4,
    "mayo": 5,
    "may": 5,
    "junio": 6,
    "jun": 6,
    "julio": 7,
    "jul": 7,
    "agosto": 8,
    "ago": 8,
    "septiembre": 9,
    "setiembre": 9,
    "sept": 9,
    "sep": 9,
    "set": 9,
    "octubre": 10,
    "oct": 10,
    "noviembre": 11,
    "nov": 11,
    "diciembre": 12,
    "dic": 12,
}
TIME = (
    r"(?:\s*[-–,|]?\s*(?:a\s+las\s+)?"
    r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})\s*(?:h|hs|hrs?)?\.?)?"
)
SPANISH_DATE = re.compile(
    r"^(?:[a-záéíóúñ]+,?\s+)?(?P<day>\d{1,2})\s+(?:de\s+)?(?P<month>[a-záéíóúñ]+)\.?"
    r",?\s+(?:de\s+|del\s+)?(?P<year>\d{4})" + TIME + r"$",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(
    r"^(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})" + TIME + r"$"
)
ISO_DATE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[ T](?P<hour>\d{2}):(?P<minute>\d{2}))?$"
)


def parse_spanish_date(value, line=None):
    """'14 dic 2025 - 10:42', '14 de diciembre de 2025', '14/12/2025 10:42' or
    '2025-12-14 10:42', in the desk's time zone. A date alone is midnight."""
    value = " ".join(value.split())
    match = (
        SPANISH_DATE.match(value) or NUMERIC_DATE.match(value) or ISO_DATE.match(value)
    )
    if not match:
        raise ImportRefused(
            _("'%(value)s' is not a date (e.g. '14 dic 2025 - 10:42')")
            % {"value": value[:80]},
            line=line,
        )
    parts = match.groupdict()
    month = parts["month"]
    month = int(month) if month.isdigit() else MONTHS.get(month.lower())
    try:
        if month is None:
            raise ValueError(month)
        moment = datetime(
            int(parts["year"]),
            month,
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
        )
    except ValueError:
        raise ImportRefused(
            _("'%(value)s' is not a date (e.g. '14 dic 2025 - 10:42')")
            % {"value": value[:80]},
            line=line,
        ) from None
    if not 1900 <= moment.year <= 2200:
        raise ImportRefused(
            _("'%(value)s' is not a plausible year") % {"value": parts["year"]},
            line=line,
        )
    return aware(moment)


@dataclass
class Line:
    number: int
    text: str

    @property
    def label(self):
        match = LABEL.match(self.text)
        return match["label"].lower() if match else None

    @property
    def value(self):
        return LABEL.match(self.text)["value"].strip()


def paragraphs_to_html(lines):
    return "\n".join(f"<p>{escape(line.text)}</p>" for line in lines)


def read_text(text):
    """The plain-text layout as an ``Item``; ``text`` is already decoded."""
    lines = [
        Line(number, check_text(" ".join(raw.split()), _("the text"), number))
        for number, raw in enumerate(text.splitlines(), start=1)
    ]
    lines = [line for line in lines if line.text]
    if not lines:
        raise ImportRefused(_("the file is empty: there is no headline"), line=1)

    headline = lines[0]
    if headline.label or PHOTO_MARK.match(headline.text):
        raise ImportRefused(
            _("there is no headline: the text starts with '%(text)s'")
            % {"text": headline.text[:40]},
            line=headline.number,
        )
    if len(headline.text) > HEADLINE_MAX_LENGTH:
        raise ImportRefused(
            _(
                "the first line is %(length)s characters long, too long for a "
                "headline (at most %(limit)s): is the headline missing?"
            )
            % {"length": len(headline.text), "limit": HEADLINE_MAX_LENGTH},
            line=headline.number,
        )

    rest = lines[1:]
    share = next(
        (index for index, line in enumerate(rest) if line.label == SHARE_LABEL),
        None,
    )
    header = rest if share is None else rest[:share]
    body = [] if share is None else rest[share + 1 :]

    first_label = next(
        (index for index, line in enumerate(header) if line.label), len(header)
    )
    top, labelled = header[:first_label], header[first_label:]

    dek, photo, leftover = read_top(top)
    authors, byline_text, updated_at, after_labels = read_labels(
        labelled, until_body=share is None
    )
    body = leftover + after_labels + body
    body = [line for line in body if line.label != SHARE_LABEL]
    for line in body:
        if PHOTO_MARK.match(line.text):
            raise ImportRefused(
                _("a '- Foto' line in the body: the photo goes under the dek"),
                line=line.number,
            )
    return Item(
        source_system="text",
        source_id=fingerprint(text),
        headline=headline.text,
        dek=dek,
        body=paragraphs_to_html(body),
        language=settings.LANGUAGE_CODE,
        published_at=updated_at,
        updated_at=updated_at,
        authors=authors,
        byline_text=byline_text,
        photo=photo,
    )


def read_top(top):
    """Dek, caption, '- Foto', credit: the lines between the headline and the
    first label. Returns the dek, the photo and lines that belong to the body."""
    mark = next(
        (index for index, line in enumerate(top) if PHOTO_MARK.match(line.text)),
        None,
    )
    if mark is None:
        if not top:
            return "", None, []
        return top[0].text, None, top[1:]
    caption = top[mark - 1].text if mark >= 1 else ""
    dek_lines = top[: max(mark - 1, 0)]
    credit_lines = top[mark + 1 : mark + 2]
    credit = credit_lines[0].text if credit_lines else ""
    if credit_lines and len(credit) > 255:
        raise ImportRefused(
            _("the line after '- Foto' should be the photo credit; this is too long"),
            line=credit_lines[0].number,
        )
    creator, _slash, source = (part.strip() for part in credit.partition("/"))
    photo = ItemPhoto(
        caption=caption,
        credit_line=credit,
        creator=creator if source else credit,
        source=source,
    )
    if len(dek_lines) > 1:
        # A dek is one paragraph; more lines than that are the dek's
        # continuation, as an editor reads a wrapped paragraph.
        dek = " ".join(line.text for line in dek_lines)
    else:
        dek = dek_lines[0].text if dek_lines else ""
    return dek, photo, top[mark + 2 :]


def read_labels(labelled, until_body):
    """'Autor:' and 'Actualizada:', each with its value on its own line or the
    next. Returns authors, desk credit, update time and the lines after the
    labels, which start the body."""
    authors, byline_text, updated_at = [], "", None
    seen = {}
    index = 0
    while index < len(labelled):
        line = labelled[index]
        label = line.label
        if label is None:
            if until_body:
                break
            raise ImportRefused(
                _(
                    "a line among 'Autor:', 'Actualizada:' and 'Compartir:' "
                    "that is none of them"
                ),
                line=line.number,
            )
        kind = "author" if label in AUTHOR_LABELS else "updated"
        if kind in seen:
            raise ImportRefused(
                _("'%(label)s' appears twice (first on line %(first)s)")
                % {"label": line.text.split(":")[0], "first": seen[kind]},
                line=line.number,
            )
        seen[kind] = line.number
        value, value_line = line.value, line.number
        following = labelled[index + 1] if index + 1 < len(labelled) else None
        if not value and following is not None and following.label is None:
            if kind == "updated" and until_body:
                # Without 'Compartir:' the body follows: the next line is the
                # value only if it reads as a date.
                try:
                    parse_spanish_date(following.text)
                except ImportRefused:
                    following = None
            elif kind == "author" and until_body and len(following.text) > 120:
                following = None
            if following is not None:
                value, value_line = following.text, following.number
                index += 1
        if kind == "author":
            authors, byline_text = split_byline(value, _("'Autor:'"), line=value_line)
            for name in authors:
                if len(name) > 200:
                    raise ImportRefused(
                        _("'Autor:' should name the authors; this is too long"),
                        line=value_line,
                    )
        elif value:
            updated_at = parse_spanish_date(value, line=value_line)
        index += 1
    return authors, byline_text, updated_at, labelled[index:]
