"""The body as readers get it: the stored HTML, sanitised again on the way
out, with its photo and embed blocks rendered.

A photo block shows the Photo as it is now (a credit corrected once is
corrected everywhere); a photo deleted from the library leaves nothing. An
embed block becomes a placeholder that names the provider and links to the
content; ``static/js/embeds.js`` loads the player only when the reader asks.
"""

import re
from html import unescape

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.embeds import PROVIDERS
from articles.html import ATTRIBUTE, photo_references, sanitise_body

BLOCK = re.compile(r"<figure (data-(?:photo|embed)=[^>]*)></figure>")


def render_body(article):
    html = sanitise_body(article.body)
    photos = article.body_photos(None if html == article.body else html)
    return render_blocks(html, {str(photo.uuid): photo for photo in photos})


def render_fragment(html, photos=None):
    """HTML that is not an article's body (a live entry's), with its blocks.
    ``photos`` by UUID from ``library_photos()`` for a list of fragments;
    otherwise they are looked up here (one query when it shows any)."""
    html = sanitise_body(html)
    if photos is None:
        photos = library_photos([html])
    return render_blocks(html, photos)


def library_photos(fragments):
    """The library photos the blocks of these HTML fragments show, by UUID:
    one query for all of them, none when they show no photo."""
    from articles.models import Photo

    references = {ref for html in fragments for ref in photo_references(html)}
    if not references:
        return {}
    return {
        str(photo.uuid): photo
        for photo in Photo.objects.filter(uuid__in=references).prefetch_related(
            "renditions"
        )
    }


def render_blocks(html, photos):
    """``html`` with each photo block (``photos`` by UUID) and embed block
    rendered as readers get it."""

    def block(match):
        attrs = {name: unescape(value) for name, value in ATTRIBUTE.findall(match[1])}
        if "data-photo" in attrs:
            photo = photos.get(attrs["data-photo"])
            if photo is None:
                return ""
            return render_to_string(
                "articles/includes/_body_photo.html",
                {"photo": photo},
            )
        provider = PROVIDERS[attrs["data-embed"]]
        return render_to_string(
            "articles/includes/_body_embed.html",
            {
                "provider": provider,
                "url": attrs["data-url"],
                "title": attrs.get("data-title", ""),
                "player": provider.player_url(attrs["data-url"]),
            },
        )

    return mark_safe(BLOCK.sub(block, html))  # noqa: S308
