"""Sitemaps for search engines: every public page, and a Google News sitemap
of the articles published in the last 48 hours."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from articles.caching import public_page
from articles.models import Article, Author, Entity, Section

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


class SubjectSitemap(Sitemap):
    """Pages that list articles, dated by their newest public article."""

    changefreq = "daily"
    model = None

    def items(self):
        return self.model.objects.with_published_articles()

    def lastmod(self, subject):
        return subject.latest_published_at


class SectionSitemap(SubjectSitemap):
    model = Section


class EntitySitemap(SubjectSitemap):
    model = Entity


class AuthorSitemap(SubjectSitemap):
    model = Author


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
    return render(
        request,
        "sitemaps/news.xml",
        {
            "articles": articles,
            "publication_name": settings.NEWSROOM_NAME,
            "base_url": f"{request.scheme}://{request.get_host()}",
        },
        content_type="application/xml; charset=utf-8",
    )


news_sitemap = public_page(news_sitemap, keys=["sitemap"])
