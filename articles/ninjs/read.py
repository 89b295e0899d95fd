"""IPTC ninjs 2.x and 3.x items, as agencies send them and as we export them.

3.x spells property names in camelCase, 2.x in lower case; the reader looks
them up case-insensitively, so one reader serves both. It reads what
``articles/ninjs/export.py`` writes (round trip) and what agencies send:

- headline: the ``main`` headline, else the first; dek: the first description
  that is not about a picture (caption, credit line, alt text);
- body: the first HTML body (``text/html``, XHTML), else the first plain one,
  one paragraph per line; a whole HTML page is cut to what is in ``<body>``,
  without the headline repeated in ``<h1>``;
- ``by`` to bylines (a desk or agency name to the desk credit);
- ``firstCreated`` to the publication time; ``pubStatus`` canceled withdraws,
  withheld never publishes; ``embargoedUntil`` schedules;
- people, organisations, places, events and subjects to entities, matched
  later by Wikidata URI, then name and alias;
- the feature image (``rel``/``name`` featureimage, else the first picture;
  a picture item is its own photo) with its credit line, creator, notice and
  terms.

Top-level properties it has no field for, bodies and associations it did not
use and entity details (``contactInfo``, ``geoJSON``, other URIs) are kept in
``metadata`` as sent.
"""

import re

import nh3
from django.conf import settings
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from articles.importing.base import (
    MAX_ENTITIES,
    ImportRefused,
    Item,
    ItemEntity,
    ItemPhoto,
    split_byline,
)
from articles.ninjs.loading import Reader, check_strings, load_json
from articles.ninjs.vocabulary import (
    CANCELED,
    GROUP_KINDS,
    PUB_STATUSES,
    USABLE,
    WITHHELD,
    parse_tag_uri,
)
from articles.validators import LANGUAGE_TAG_PATTERN

USED = {
    "uri",
    "type",
    "standard",
    "firstcreated",
    "embargoeduntil",
    "embargoed",
    "pubstatus",
    "language",
    "headlines",
    "descriptions",
    "bodies",
    "body_html",
    "body_text",
    "body_xhtml",
    "description_html",
    "description_text",
    "by",
    "people",
    "organisations",
    "places",
    "events",
    "subjects",
    "associations",
    "representationtype",
}
ENTITY_KEYS = {"name", "rel", "uri", "literal"}
PICTURE_ROLES = {"caption", "creditline", "alttext"}
# Roles agencies give the story's text when they send it as a description.
TEXT_ROLES = {"text", "body"}
SUMMARY_ROLES = {"", "summary", "abstract", "teaser", "lead", "standfirst", "dek"}
WIKIDATA_URI = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q\d+)$")
ISO_COUNTRY_URI = re.compile(r"^https?://cvx?\.iptc\.org/iso3166-1a2/([a-z]{2})$", re.I)


def read_ninjs(text):
    """A ninjs document (already decoded) as an ``Item``."""
    document = load_json(text)
    if not isinstance(document, dict):
        raise ImportRefused(_("a ninjs item is a JSON object, not a list or a value"))
    check_strings(document)
    return read_document(document)


