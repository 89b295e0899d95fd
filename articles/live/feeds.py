"""RSS and Atom feeds of one live coverage's entries, newest first."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from articles.cache_keys import depends_on
from articles.live.models import LiveEntry, live_key
from articles.models import Article

FEED_LENGTH = 50


class LiveEntriesRssFeed(Feed):
    feed_type = Rss201rev2Feed
    description_template = "live/feed_entry.html"

    def get_object(self, request, slug):
        article = get_object_or_404(
            Article.objects.published().select_related("live_coverage"), slug=slug
        )
        if not hasattr(article, "live_coverage"):
            raise Http404
        depends_on(live_key(article.pk))
        return article

    def title(self, obj):
        return obj.headline

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.dek or _("Live coverage")

    def language(self, obj):
        return obj.language

    def items(self, obj):
        return (
            LiveEntry.objects.visible_in(obj)
            .newest_first()
            .select_related("author", "article")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.headline()

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"urn:uuid:{item.uuid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        return item.author.name if item.author_id else None


class LiveEntriesAtomFeed(LiveEntriesRssFeed):
    feed_type = Atom1Feed
    subtitle = LiveEntriesRssFeed.description
