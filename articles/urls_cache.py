"""``reverse()`` once per view, not once per link.

An article page links 40 entities twice (page and JSON-LD) and a list page
20 articles, their sections and authors: ``reverse()`` for each costed a
fifth of the page's CPU time at 100,000 articles. The path of a slug view is
the same for every slug, so it is reversed once (per URLconf and script
prefix) with a placeholder, and the slug put in its place.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

PLACEHOLDER = "slug-placeholder-0"


@lru_cache(maxsize=64)
def _path_around_slug(view_name, urlconf, prefix):
    return reverse(view_name, kwargs={"slug": PLACEHOLDER}).split(PLACEHOLDER, 1)


def slug_url(view_name, slug):
    """``reverse(view_name, kwargs={"slug": slug})``, for a slug view."""
    before, after = _path_around_slug(view_name, get_urlconf(), get_script_prefix())
    return f"{before}{slug}{after}"


@receiver(setting_changed)
def forget_paths(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _path_around_slug.cache_clear()