def read_document(document):
    item = Reader(document)
    uri = item.text("uri")
    if not uri:
        raise ImportRefused(_("the item has no 'uri': every ninjs item needs one"))
    if len(uri) > 500:
        raise ImportRefused(_("the 'uri' is longer than 500 characters"))
    headline = pick(item.objects("headlines"), role="main")
    headline = headline.text("value") if headline else item.text("headline")
    if not headline:
        raise ImportRefused(_("the item has no headline"))
    if len(headline) > 300:
        raise ImportRefused(_("the headline is longer than 300 characters"))

    language = item.text("language") or settings.LANGUAGE_CODE
    if not re.match(LANGUAGE_TAG_PATTERN, language):
        raise ImportRefused(
            _("'language' is not a language tag: '%(value)s'")
            % {"value": language[:35]}
        )
    pub_status = item.text("pubStatus", USABLE).lower()
    if pub_status not in PUB_STATUSES:
        raise ImportRefused(
            _("'pubStatus' is usable, withheld or canceled, not '%(value)s'")
            % {"value": pub_status[:40]}
        )
    embargo = item.time("embargoedUntil") or item.time("embargoed")
    published_at = item.time("firstCreated")
    item.time("versionCreated")
    item.time("contentCreated")

    authors, byline_text = split_byline(item.text("by"), "'by'")
    is_picture = item.text("type") == "picture"
    body, dek, unused_bodies = read_body(item, headline)
    if is_picture:
        dek = ""
    elif not body:
        raise ImportRefused(
            _(
                "the item has no text: no HTML or plain-text entry in 'bodies' "
                "and no description with the role 'text'"
            )
        )

    photo, unused_associations = read_photo(item, is_picture)
    # Kept as sent: what has no field here (copyright, version, genres...).
    metadata = {
        key: value for key, value in document.items() if key.lower() not in USED
    }
    if unused_bodies:
        metadata["unused bodies"] = unused_bodies
    if unused_associations:
        metadata["unused associations"] = unused_associations
    entities, details = read_entities(item)
    if details:
        metadata["entity details"] = details

    own = parse_tag_uri(uri)
    slug = description(item.objects("altIds"), only="slug")
    return Item(
        slug=slug if slug == slugify(slug) and len(slug) <= 200 else "",
        source_system="ninjs",
        source_id=uri,
        headline=headline,
        dek=dek,
        body=body,
        language=language,
        published_at=published_at,
        authors=authors,
        byline_text=byline_text,
        photo=photo,
        entities=entities,
        withdrawn=pub_status == CANCELED,
        withheld=pub_status == WITHHELD,
        embargoed_until=embargo,
        uuid=(
            own["uuid"]
            if own
            and own["kind"] == "article"
            and own["authority"] == settings.NEWSROOM_URI_AUTHORITY
            else ""
        ),
        metadata=metadata,
    )


def pick(readers, role):
    for reader in readers:
        if reader.text("role") == role:
            return reader
    return readers[0] if readers else None


def description(descriptions, exclude=(), only=None):
    for reader in descriptions:
        role = reader.text("role").lower()
        if (only is not None and role == only) or (
            only is None and role not in exclude
        ):
            return reader.text("value")
    return ""


def read_body(item, headline):
    """The body, the dek and the bodies not used. The text is the first
    HTML body, else the first plain one, else (as some agencies send it) a
    description with the role 'text'; ninjs 1.x's ``body_html`` and
    ``body_text`` count as bodies."""
    bodies = item.objects("bodies")
    for name, content_type in (
        ("body_html", "text/html"),
        ("body_xhtml", "application/xhtml+xml"),
        ("body_text", "text/plain"),
    ):
        if item.text(name):
            bodies.append(
                Reader({"contentType": content_type, "value": item.raw(name)}, name)
            )
    descriptions = item.objects("descriptions")
    for name, content_type in (
        ("description_html", "text/html"),
        ("description_text", "text/plain"),
    ):
        if item.text(name):
            descriptions.append(
                Reader({"contentType": content_type, "value": item.raw(name)}, name)
            )
    chosen = choose_body(bodies)
    unused = [reader.data for reader in bodies if reader is not chosen]
    if chosen is None:
        chosen = next(
            (d for d in descriptions if d.text("role").lower() in TEXT_ROLES), None
        )
        dek = next(
            (
                d.text("value")
                for d in descriptions
                if d.text("role").lower() in SUMMARY_ROLES and d is not chosen
            ),
            "",
        )
        if chosen is None:
            return "", dek, unused
    else:
        dek = description(descriptions, exclude=PICTURE_ROLES)
    value = chosen.text("value")
    if "html" in chosen.text("contentType").lower():
        return html_body(value, headline), dek, unused
    paragraphs = [line.strip() for line in value.splitlines() if line.strip()]
    body = "\n".join(f"<p>{escape(line)}</p>" for line in paragraphs)
    return body, dek, unused


def choose_body(bodies):
    chosen = None
    for reader in bodies:
        if "html" in reader.text("contentType").lower():
            chosen = reader
            break
    if chosen is None:
        for reader in bodies:
            content_type = reader.text("contentType").lower()
            if content_type in ("", "text/plain"):
                chosen = reader
                break
    return chosen


