"""RSS 2.0 and Atom feeds: the latest articles, and those of each section,
entity and author. Items carry the lead photo as an enclosure and as Media RSS
(with its caption and credit) once its renditions are made: the 1280-wide
JPEG of the whole photo (``FEED_IMAGE_WIDTH``), never the private original;
the photos in the body follow as Media RSS."""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from articles.cache_keys import depends_on
from articles.models import Article, Author, Entity, Section

FEED_LENGTH = 30
FEED_IMAGE_WIDTH = 1280
MEDIA_NS = "http://search.yahoo.com/mrss/"


def add_media_elements(handler, item):
    for media in [item.get("media"), *item.get("body_media", [])]:
        if media:
            add_media_element(handler, media)


def add_media_element(handler, media):
    attributes = {"url": media["url"], "medium": "image"}
    for key in ("type", "width", "height", "fileSize"):
        if media.get(key):
            attributes[key] = str(media[key])
    handler.startElement("media:content", attributes)
    if media.get("caption"):
        handler.addQuickElement("media:description", media["caption"])
    if media.get("credit"):
        handler.addQuickElement("media:credit", media["credit"])
    if media.get("copyright"):
        handler.addQuickElement("media:copyright", media["copyright"])
    handler.endElement("media:content")


class MediaRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        add_media_elements(handler, item)


class MediaAtomFeed(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        add_media_elements(handler, item)


class ArticleFeed(Feed):
    feed_type = MediaRssFeed
    description_template = "feeds/article_description.html"
    language = settings.LANGUAGE_CODE
    title = settings.NEWSROOM_NAME
    description = _("The latest articles.")

    def __call__(self, request, *args, **kwargs):
        # One copy per request, so that the request can be kept on it safely.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def link(self, obj):
        return obj.get_absolute_url() if obj else reverse("articles:home")

    def items(self, obj):
        articles = Article.objects.published()
        if obj is None:
            depends_on("feeds")
        else:
            depends_on(f"list:{obj._meta.model_name}:{obj.pk}")
            articles = articles.linked_to(obj)
        return articles.newest_first().for_feeds()[:FEED_LENGTH]

    def item_title(self, article):
        return article.headline

    def item_guid(self, article):
        return f"urn:uuid:{article.uuid}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at or article.published_at

    def item_author_name(self, article):
        return article.byline_names or settings.NEWSROOM_NAME

    def item_author_link(self, article):
        bylines = article.bylines.all()
        if len(bylines) == 1:
            return self.request.build_absolute_uri(bylines[0].author.get_absolute_url())
        return None

    def item_categories(self, article):
        return [link.entity.name for link in article.entity_links.all()]

    def item_copyright(self, article):
        return f"© {settings.NEWSROOM_COPYRIGHT_HOLDER}"

    def feed_image(self, photo):
        if photo is None or not photo.image:
            return None
        return photo.rendition("full", FEED_IMAGE_WIDTH)

    def item_enclosures(self, article):
        image = self.feed_image(article.lead_photo)
        if image is None:
            return []
        url = self.request.build_absolute_uri(image.url)
        return [Enclosure(url, str(image.bytes), image.content_type)]

    def item_extra_kwargs(self, article):
        """The lead photo, then the photos in the body, as Media RSS."""
        media = [self.media(photo) for photo in article.body_photos()]
        extra = {"body_media": [item for item in media if item]}
        if lead := self.media(article.lead_photo):
            extra["media"] = lead
        return extra

    def media(self, photo):
        image = self.feed_image(photo)
        if image is None:
            return None
        return {
            "url": self.request.build_absolute_uri(image.url),
            "type": image.content_type,
            "width": image.width,
            "height": image.height,
            "fileSize": image.bytes,
            "caption": photo.caption,
            "credit": photo.credit_line,
            "copyright": photo.copyright_notice,
        }

    def get_context_data(self, **kwargs):
        return {"article": kwargs["item"], "request": kwargs["request"]}


class SubjectFeed(ArticleFeed):
    """The articles of one section, entity or author."""

    model = None

    def get_object(self, request, slug):
        return get_object_or_404(
            self.model.objects.with_published_articles(), slug=slug
        )

    def title(self, obj):
        return f"{obj} · {settings.NEWSROOM_NAME}"

    def description(self, obj):
        return getattr(obj, "description", "") or _("The latest articles.")


class SectionFeed(SubjectFeed):
    model = Section


class EntityFeed(SubjectFeed):
    model = Entity


class AuthorFeed(SubjectFeed):
    model = Author

    def description(self, author):
        return author.bio or author.title or _("The latest articles.")


def atom(feed_class):
    return type(
        feed_class.__name__.replace("Feed", "AtomFeed"),
        (feed_class,),
        {"feed_type": MediaAtomFeed, "subtitle": feed_class.description},
    )


LatestRssFeed = ArticleFeed
LatestAtomFeed = atom(ArticleFeed)
SectionRssFeed = SectionFeed
SectionAtomFeed = atom(SectionFeed)
EntityRssFeed = EntityFeed
EntityAtomFeed = atom(EntityFeed)
AuthorRssFeed = AuthorFeed
AuthorAtomFeed = atom(AuthorFeed)
