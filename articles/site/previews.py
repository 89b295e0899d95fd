"""Previews: an unpublished article exactly as its public page will show it.

Staff open it from the admin (``articles.admin.views.preview_view``), or see
the article form's unsaved state (``articles.admin.unsaved_preview``); an
outside reviewer gets a signed link that expires (``preview_link``). Previews
are never cached and never indexed.
"""

from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from articles import caching
from articles.models import Article
from articles.site.views import ArticleDetailView

PREVIEW_LINK_MAX_AGE = timedelta(days=2)
PREVIEW_SALT = "articles.preview"


def preview_token(article):
    return signing.dumps(str(article.uuid), salt=PREVIEW_SALT)


def preview_link(article):
    """The signed address an outside reviewer may open until it expires."""
    return reverse("articles:article_preview", kwargs={"token": preview_token(article)})


class ArticlePreviewView(ArticleDetailView):
    """The public page of any article, whatever its state, for a reader who
    holds a signed link."""

    def get_object(self, queryset=None):
        try:
            uuid = signing.loads(
                self.kwargs["token"],
                salt=PREVIEW_SALT,
                max_age=PREVIEW_LINK_MAX_AGE,
            )
        except signing.SignatureExpired:
            raise PermissionDenied("This preview link has expired.") from None
        except signing.BadSignature:
            raise Http404 from None
        return self.find(uuid=uuid)

    def find(self, **lookup):
        try:
            return self.get_queryset().get(**lookup)
        except (Article.DoesNotExist, ValueError):
            raise Http404 from None

    def get(self, request, *args, **kwargs):
        return self.render_preview(self.get_object())

    def render_preview(self, article):
        self.object = article
        with translation.override(article.language):
            response = self.render_article(
                article, article.published_updates(), list(article.related.all())
            )
            response.render()
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    @staticmethod
    def patch_cache_headers(request, response):
        return caching.private(response)


class StaffArticlePreviewView(ArticlePreviewView):
    """The same page for staff, from the admin (which checks who may see it)."""

    def get_object(self, queryset=None):
        return self.find(pk=self.kwargs["pk"])


class UnsavedArticlePreviewView(StaffArticlePreviewView):
    """The page of an article as its form has it now, not saved: ``article``
    is an unsaved instance (its bylines, entities and related articles are
    the saved ones)."""

    http_method_names = ["post"]
    article = None

    def post(self, request, *args, **kwargs):
        return self.render_preview(self.article)
