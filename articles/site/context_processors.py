from django.conf import settings

from articles.models import Section


def site(request):
    """The newsroom's name and its sections, for every page's header."""
    return {
        "newsroom_name": settings.NEWSROOM_NAME,
        "nav_sections": Section.objects.with_published_articles().only("name", "slug"),
    }