# Lower case for ASCII letters only, so that positions stay the same.
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def inside_body(value):
    """What is between ``<body ...>`` and ``</body>`` (or the end), found by
    plain searches: linear on any input, where a regex backtracks."""
    lowered = value.translate(ASCII_LOWER)
    start = lowered.find("<body")
    while start != -1:
        after = lowered[start + 5 : start + 6]
        if after == ">" or after.isspace() or after == "/":
            end_of_tag = lowered.find(">", start)
            if end_of_tag == -1:
                return value
            end = lowered.find("</body>", end_of_tag)
            return value[end_of_tag + 1 : None if end == -1 else end]
        start = lowered.find("<body", start + 5)
    return value


def html_body(value, headline):
    """The story's HTML without the page around it: what is inside <body>,
    with no <head>, <title> or <h1> (the headline, printed above anyway)."""
    value = inside_body(value)
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        clean_content_tags={"head", "title", "h1", "script", "style"},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def read_photo(item, is_picture):
    associations = item.objects("associations")
    if is_picture:
        return photo_from(item), [reader.data for reader in associations]
    chosen = None
    for reader in associations:
        if "featureimage" in (reader.text("rel"), reader.text("name")):
            chosen = reader
            break
    if chosen is None:
        chosen = next(
            (reader for reader in associations if reader.text("type") == "picture"),
            None,
        )
    unused = [reader.data for reader in associations if reader is not chosen]
    if chosen is None:
        return None, unused
    renditions = chosen.raw("renditions")
    if renditions:
        unused.append({"name": chosen.text("name"), "renditions": renditions})
    return photo_from(chosen), unused


def photo_from(reader):
    descriptions = reader.objects("descriptions")
    caption = description(descriptions, only="caption") or next(
        (d.text("value") for d in descriptions if not d.text("role")), ""
    )
    credit_line = description(descriptions, only="creditline")
    alt_text = description(descriptions, only="alttext")
    creator = reader.text("by")
    own = parse_tag_uri(reader.text("uri"))
    photo = ItemPhoto(
        caption=caption,
        credit_line=credit_line or creator,
        creator=creator,
        copyright_notice=reader.text("copyrightNotice"),
        license=reader.text("usageTerms"),
        alt_text=alt_text,
        uuid=own["uuid"] if own and own["kind"] == "photo" else "",
    )
    for name, limit in (
        ("credit_line", 255),
        ("creator", 200),
        ("copyright_notice", 255),
        ("license", 500),
        ("alt_text", 300),
    ):
        if len(getattr(photo, name)) > limit:
            raise ImportRefused(
                _("the photo's %(field)s is longer than %(limit)s characters")
                % {"field": name.replace("_", " "), "limit": limit}
            )
    return photo


def read_entities(item):
    groups = {group: item.objects(group) for group in GROUP_KINDS}
    count = sum(len(readers) for readers in groups.values())
    if count > MAX_ENTITIES:
        raise ImportRefused(
            _(
                "'people', 'organisations', 'places', 'events' and 'subjects' "
                "have %(count)s entries together; at most %(limit)s"
            )
            % {"count": count, "limit": MAX_ENTITIES}
        )
    entities, details, seen = [], [], set()
    for group, kind in GROUP_KINDS.items():
        for reader in groups[group]:
            name = reader.text("name") or reader.text("literal")
            uri = reader.text("uri")
            if not name:
                continue
            if len(name) > 200:
                raise ImportRefused(
                    _("'%(path)s.name' is longer than 200 characters")
                    % {"path": reader.path}
                )
            wikidata = WIKIDATA_URI.match(uri)
            country = ISO_COUNTRY_URI.match(uri) if kind == "place" else None
            entity = ItemEntity(
                kind="country" if country else kind,
                name=name,
                role="about" if reader.text("rel") == "about" else "mentions",
                wikidata_id=wikidata.group(1) if wikidata else "",
                country_code=country.group(1).upper() if country else "",
            )
            key = (entity.kind, entity.name.casefold(), entity.wikidata_id)
            if key in seen:
                continue
            seen.add(key)
            entities.append(entity)
            extra = {k: v for k, v in reader.data.items() if k not in ENTITY_KEYS}
            if (uri and not wikidata) or extra:
                details.append({"group": group, **reader.data})
    # Main subjects first, as the desk orders them; ninjs groups by kind.
    entities.sort(key=lambda entity: entity.role != "about")
    return entities, details
