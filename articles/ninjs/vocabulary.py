"""The words of ninjs we write and read: versions and media type, entity
groups, publication statuses and our tag URIs. ``export`` and ``read`` both
take them from here, so what one writes the other reads."""

import re

from django.conf import settings

VERSIONS = ("3.1", "2.1")
DEFAULT_VERSION = "3.1"
MEDIA_TYPE = "application/vnd.iptc.ninjs+json"
SCHEMA_URLS = {
    "3.1": "https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
    "2.1": "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}

# Entity kinds to ninjs groups; ninjs has no group for countries (places).
ENTITY_GROUPS = {
    "person": "people",
    "organisation": "organisations",
    "country": "places",
    "place": "places",
    "event": "events",
    "topic": "subjects",
}
# And back: a place read from ninjs is a place (an IPTC country URI makes it
# a country, see ``read``).
GROUP_KINDS = {
    group: kind for kind, group in ENTITY_GROUPS.items() if kind != "country"
}

USABLE = "usable"
WITHHELD = "withheld"
CANCELED = "canceled"
PUB_STATUSES = (USABLE, WITHHELD, CANCELED)

# The year in tag URIs: when the authority name was first used for them.
URI_YEAR = "2026"
TAG_URI = re.compile(
    r"^tag:(?P<authority>[^,]+),\d{4}:(?P<kind>article|photo|entry):"
    r"(?P<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)


def tag_uri(kind, identifier):
    """Our permanent URI of an article, photo or live entry: ``tag:<authority>,<year>:
    <kind>:<uuid>``."""
    return f"tag:{settings.NEWSROOM_URI_AUTHORITY},{URI_YEAR}:{kind}:{identifier}"


def parse_tag_uri(uri):
    """The parts (authority, kind, uuid) of a tag URI in our form, or None."""
    return TAG_URI.match(uri)
