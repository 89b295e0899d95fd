import json

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.generic import DetailView, ListView

from articles import caching, invalidation
from articles.cache_keys import depends_on, page_number, query_variant
from articles.caching import PublicCacheMixin
from articles.etags import strong_etag
from articles.invalidation import CACHE_ERRORS
from articles.models import Article, ArticleUpdate, Author, Entity, Section
from articles.models.search import clean_search_query
from articles.renders import frame as frames
from articles.renders import jobs as renders_jobs
from articles.renders.models import StoredRender
from articles.renders.rendering import (
    fingerprint,
    for_reader,
    page_parts,
    page_validators,
)
from articles.site.paginator import NoCountPaginator
from articles.site.snippets import snippet_html


def subject_feeds(prefix, subject):
    """The RSS and Atom feeds of a section, entity or author page."""
    kwargs = {"slug": subject.slug}
    return {
        "title": str(subject),
        "rss": reverse(f"articles:{prefix}_rss", kwargs=kwargs),
        "atom": reverse(f"articles:{prefix}_atom", kwargs=kwargs),
    }


class HomeView(PublicCacheMixin, ListView):
    template_name = "articles/home.html"
    paginate_by = 20
    paginator_class = NoCountPaginator

    def get_queryset(self):
        depends_on("list:home")
        return Article.objects.published().newest_first().for_lists()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = list(context["object_list"])
        first_page = not context["page_obj"] or context["page_obj"].number == 1
        lead = articles[0] if articles and first_page else None
        context.update(
            lead_article=lead, latest_articles=articles[1:] if lead else articles
        )
        return context


class ArticleDetailView(PublicCacheMixin, DetailView):
    """One article, in its own language, answering conditional GETs.

    Withdrawn articles answer 410 with a notice; anything the public may not
    read yet answers 404.
    """

    template_name = "articles/article_detail.html"

    @classmethod
    def page_cache_variant(cls, request, match):
        # A live coverage's entries are paginated.
        return query_variant(request, ["page"], {"page": page_number})

    def get_queryset(self):
        return Article.objects.with_page_data()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not article.has_public_page():
            raise Http404
        return article

    def get(self, request, *args, **kwargs):
        stored = self.stored_answer(request, kwargs["slug"])
        if stored is not None:
            return stored
        try:
            self.object = article = self.get_object()
        except Http404:
            # A published article whose slug changed: its old links still work.
            moved = Article.objects.formerly_at(kwargs["slug"]).first()
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.get_absolute_url())
        if article.is_published() and hasattr(article, "live_coverage"):
            from articles.live.views import live_page

            return live_page(self, request, article)
        if article.is_published():
            # No render, or a stale one: readers get it live until it is made.
            renders_jobs.ask_for_rerender(article.pk)
        visible_updates = article.published_updates()
        related = list(article.related.all())
        etag, last_modified = page_validators(article, visible_updates, related)
        return self.answer(
            request,
            article,
            etag,
            last_modified,
            lambda: self.render_article(article, visible_updates, related),
        )

    def stored_answer(self, request, slug):
        """The page from the article's stored render, in a frame of this
        process, when both may be served (published, fresh): one query and
        one cache lookup. None otherwise."""
        render = StoredRender.objects.candidate(slug, StoredRender.Kind.PAGE)
        # Made by other code (another format), unpublished or due: live.
        if render is None or not render.is_current(fingerprint()):
            return None
        page = json.loads(render.content)
        frame = frames.cached(page)
        shown = {**render.versions, **(frame.versions if frame else {})}
        try:
            current = invalidation.versions(shown)
        except CACHE_ERRORS:
            return None
        if not render.shows_current(current):
            return None
        if frame is None or not frame.shows_current(current):
            frame = frames.render(request, page)
        render.record_keys()
        depends_on(*frame.keys)
        self.object = article = render.article

        def rendered():
            parts = {
                "title": page["title"],
                "head": for_reader(page["head"], request),
                "main": for_reader(page["main"], request),
            }
            return HttpResponse(frame.fill(parts))

        return self.answer(request, article, render.etag, page["modified"], rendered)

    @staticmethod
    def answer(request, article, etag, last_modified, rendered):
        """The page (or a 304), in the article's language, with its validators."""
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified
        )
        if not_modified is not None:
            response = not_modified
        else:
            # The whole page speaks the article's language, whatever the
            # reader's browser prefers.
            with translation.override(article.language):
                response = rendered()
                if hasattr(response, "render"):
                    response.render()
            response.headers["Content-Language"] = article.language
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        return response

    def render_article(self, article, visible_updates, related):
        if article.is_withdrawn():
            return TemplateResponse(
                self.request,
                "articles/article_withdrawn.html",
                self.get_withdrawn_context(article, visible_updates),
                status=410,
            )
        return self.render_to_response(
            self.get_context_data(
                object=article,
                published_updates=visible_updates,
                related_articles=related,
            )
        )

    @staticmethod
    def get_etag(article, updates, related):
        """Changes with the article, with an update coming due and with the
        related articles that are public: everything the page shows of its own."""
        parts = [str(article.uuid), str(article.version), article.status]
        parts.append(article.modified_at.isoformat())
        parts += [f"u{update.pk}" for update in updates]
        parts += [f"r{other.pk}:{other.modified_at.isoformat()}" for other in related]
        return strong_etag(parts)

    def get_withdrawn_context(self, article, visible_updates):
        notes = [
            update
            for update in visible_updates
            if update.kind == ArticleUpdate.Kind.EDITORS_NOTE
        ]
        return {"article": article, "withdrawal_notes": notes}

    def get_context_data(self, **kwargs):
        article = self.object
        context = super().get_context_data(**kwargs)
        context.update(
            article_parts=page_parts(
                article,
                self.request,
                context.get("published_updates", []),
                context.get("related_articles", []),
                context.get("article_extra"),
            ),
            page_feeds=subject_feeds("section_feed", article.section),
        )
        return context


