"""A live coverage in IPTC ninjs, both ways.

The coverage is the article's own item, marked with the genre
``live-coverage`` (``live-coverage-ended`` once it ended); its published
entries travel as associations with ``rel`` ``liveentry``, each a full ninjs
object: its own tag URI (from the entry's uuid), version, times, title as
headline, author as ``by``, HTML body, corrections as descriptions with role
``correction``, and the genres ``pinned`` and ``key-event``. ninjs has no
property for the coverage's start and end: they are descriptions with roles
``coveragestart`` and ``coverageend`` (the importer reads none of an item's
descriptions but the summary, so an imported coverage starts at the item's
``firstCreated`` and, ended, ends at its latest entry). Importing such an
item back gives the same coverage and entries (``restore``, called by the
importer).
"""

from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from articles.cache_keys import depends_on
from articles.ninjs.vocabulary import USABLE, parse_tag_uri, tag_uri

LIVE_GENRE = "live-coverage"
ENDED_GENRE = "live-coverage-ended"
ENTRY_REL = "liveentry"


def timestamp(value):
    from articles.ninjs.export import timestamp as ninjs_timestamp

    return ninjs_timestamp(value)


def entry_association(entry):
    from articles.ninjs.export import body_counts, compact

    genres = [
        {"name": name, "literal": literal}
        for literal, name, wanted in (
            ("pinned", "Pinned", entry.pinned),
            ("key-event", "Key event", entry.key_event),
        )
        if wanted
    ]
    return compact(
        {
            "name": f"entry-{entry.uuid}",
            "rel": ENTRY_REL,
            "uri": tag_uri("entry", entry.uuid),
            "type": "text",
            "representationType": "full",
            "version": str(entry.version),
            "firstCreated": timestamp(entry.published_at),
            "versionCreated": timestamp(entry.modified_at),
            "pubStatus": USABLE,
            "headlines": [{"role": "main", "value": entry.title}]
            if entry.title
            else [],
            "by": entry.author.name if entry.author_id else "",
            "bodies": [
                {
                    "role": "main",
                    "contentType": "text/html",
                    "value": entry.body,
                    **body_counts(entry.body),
                }
            ],
            "descriptions": [
                {
                    "role": "correction",
                    "contentType": "text/plain",
                    "value": correction.note,
                }
                for correction in entry.published_corrections()
            ],
            "genres": genres,
        }
    )


def live_etag_parts(article):
    """What the item's ETag follows of its entries (none unless it is a
    published live coverage)."""
    from articles.live.views import entries_state

    live = getattr(article, "live_coverage", None)
    if live is None or not article.is_published():
        return []
    state = entries_state(article)
    changed = state["changed"].isoformat() if state["changed"] else ""
    return [f"live:{live.state}:{state['count']}:{changed}"]


def live_parts(article):
    """(genres, descriptions, associations) that make ``article``'s item a
    live coverage; empty when it is not one or readers may not see it."""
    from articles.live.models import LiveEntry, live_key

    live = getattr(article, "live_coverage", None)
    if live is None or not article.is_published():
        return [], [], []
    depends_on(live_key(article.pk))
    genre = LIVE_GENRE if live.is_live() else ENDED_GENRE
    descriptions = [{"role": "coveragestart", "value": timestamp(live.started_at)}]
    if live.ended_at:
        descriptions.append({"role": "coverageend", "value": timestamp(live.ended_at)})
    entries = (
        LiveEntry.objects.visible_in(article)
        .newest_first()
        .select_related("author")
        .prefetch_related("corrections")
    )
    return (
        [{"name": "Live coverage", "literal": genre}],
        descriptions,
        [entry_association(entry) for entry in entries],
    )


# Importing


def literals(value):
    if not isinstance(value, list):
        return set()
    return {
        genre.get("literal")
        for genre in value
        if isinstance(genre, dict) and isinstance(genre.get("literal"), str)
    }


def text_of(objects, role):
    for item in objects if isinstance(objects, list) else []:
        if isinstance(item, dict) and item.get("role") == role:
            value = item.get("value")
            return value if isinstance(value, str) else ""
    return ""


def restore(article, metadata):
    """Make ``article`` the live coverage its imported item describes (the
    genres and associations the importer kept in ``metadata``): the coverage
    and its entries, matched by the entries' URIs, so a second import updates
    them."""
    from articles.live.models import LiveCoverage, LiveEntry, LiveEntryCorrection
    from articles.models import Author

    genres = literals(metadata.get("genres"))
    if not genres & {LIVE_GENRE, ENDED_GENRE}:
        return
    live, _created = LiveCoverage.objects.get_or_create(
        article=article,
        defaults={"started_at": article.published_at or article.created_at},
    )
    for data in metadata.get("unused associations") or []:
        if not isinstance(data, dict) or data.get("rel") != ENTRY_REL:
            continue
        own = parse_tag_uri(str(data.get("uri", "")))
        if not own or own["kind"] != "entry":
            continue
        name = data.get("by") if isinstance(data.get("by"), str) else ""
        author = None
        if name:
            author, _new = Author.objects.get_or_create(
                slug=slugify(name)[:50] or "autor", defaults={"name": name}
            )
        flags = literals(data.get("genres"))
        entry, _new = LiveEntry.objects.update_or_create(
            uuid=own["uuid"],
            defaults={
                "article": article,
                "title": text_of(data.get("headlines"), "main")[:200],
                "body": text_of(data.get("bodies"), "main"),
                "author": author,
                "pinned": "pinned" in flags,
                "key_event": "key-event" in flags,
                "status": LiveEntry.Status.PUBLISHED,
                "published_at": parse_datetime(str(data.get("firstCreated", ""))),
            },
        )
        notes = [
            item.get("value")
            for item in data.get("descriptions") or []
            if isinstance(item, dict) and item.get("role") == "correction"
        ]
        known = set(entry.corrections.values_list("note", flat=True))
        for note in notes:
            if isinstance(note, str) and note and note not in known:
                LiveEntryCorrection.objects.create(entry=entry, note=note)
    if ENDED_GENRE in genres and live.is_live():
        latest = article.live_entries.order_by("-published_at").first()
        live.end(latest.published_at if latest else None)
    elif LIVE_GENRE in genres and not live.is_live():
        live.state = LiveCoverage.State.LIVE
        live.save()
