"""The reader's side of a live coverage: its page (the article's own
address), the endpoint its script polls and its feed."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _

from articles import caching
from articles.cache_keys import depends_on, query_variant
from articles.etags import strong_etag
from articles.live.models import LiveEntry, live_key
from articles.live.structured_data import live_json_ld
from articles.models import Article
from articles.site.body import library_photos
from articles.templatetags.newsroom import json_ld

ENTRIES_PER_PAGE = 20
# The most entries one poll hands over; a reader away longer reloads.
POLL_LIMIT = 50
# Browsers keep a poll's answer only briefly; shared caches are purged.
POLL_MAX_AGE = 5


def entries_state(article):
    """(count, latest change) of the article's entries, in one query: what
    the ETag of the page and of the endpoint follow."""
    from django.db.models import Count, Max

    return LiveEntry.objects.filter(article=article).aggregate(
        count=Count("pk"), changed=Max("modified_at")
    )


def live_page(view, request, article):
    """The live coverage page: summary, pinned entries, key events, then the
    entries newest first, paginated."""
    depends_on(live_key(article.pk))
    state = entries_state(article)
    changed = max(filter(None, [article.modified_at, state["changed"]]))
    etag = strong_etag(
        [
            "live",
            str(article.uuid),
            str(article.version),
            article.live_coverage.state,
            str(state["count"]),
            changed.isoformat(),
            request.GET.get("page", ""),
        ]
    )
    last_modified = int(changed.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        with translation.override(article.language):
            response = TemplateResponse(
                request, "live/live_detail.html", live_context(view, request, article)
            )
            response.render()
        response.headers["Content-Language"] = article.language
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    return response


def with_body_photos(entries):
    """The library photos of the entries' blocks, in one query for all."""
    photos = library_photos(entry.body for entry in entries)
    for entry in entries:
        entry.body_photos = photos
    return entries


def live_context(view, request, article):
    entries = LiveEntry.objects.visible_in(article).newest_first()
    pinned = list(entries.filter(pinned=True).for_readers())
    key_events = list(
        entries.filter(key_event=True).only(
            "pk", "title", "body", "published_at", "pinned"
        )
    )
    # The stream's order, as ids: it pages the stream without a COUNT and
    # tells on which page each key event is, for the jump list.
    stream = list(entries.filter(pinned=False).values_list("pk", flat=True))
    try:
        page = Paginator(stream, ENTRIES_PER_PAGE).page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404 from error
    shown = {
        entry.pk: entry
        for entry in entries.filter(pk__in=page.object_list).for_readers()
    }
    page.object_list = [shown[pk] for pk in page.object_list if pk in shown]
    with_body_photos([*pinned, *page.object_list])
    position = {pk: index for index, pk in enumerate(stream)}
    for event in key_events:
        number = 1 if event.pinned else position[event.pk] // ENTRIES_PER_PAGE + 1
        event.page_link = "" if number == page.number else f"?page={number}"
    latest = max(
        [entry.published_at for entry in pinned + list(page.object_list)],
        default=None,
    )
    live = {
        "live": article.live_coverage,
        "live_section": "live/includes/_live_section.html",
        "pinned_entries": pinned,
        "key_events": key_events,
        "page_obj": page,
        "entries": page.object_list,
        "latest_entry_at": latest,
        "poll_url": f"{article.get_absolute_url()}entradas/",
        "poll_seconds": settings.LIVE_POLL_SECONDS,
        "structured_data": json_ld(
            live_json_ld(article, pinned + list(page.object_list), request)
        ),
    }
    view.object = article
    context = view.get_context_data(
        object=article,
        published_updates=article.published_updates(),
        related_articles=list(article.related.all()),
        article_extra=live,
    )
    context.update(live)
    return context


def entries_variant(request, match):
    return query_variant(request, ["since"])


def live_entries(request, slug):
    """What a live page's script polls: the entries published after
    ``since`` (an ISO time), newest first, as HTML to insert. Answers 304
    to a repeated ETag; cached for everyone until the next entry."""
    article = get_object_or_404(
        Article.objects.published().select_related("live_coverage"), slug=slug
    )
    if not hasattr(article, "live_coverage"):
        raise Http404
    depends_on(live_key(article.pk))
    since = request.GET.get("since")
    entries = LiveEntry.objects.visible_in(article).filter(pinned=False)
    if since:
        try:
            moment = parse_datetime(since)
        except ValueError:  # well formed, but no such day or hour
            moment = None
        if moment is None:
            return JsonResponse({"since": [_("Give an ISO 8601 time.")]}, status=400)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, timezone.get_default_timezone())
        entries = entries.filter(published_at__gt=moment)
    entries = with_body_photos(list(entries.newest_first().for_readers()[:POLL_LIMIT]))
    etag = strong_etag(
        ["entries", article.live_coverage.state]
        + [f"{entry.pk}:{entry.version}" for entry in entries]
    )
    response = get_conditional_response(request, etag=etag)
    if response is None:
        with translation.override(article.language):
            data = {
                "state": article.live_coverage.state,
                "count": len(entries),
                "latest": entries[0].published_at.isoformat() if entries else since,
                "entries": [
                    {
                        "id": entry.pk,
                        "published_at": entry.published_at.isoformat(),
                        "html": render_to_string(
                            "live/includes/_entry.html",
                            {"entry": entry, "article": article},
                        ),
                    }
                    for entry in entries
                ],
            }
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response.headers["ETag"] = etag
    caching.public(response, max_age=POLL_MAX_AGE, swr=0)
    return response


live_entries.page_cache_variant = entries_variant