class ArticleListMixin(PublicCacheMixin):
    """Lists the published articles of one section, entity or author."""

    model = None
    template_name = "articles/article_list.html"
    paginate_by = 20
    paginator_class = NoCountPaginator
    feed_prefix = None

    def get_queryset(self):
        self.subject = get_object_or_404(
            self.model.objects.with_published_articles(), slug=self.kwargs["slug"]
        )
        depends_on(f"list:{self.model._meta.model_name}:{self.subject.pk}")
        articles = Article.objects.published().linked_to(self.subject)
        return articles.newest_first().for_lists()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subject=self.subject,
            page_feeds=subject_feeds(self.feed_prefix, self.subject),
            **kwargs,
        )


class SectionDetailView(ArticleListMixin, ListView):
    model = Section
    feed_prefix = "section_feed"
    template_name = "articles/section_detail.html"


class EntityDetailView(ArticleListMixin, ListView):
    model = Entity
    feed_prefix = "entity_feed"
    template_name = "articles/entity_detail.html"


class AuthorDetailView(ArticleListMixin, ListView):
    model = Author
    feed_prefix = "author_feed"
    template_name = "articles/author_detail.html"


class SearchView(PublicCacheMixin, ListView):
    """Answers to a search are not kept by the page cache: every reader's
    words would make a copy of their own."""

    template_name = "articles/search.html"
    paginate_by = 20
    query_parameters = ["q"]

    def get_query(self):
        return self.request.GET.get("q", "")

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if self.get_query() and hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(caching.not_page_cached)
        return response

    def get_queryset(self):
        query = self.get_query()
        depends_on("list:home")
        return (
            Article.objects.published()
            .search(query)
            .with_search_snippets(query)
            .for_lists()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.get_query()
        for article in context["object_list"]:
            article.snippet_html = snippet_html(article, query)
        context["query"] = clean_search_query(query)
        return context


class CorrectionsView(PublicCacheMixin, ListView):
    """Every published correction and clarification, newest first."""

    template_name = "articles/corrections.html"
    paginate_by = 50

    def get_queryset(self):
        depends_on("list:corrections")
        return (
            ArticleUpdate.objects.published()
            .corrections()
            .filter(article__in=Article.objects.published())
            .select_related("article")
            .order_by("-published_at", "-pk")
        )


def robots_txt(request):
    sitemaps = [
        request.build_absolute_uri(reverse("sitemap")),
        request.build_absolute_uri(reverse("sitemap_news")),
    ]
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", ""]
    lines += [f"Sitemap: {url}" for url in sitemaps]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
    patch_cache_control(response, public=True, max_age=3600)
    return response
