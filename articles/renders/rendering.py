"""The reader-facing representations of an article, made the same way live
and for storage, so that a stored one is byte for byte what a live render
gives.

What depends on the request is the address readers reached the site at
(canonical links, JSON-LD, photo and API links): a render for storage is
made for a stand-in origin (``ORIGIN``) that ``for_reader`` replaces with the
reader's. Everything else of the article part is the same for every reader:
the page speaks the article's language, the API and ninjs have no
translated words.
"""

import hashlib
import json
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

import django
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Min
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from articles.embeds import has_embeds

HOST = "stored-render.invalid"
ORIGIN = f"https://{HOST}"
QUOTED_ORIGIN = quote(ORIGIN, safe="")
HEAD_TEMPLATE = "articles/includes/_article_head.html"
MAIN_TEMPLATE = "articles/includes/_article_main.html"
# Raise when a representation changes in a way no file below shows.
FORMAT = 1
# What a representation is made of: a deploy that changes any of these makes
# every stored render stale (served live until re-rendered).
SOURCES = [
    "templates/articles/includes",
    "articles/templatetags",
    "articles/site/structured_data.py",
    "articles/site/views.py",
    "articles/api/serializers",
    "articles/api/articles.py",
    "articles/api/stored_json.py",
    "articles/embeds.py",
    "articles/ninjs",
    "articles/models",
    "articles/renders/rendering.py",
    "articles/html.py",
    "locale",
]


class RenderRequest(HttpRequest):
    """An anonymous GET at the stand-in origin."""

    scheme = "https"

    def __init__(self):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = "/"
        self.META = {"SERVER_NAME": HOST, "SERVER_PORT": "443"}
        self.user = AnonymousUser()

    def get_host(self):
        return HOST


def for_reader(text, request):
    """A stored text as the reader at ``request``'s origin gets it."""
    origin = f"{request.scheme}://{request.get_host()}"
    return text.replace(ORIGIN, origin).replace(QUOTED_ORIGIN, quote(origin, safe=""))


@lru_cache(maxsize=1)
def fingerprint():
    """The code and templates that make the representations, as one hash."""
    digest = hashlib.sha256(f"{FORMAT} {django.__version__}".encode())
    digest.update(settings.NEWSROOM_NAME.encode())
    digest.update(str(getattr(settings, "NEWSROOM_COPYRIGHT_HOLDER", "")).encode())
    base = Path(settings.BASE_DIR)
    for source in SOURCES:
        path = base / source
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in {".py", ".html", ".mo"}:
                digest.update(str(file.relative_to(base)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:32]


def group_entities(links):
    """Entity links grouped by kind, in the order of Entity.Kind."""
    from articles.models import Entity

    order = {kind: index for index, kind in enumerate(Entity.Kind.values)}
    links = sorted(links, key=lambda link: order.get(link.entity.kind, 99))
    return [
        {
            "kind": Entity.Kind(kind).label,
            "code": kind,
            "entities": [link.entity for link in group],
        }
        for kind, group in groupby(links, key=lambda link: link.entity.kind)
    ]


def page_parts(article, request, updates, related, extra=None):
    """The article part of its page: the head (meta tags, JSON-LD) and the
    main part (headline, figure, updates, body, entities, related), with the
    page's language, title and whether it needs the embeds' script, in the
    language that is active (the article's, on its page). ``extra`` is what a
    kind of article adds (a live coverage's entries and JSON-LD)."""
    context = {
        **(extra or {}),
        "article": article,
        "published_updates": updates,
        "related_articles": related,
        "entity_groups": group_entities(article.entity_links.all()),
        "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
        "newsroom_name": settings.NEWSROOM_NAME,
        "request": request,
    }
    return {
        "language": article.language,
        "title": conditional_escape(article.seo_title_or_headline()),
        "embeds": has_embeds(article.body),
        "head": mark_safe(render_to_string(HEAD_TEMPLATE, context)),  # noqa: S308
        "main": mark_safe(render_to_string(MAIN_TEMPLATE, context)),  # noqa: S308
    }


def page_validators(article, updates, related):
    """The page's ETag and Last-Modified (seconds): from what it shows."""
    from articles.site.views import ArticleDetailView

    last_modified = int(
        max(
            [article.modified_at]
            + [update.published_at for update in updates]
            + [other.modified_at for other in related]
        ).timestamp()
    )
    return ArticleDetailView.get_etag(article, updates, related), last_modified


def api_request(request):
    from rest_framework.request import Request

    return Request(request, authenticators=())


def api_document(article, request):
    """The API detail of a published article, as an anonymous client reads it."""
    from articles.api.serializers import ArticleSerializer

    context = {"request": api_request(request), "sees_unpublished": False}
    return ArticleSerializer(article, context=context).data


def api_item(article, request):
    """The article as an anonymous client reads it in the API list."""
    from articles.api.serializers import ArticleListSerializer

    context = {"request": api_request(request), "sees_unpublished": False}
    return ArticleListSerializer(article, context=context).data


def ninjs_document(article, request, version):
    from articles.ninjs import export

    return export.article_to_ninjs(article, api_request(request), version)


def representations(article):
    """{kind: (content, etag)} of a published article loaded with
    ``with_page_data()``, for the stand-in origin."""
    from articles.api.articles import article_etag
    from articles.api.stored_json import render_json
    from articles.renders.models import StoredRender
    from articles.site.views import subject_feeds

    request = RenderRequest()
    updates = article.published_updates()
    related = list(article.related.all())
    with translation.override(article.language):
        parts = page_parts(article, request, updates, related)
    etag, last_modified = page_validators(article, updates, related)
    page = {
        **parts,
        "modified": last_modified,
        "feeds": subject_feeds("section_feed", article.section),
    }
    kind = StoredRender.Kind
    return {
        kind.PAGE: (json.dumps(page, ensure_ascii=False), etag),
        kind.API: (
            render_json(api_document(article, request)),
            article_etag(article, "json"),
        ),
        kind.API_ITEM: (render_json(api_item(article, request)), ""),
        kind.NINJS_3_1: (
            render_json(ninjs_document(article, request, "3.1")),
            article_etag(article, "ninjs3.1"),
        ),
        kind.NINJS_2_1: (
            render_json(ninjs_document(article, request, "2.1")),
            article_etag(article, "ninjs2.1"),
        ),
    }


def valid_until(article, now=None):
    """When something the representations leave out for now comes due: an
    update with a later time, a related article scheduled."""
    from articles.models import Article

    now = now or timezone.now()
    times = [
        update.published_at
        for update in article.updates.all()
        if update.published_at and update.published_at > now
    ]
    scheduled = article.related.filter(pk__in=Article.objects.scheduled()).aggregate(
        first=Min("published_at")
    )["first"]
    if scheduled:
        times.append(scheduled)
    return min(times) if times else None
