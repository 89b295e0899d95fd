"""Who else has an article open, and whether a newer version was saved.

The article form's page posts a heartbeat every few seconds (static/js/desk.js)
with the version it was opened on; the answer names the others who have it
open and, once someone saved a newer version, says who and when, so that the
editor learns of it before their own save is refused. Presence rows live in
the database (``articles.desk.ArticlePresence``), so every worker sees them
with or without Redis, and count only while their heartbeats go on.
"""

import json

from django.http import JsonResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext

from articles import caching
from articles.admin.autosave import bad_request, find_article
from articles.desk.models import ArticlePresence, display_name


def hour(when):
    return formats.time_format(timezone.localtime(when), "H:i")


def heartbeat_view(model_admin, request, object_id):
    """POST ``{"version": <loaded version>}`` to say you are there,
    ``{"leave": true}`` when the page closes."""
    article = find_article(model_admin, request, object_id, change=False)
    try:
        payload = json.loads(request.body or b"{}")
    except (UnicodeDecodeError, ValueError):
        return bad_request(gettext("The body is not JSON."))
    if not isinstance(payload, dict):
        return bad_request(gettext("Send a JSON object."))
    if payload.get("leave") is True:
        ArticlePresence.objects.leave(article, request.user)
        return caching.private(JsonResponse({"left": True}))
    loaded = payload.get("version")
    if loaded is not None and (isinstance(loaded, bool) or not isinstance(loaded, int)):
        return bad_request(gettext("'version' must be a whole number."))
    ArticlePresence.objects.beat(article, request.user)
    others = [
        {
            "name": display_name(presence.user),
            "since": presence.since.isoformat(),
            "text": gettext("%(name)s is editing since %(time)s")
            % {"name": display_name(presence.user), "time": hour(presence.since)},
        }
        for presence in ArticlePresence.objects.others(article, request.user)
    ]
    answer = {"version": article.version, "others": others, "newer": None}
    if loaded is not None and loaded < article.version:
        answer["newer"] = newer_version(article, loaded)
    return caching.private(JsonResponse(answer))


def newer_version(article, loaded):
    """Who saved after version ``loaded``, and when."""
    records = (
        article.history.filter(version__gt=loaded)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    names, saved_at = [], None
    for record in records:
        name = (
            display_name(record.history_user)
            if record.history_user
            else gettext("someone")
        )
        if name not in names:
            names.append(name)
        saved_at = record.history_date
    saved_at = saved_at or article.modified_at
    return {
        "version": article.version,
        "text": gettext(
            "%(users)s saved a newer version (%(version)s) at %(time)s. "
            "Your unsaved changes are kept: reload to merge them with it."
        )
        % {
            "users": get_text_list(names, gettext("and")),
            "version": article.version,
            "time": hour(saved_at),
        },
        "reload_url": reverse("admin:articles_article_change", args=[article.pk]),
    }
