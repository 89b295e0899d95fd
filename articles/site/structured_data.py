"""schema.org JSON-LD for article pages (Google's Article structured data).

Built as plain dicts from an article loaded with ``with_page_data()``, so it
costs no query of its own; templates embed it with the ``json_ld`` filter.
"""

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone

from articles.models import ArticleEntity, Entity

SCHEMA_TYPES = {
    Entity.Kind.PERSON: "Person",
    Entity.Kind.ORGANISATION: "Organization",
    Entity.Kind.COUNTRY: "Country",
    Entity.Kind.PLACE: "Place",
    Entity.Kind.EVENT: "Event",
    Entity.Kind.TOPIC: "Thing",
}
LOGO_PATH = "img/logo.png"
LOGO_WIDTH = 600
LOGO_HEIGHT = 60


def iso(value):
    return timezone.localtime(value).isoformat() if value else None


def publisher(request):
    home = request.build_absolute_uri("/")
    return {
        "@type": "NewsMediaOrganization",
        "@id": f"{home}#publisher",
        "name": settings.NEWSROOM_NAME,
        "url": home,
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(LOGO_PATH)),
            "width": LOGO_WIDTH,
            "height": LOGO_HEIGHT,
        },
    }


# The crops Google asks for in Article structured data, widest of each.
IMAGE_RATIOS = ("16x9", "4x3", "1x1")


def image_object(photo, request):
    """The lead photo's widest 16:9 rendition with its IPTC rights, or None
    without an image file or before its renditions are made (the original
    is private)."""
    if photo is None or not photo.image:
        return None
    return rendition_object(photo, photo.rendition("16x9"), request)


def image_objects(photo, request):
    """The 16:9, 4:3 and 1:1 crops as ImageObjects (those that are made)."""
    if photo is None or not photo.image:
        return []
    found = (rendition_object(photo, photo.rendition(r), request) for r in IMAGE_RATIOS)
    return [image for image in found if image]


def rendition_object(photo, rendition, request):
    if rendition is None:
        return None
    url = request.build_absolute_uri(rendition.url)
    image = {
        "@type": "ImageObject",
        "url": url,
        "contentUrl": url,
        "encodingFormat": rendition.content_type,
        "width": rendition.width,
        "height": rendition.height,
        "caption": photo.caption,
        "description": photo.alt_text,
        "creditText": photo.credit_line,
        "copyrightNotice": photo.copyright_notice,
        "license": photo.license,
    }
    if photo.creator:
        image["creator"] = {"@type": "Person", "name": photo.creator}
    if photo.source:
        image["copyrightHolder"] = {"@type": "Organization", "name": photo.source}
    return {key: value for key, value in image.items() if value not in ("", None)}


def authors(article, request):
    bylines = article.bylines.all()
    if bylines:
        return [
            {
                "@type": "Person",
                "name": byline.author.name,
                "url": request.build_absolute_uri(byline.author.get_absolute_url()),
                **({"jobTitle": byline.author.title} if byline.author.title else {}),
            }
            for byline in bylines
        ]
    if article.byline_text:
        return [{"@type": "Organization", "name": article.byline_text}]
    return [publisher(request)]


def thing(entity, request):
    data = {
        "@type": SCHEMA_TYPES.get(entity.kind, "Thing"),
        "name": entity.name,
        "url": request.build_absolute_uri(entity.get_absolute_url()),
    }
    if entity.wikidata_url:
        data["sameAs"] = entity.wikidata_url
    return data


def corrections(article):
    return [
        {
            "@type": "CorrectionComment",
            "text": update.note,
            "datePublished": iso(update.published_at),
        }
        for update in article.published_updates()
        if update.is_correction()
    ]


def article_json_ld(article, request):
    """A NewsArticle for ``article``'s page."""
    url = request.build_absolute_uri(article.get_absolute_url())
    links = article.entity_links.all()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": f"urn:uuid:{article.uuid}",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.seo_title_or_headline(),
        "description": article.meta_description_or_dek(),
        "inLanguage": article.language,
        "datePublished": iso(article.published_at),
        "dateModified": iso(article.reader_updated_at or article.published_at),
        "articleSection": article.section.name,
        "author": authors(article, request),
        "publisher": publisher(request),
        "isAccessibleForFree": True,
        "copyrightHolder": {
            "@type": "Organization",
            "name": settings.NEWSROOM_COPYRIGHT_HOLDER,
        },
        "about": [
            thing(link.entity, request)
            for link in links
            if link.role == ArticleEntity.Role.ABOUT
        ],
        "mentions": [
            thing(link.entity, request)
            for link in links
            if link.role == ArticleEntity.Role.MENTIONS
        ],
        "correction": corrections(article),
    }
    # The social image first (Google picks the first it can use), then the
    # lead photo's crops when it is another photo, then the photos in the body.
    photos = [article.social_photo(), article.lead_photo]
    data["image"] = [
        image
        for index, photo in enumerate(photos)
        if photo is not None and photo not in photos[:index]
        for image in image_objects(photo, request)
    ] + [
        image
        for image in (image_object(photo, request) for photo in article.body_photos())
        if image
    ]
    if article.published_at:
        data["copyrightYear"] = timezone.localtime(article.published_at).year
    return {key: value for key, value in data.items() if value not in ("", [], None)}
