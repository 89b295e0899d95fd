"""The anonymous article documents read from stored renders
(``articles/renders/``) where they are fresh: the detail, its ninjs, and the
items of the list. Anything else (editors, a stale or missing render) goes
the live way of ``ArticleViewSet``."""

from django.conf import settings
from django.utils.http import parse_etags
from rest_framework import status
from rest_framework.response import Response

from articles.api.stored_json import Rendered, StoredJSONResponse
from articles.editorial import roles
from articles.models import Article
from articles.renders import jobs as renders_jobs
from articles.renders.models import ARTICLE_FIELDS, StoredRender
from articles.renders.rendering import fingerprint, for_reader


class StoredRendersMixin:
    def list(self, request, *args, **kwargs):
        """Anonymous lists are made of the articles' stored list items where
        they are fresh; the others are serialised live (and re-rendered)."""
        if roles.sees_unpublished(request.user) or not settings.STORED_RENDERS:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        # What choosing the stored items reads, and the keys of the next link.
        queryset = (
            queryset.select_related(None)
            .prefetch_related(None)
            .only(*ARTICLE_FIELDS, *self.orderings.values())
        )
        page = self.paginate_queryset(queryset)
        stored = StoredRender.objects.servable_items(page, fingerprint())
        missing = [article.pk for article in page if article.pk not in stored]
        live = {}
        if missing:
            articles = self.with_page_data(
                Article.objects.filter(pk__in=missing), sees_unpublished=False
            )
            for article in articles:
                live[article.pk] = self.get_serializer(article).data
            renders_jobs.ask_for_rerender(*live)
        data = []
        for article in page:
            if article.pk in stored:
                stored[article.pk].record_keys()
                data.append(Rendered(for_reader(stored[article.pk].content, request)))
            else:
                data.append(live[article.pk])
        response = self.get_paginated_response(data)
        return StoredJSONResponse(response.data)

    @staticmethod
    def not_modified(request, etag):
        wanted = parse_etags(request.headers.get("If-None-Match", ""))
        return "*" in wanted or etag in [tag.removeprefix("W/") for tag in wanted]

    def stored_answer(self, request, representation):
        """The anonymous document from the article's stored render, when it
        may be served (published, fresh); None otherwise. One query."""
        kind = StoredRender.Kind.API if representation == "json" else representation
        render = StoredRender.objects.servable(self.kwargs["slug"], kind, fingerprint())
        if render is None:
            return None
        self.check_object_permissions(request, render.article)
        render.record_keys()
        if self.not_modified(request, render.etag):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = StoredJSONResponse(Rendered(for_reader(render.content, request)))
        response["ETag"] = render.etag
        return response
