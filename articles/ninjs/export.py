"""Articles as IPTC ninjs (News in JSON) documents, versions 3.1 and 2.1.

Plain functions; the API's article view (``?format=ninjs``) and the
``export_ninjs`` command call ``article_to_ninjs``. The
documents validate against the official IPTC schemas copied, unchanged, in
``articles/standards/ninjs/``. Choices where the standard leaves room:

- ``uri`` is a tag URI built from the permanent ``Article.uuid`` and
  ``settings.NEWSROOM_URI_AUTHORITY``: it never changes with the slug.
- ``firstCreated`` is the first publication (the creation time for an
  unpublished article), ``contentCreated`` the creation of the article in
  the newsroom, ``versionCreated`` the last save (``modified_at``), matching
  ``version``.
- ``pubStatus``: usable when the public can read it, canceled when withdrawn,
  withheld otherwise (a scheduled article also carries ``embargoedUntil``).
- Entities go to people, organisations, places (countries too), events and
  subjects (topics), with ``rel`` about/mentions, the slug as ``literal`` and
  the Wikidata concept URI as ``uri`` when the entity has one.
- The lead photo is the association named ``featureimage``. Neither schema has
  a credit line property, so the credit line travels as a description with
  role ``creditline`` (as in the IPTC's own AP example), the photographer as
  ``by``, the notice as ``copyrightNotice`` and the licence as ``usageTerms``.
- 2.1 spells property names in lower case and has no ``rel`` on associations;
  ``to_ninjs_2_1`` derives the 2.1 document from the 3.1 one.
"""

from datetime import UTC

from django.conf import settings
from django.utils.html import strip_tags

from articles.ninjs.vocabulary import (
    CANCELED,
    DEFAULT_VERSION,
    ENTITY_GROUPS,
    MEDIA_TYPE,
    SCHEMA_URLS,
    USABLE,
    VERSIONS,
    WITHHELD,
    tag_uri,
)

__all__ = ["DEFAULT_VERSION", "MEDIA_TYPE", "VERSIONS", "article_to_ninjs"]

RENAMED_IN_2_1 = {"embargoedUntil": "embargoed"}


def article_uri(article):
    return tag_uri("article", article.uuid)


def photo_uri(photo):
    return tag_uri("photo", photo.uuid)


def timestamp(value):
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def pub_status(article):
    if article.is_published():
        return USABLE
    if article.is_withdrawn():
        return CANCELED
    return WITHHELD


def compact(document):
    """Leave out empty values: the schemas have no use for them."""
    return {
        key: value for key, value in document.items() if value not in ("", None, [])
    }


def entity_groups(article):
    groups = {}
    for link in article.entity_links.all():
        entity = link.entity
        group = groups.setdefault(ENTITY_GROUPS[entity.kind], [])
        group.append(
            compact(
                {
                    "name": entity.name,
                    "rel": link.role,
                    "literal": entity.slug,
                    "uri": entity.wikidata_uri,
                }
            )
        )
    return groups


def feature_image(photo, request=None, name="featureimage", rel="featureimage"):
    """A photo as a picture association, its renditions listed by crop,
    width and format; never the original, which is private."""
    descriptions = [
        {"role": role, "value": value}
        for role, value in (
            ("caption", photo.caption),
            ("creditline", photo.credit_line),
            ("alttext", photo.alt_text),
        )
        if value
    ]
    renditions = [
        compact(
            {
                "name": f"{r.ratio}-{r.width}-{r.format}",
                "href": request.build_absolute_uri(r.url) if request else r.url,
                "contentType": r.content_type,
                "width": r.width,
                "height": r.height,
                "sizeInBytes": r.bytes,
            }
        )
        for r in (photo.current_renditions() if photo.image else [])
    ]
    return compact(
        {
            "name": name,
            "rel": rel,
            "uri": photo_uri(photo),
            "type": "picture",
            "representationType": "partial",
            "versionCreated": timestamp(photo.modified_at),
            "descriptions": descriptions,
            "by": photo.creator,
            "copyrightNotice": photo.copyright_notice,
            "usageTerms": photo.license,
            "renditions": renditions,
        }
    )


def body_images(article, request=None):
    """The photos of the body's figures, in their order; the body refers to
    each by ``data-photo``, the UUID at the end of the association's uri."""
    return [
        feature_image(photo, request, name=f"inlineimage{number}", rel="inlineimage")
        for number, photo in enumerate(article.body_photos(), start=1)
    ]


def update_descriptions(article):
    """Published updates and corrections as descriptions with their kind as
    role (``correction``, ``update``, ``clarification``, ``editors_note``),
    oldest first, and the reason of a withdrawal: ninjs has no property of
    its own for either."""
    descriptions = [
        {"role": update.kind, "contentType": "text/plain", "value": update.note}
        for update in article.published_updates()
    ]
    if article.is_withdrawn() and article.withdrawal_reason:
        descriptions.append(
            {
                "role": "withdrawal",
                "contentType": "text/plain",
                "value": article.withdrawal_reason,
            }
        )
    return descriptions


def body_counts(html):
    text = strip_tags(html)
    return {"charCount": len(text), "wordCount": len(text.split())}


def article_to_ninjs_3_1(article, request=None):
    from articles.live.ninjs import live_parts

    embargoed = article.is_scheduled()
    live_genres, live_descriptions, live_entries = live_parts(article)
    document = {
        "uri": article_uri(article),
        "standard": {
            "name": "ninjs",
            "version": "3.1",
            "schema": SCHEMA_URLS["3.1"],
        },
        "type": "text",
        "representationType": "full",
        "version": str(article.version),
        "firstCreated": timestamp(article.published_at or article.created_at),
        "versionCreated": timestamp(article.modified_at),
        "contentCreated": timestamp(article.created_at),
        "embargoedUntil": timestamp(article.published_at) if embargoed else None,
        "pubStatus": pub_status(article),
        "copyrightHolder": settings.NEWSROOM_COPYRIGHT_HOLDER,
        "language": article.language,
        "altIds": [{"role": "slug", "value": article.slug}],
        "headlines": [{"role": "main", "value": article.headline}],
        "descriptions": (
            [{"role": "summary", "value": article.dek}] if article.dek else []
        )
        + update_descriptions(article)
        + live_descriptions,
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": article.body,
                **body_counts(article.body),
            }
        ],
        "by": article.byline_names,
        **entity_groups(article),
        "associations": (
            [feature_image(article.lead_photo, request)] if article.lead_photo else []
        )
        + body_images(article, request)
        + live_entries,
        "genres": live_genres,
    }
    return compact(document)


def to_ninjs_2_1(document):
    """The same item in ninjs 2.1: lower-case property names, no ``rel`` on
    associations."""

    def convert(value, association=False):
        if isinstance(value, list):
            return [convert(item, association) for item in value]
        if not isinstance(value, dict):
            return value
        converted = {}
        for key, item in value.items():
            if association and key == "rel":
                continue
            new_key = RENAMED_IN_2_1.get(key, key.lower())
            converted[new_key] = convert(item, association=key == "associations")
        return converted

    converted = convert(document)
    converted["standard"] = {
        "name": "ninjs",
        "version": "2.1",
        "schema": SCHEMA_URLS["2.1"],
    }
    return converted


def article_to_ninjs(article, request=None, version=DEFAULT_VERSION):
    document = article_to_ninjs_3_1(article, request)
    if version == "2.1":
        return to_ninjs_2_1(document)
    return document
