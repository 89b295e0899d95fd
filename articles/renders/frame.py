"""The page around a stored article part: ``article_detail.html`` with the
site's header, menu and footer, rendered once per process for each language,
section feeds, year and section menu, and filled in by string with the
article's title, head and main part.

A frame keeps the versions of the keys it showed (the section menu's); it is
used while they hold, checked in the same cache lookup as the render's own
keys, so that a stored page costs one query and one cache round trip.
"""

import threading
import time

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from articles import invalidation
from articles.cache_keys import recording
from articles.invalidation import CACHE_ERRORS

TEMPLATE = "articles/article_detail.html"
# Stand-ins the template never escapes (private-use characters).
SLOTS = ("title", "head", "main")
MARKERS = {slot: f"\ue000{slot}\ue000" for slot in SLOTS}
# Frames of this process: few (languages × sections × embeds), so never evicted.
_frames = {}
_lock = threading.Lock()


class Frame:
    def __init__(self, pieces, keys, versions):
        self.pieces = pieces
        # The keys it showed (the page shows them too), and their versions
        # when it was rendered (empty: one moved meanwhile, not to be kept).
        self.keys = keys
        self.versions = versions

    def shows_current(self, current):
        """Whether the keys it showed still have their versions in ``current``."""
        return invalidation.unchanged(self.versions, current)

    def fill(self, parts):
        """The page with ``parts`` (title, head, main) in their slots."""
        text = [self.pieces[0]]
        for slot, piece in zip(SLOTS, self.pieces[1:], strict=True):
            text.append(parts[slot])
            text.append(piece)
        return "".join(text)


def frame_key(page):
    """What tells two frames apart: the article part's language, the feeds
    of its section, whether it needs the embeds' script, and the year the
    footer names."""
    feeds = page["feeds"]
    return (
        page["language"],
        feeds["title"],
        feeds["rss"],
        feeds["atom"],
        page["embeds"],
        timezone.localdate().year,
    )


def cached(page):
    """The frame this process has for ``page`` (None: none yet)."""
    return _frames.get(frame_key(page))


def render(request, page):
    """Render the frame for ``page`` now; kept for the next readers unless
    something it shows changed while it rendered."""
    started = time.time_ns()
    key = frame_key(page)
    parts = {
        "language": page["language"],
        "embeds": page["embeds"],
        **{slot: mark_safe(marker) for slot, marker in MARKERS.items()},  # noqa: S308
    }
    with recording() as keys, translation.override(page["language"]):
        text = render_to_string(
            TEMPLATE,
            {"article_parts": parts, "page_feeds": page["feeds"]},
            request=request,
        )
    pieces = split(text)
    try:
        known = invalidation.stamp(keys, started)
    except CACHE_ERRORS:
        known = None
    frame = Frame(pieces, set(keys), known or {})
    if known is not None:
        with _lock:
            _frames[key] = frame
    return frame


def split(text):
    """The frame's text cut at the slots, in their order."""
    pieces = []
    for slot in SLOTS:
        before, marker, text = text.partition(MARKERS[slot])
        if not marker:
            raise ValueError(f"The page template has no {slot} slot.")
        pieces.append(before)
    pieces.append(text)
    return pieces


def forget():
    """Drop every frame (tests, and a change of templates in development)."""
    with _lock:
        _frames.clear()


@receiver(setting_changed)
def forget_on_setting_changed(**kwargs):
    forget()
