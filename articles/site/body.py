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
from articles.html import ATTRIBUTE, sanitise_body

BLOCK = re.compile(r"<figure (data-(?:photo|embed)=[^>]*)></figure>")


def render_body(article):
    html = sanitise_body(article.body)
    photos = {
        str(photo.uuid): photo
        for photo in article.body_photos(None if html == article.body else html)
    }

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
