from django.conf import settings

from articles.cache_keys import depends_on
from articles.invalidation import NAV
from articles.models import Section


def site(request):
    """The newsroom's name and its sections, for every page's header."""
    depends_on(NAV)
    return {
        "newsroom_name": settings.NEWSROOM_NAME,
        "nav_sections": Section.objects.with_published_articles().only("name", "slug"),
    }
