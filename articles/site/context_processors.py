import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from articles import invalidation
from articles.cache_keys import depends_on, recording
from articles.invalidation import CACHE_ERRORS, NAV
from articles.models import Section

logger = logging.getLogger(__name__)

MENU_KEY = "pages:section-menu"
# Longer than any page takes to render (ns): see ``invalidation.stamp``.
INSIDE_A_PAGE = 60 * 10**9


@dataclass(frozen=True)
class MenuSection:
    name: str
    url: str

    def get_absolute_url(self):
        return self.url


class SectionMenu:
    """The sections with a public article, read when a template first asks:
    from the cache while no key it shows has changed (a section renamed, one
    gaining or losing its last article), from the database otherwise."""

    def __init__(self):
        self._sections = None

    def sections(self):
        if self._sections is None:
            self._sections = self.load()
        return self._sections

    def __iter__(self):
        return iter(self.sections())

    def __len__(self):
        return len(self.sections())

    def __bool__(self):
        return bool(self.sections())

    @staticmethod
    def load():
        try:
            entry = cache.get(MENU_KEY)
            if entry and invalidation.versions(entry["versions"]) == entry["versions"]:
                depends_on(*entry["versions"])
                return entry["sections"]
        except CACHE_ERRORS:
            logger.warning("Section menu cache unavailable.", exc_info=True)
        started = time.time_ns()
        with recording() as keys:
            keys.add(NAV)
            sections = [
                MenuSection(section.name, section.get_absolute_url())
                for section in Section.objects.with_published_articles().only(
                    "name", "slug"
                )
            ]
        depends_on(*keys)
        try:
            known = invalidation.stamp(keys, started, started - INSIDE_A_PAGE)
            if known is not None:
                cache.set(MENU_KEY, {"versions": known, "sections": sections}, None)
        except CACHE_ERRORS:
            pass
        return sections


def site(request):
    """The newsroom's name and its sections, for every page's header."""
    depends_on(NAV)
    return {"newsroom_name": settings.NEWSROOM_NAME, "nav_sections": SectionMenu()}
