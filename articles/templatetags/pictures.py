"""``{% picture photo "lead" %}``: every photo a reader sees goes through here,
so the choice of file, size and loading is made in one place.

Roles: ``lead`` (the article's lead photo, above the fold: loaded eagerly with
high priority), ``card`` (a list's cards) and ``inline`` (a figure in the
body); both of the latter load lazily unless ``eager=True``. Lead and card
show the 16:9 crop around the focal point, inline the whole photo.

The markup is a ``<picture>`` with AVIF and WebP sources and a JPEG (PNG for
transparency) ``<img>`` fallback, each with every width in ``srcset`` so the
browser picks by ``sizes``. Readers only ever get renditions: until the
background job has made them, the tag renders nothing (the original is
private), and the pages that show the photo are marked stale when they are
ready.
"""

from django import template
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string

from articles.pictures.specs import CONTENT_TYPES, MODERN_FORMATS, ROLE_RATIOS

register = template.Library()

ROLES = set(ROLE_RATIOS)
# The fallback ``src`` for browsers without srcset: a middle width.
DEFAULT_WIDTH = 960


def srcset(renditions):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


def sources(photo, ratio):
    """The ``<source>``s, best format first."""
    found = []
    for image_format in MODERN_FORMATS:
        renditions = photo.renditions_of(ratio, image_format)
        if renditions:
            found.append(
                {"type": CONTENT_TYPES[image_format], "srcset": srcset(renditions)}
            )
    return found


@register.simple_tag
def picture(photo, role, sizes="100vw", eager=False, css_class=""):
    if role not in ROLES:
        raise template.TemplateSyntaxError(f"Unknown picture role {role!r}")
    if photo is None or not photo.image:
        return ""
    if "renditions" not in getattr(photo, "_prefetched_objects_cache", {}):
        # An inline figure's photo comes alone: one query for all its sizes.
        prefetch_related_objects([photo], "renditions")
    ratio = ROLE_RATIOS[role]
    fallbacks = photo.fallback_renditions(ratio)
    if not fallbacks:
        return ""  # being prepared: never the private original
    largest = fallbacks[-1]
    return render_to_string(
        "articles/includes/_picture.html",
        {
            "photo": photo,
            "role": role,
            "sizes": sizes,
            "sources": sources(photo, ratio),
            "fallback": photo.rendition(ratio, DEFAULT_WIDTH),
            "fallback_srcset": srcset(fallbacks),
            "width": largest.width,
            "height": largest.height,
            "lazy": role != "lead" and not eager,
            "css_class": css_class,
        },
    )
