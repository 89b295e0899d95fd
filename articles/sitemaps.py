"""Sitemaps for search engines: every public page, and a Google News sitemap
of the articles published in the last 48 hours."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .models import Article, ArticleEntity, Author, Byline, Entity, Section

NEWS_SITEMAP_WINDOW = timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000


class ArticleSitemap(Sitemap):
    changefreq = "hourly"
    limit = 5000

    def items(self):
        return Article.objects.published().only(
            "slug", "published_at", "updated_at", "modified_at"
        )

    def lastmod(self, article):
        return article.updated_at or article.published_at


def latest_published(**filters):
    """The publication time of the newest public article matching ``filters``."""
    return Subquery(
        Article.objects.published()
        .filter(**filters)
        .order_by("-published_at")
        .values("published_at")[:1]
    )


class SubjectSitemap(Sitemap):
    """Pages that list articles, dated by their newest public article."""

    changefreq = "daily"

    def lastmod(self, subject):
        return subject.latest_published_at


class SectionSitemap(SubjectSitemap):
    def items(self):
        return Section.objects.annotate(
            latest_published_at=latest_published(section=OuterRef("pk"))
        ).filter(latest_published_at__isnull=False)


class EntitySitemap(SubjectSitemap):
    def items(self):
        links = ArticleEntity.objects.filter(
            entity=OuterRef(OuterRef("pk")), article=OuterRef("pk")
        )
        return Entity.objects.annotate(
            latest_published_at=Subquery(
                Article.objects.published()
                .filter(Exists(links))
                .order_by("-published_at")
                .values("published_at")[:1]
            )
        ).filter(latest_published_at__isnull=False)


class AuthorSitemap(SubjectSitemap):
    def items(self):
        bylines = Byline.objects.filter(
            author=OuterRef(OuterRef("pk")), article=OuterRef("pk")
        )
        return Author.objects.annotate(
            latest_published_at=Subquery(
                Article.objects.published()
                .filter(Exists(bylines))
                .order_by("-published_at")
                .values("published_at")[:1]
            )
        ).filter(latest_published_at__isnull=False)


sitemaps = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "entities": EntitySitemap,
    "authors": AuthorSitemap,
}


@require_safe
def news_sitemap(request):
    """Google News sitemap: public articles of the last 48 hours."""
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only("slug", "headline", "language", "published_at")[:NEWS_SITEMAP_LIMIT]
    )
    response = render(
        request,
        "sitemaps/news.xml",
        {
            "articles": articles,
            "publication_name": settings.NEWSROOM_NAME,
            "base_url": f"{request.scheme}://{request.get_host()}",
        },
        content_type="application/xml; charset=utf-8",
    )
    patch_cache_control(response, public=True, max_age=300, s_maxage=300)
    return response
