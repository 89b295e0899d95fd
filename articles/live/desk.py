"""The live desk: one page per live coverage where several editors write
entries at once. Each entry is a row of its own, so nobody locks anybody
out and the article's version never moves; the page names who else is
writing (the desk's presence) and shows the entries others post, newest
first. ``static/js/live-desk.js`` posts with Ctrl+Enter and keeps the list
and the presence current; without it the form posts and the page reloads."""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from articles import caching
from articles.desk.models import display_name
from articles.editorial.roles import can_publish
from articles.live import roles
from articles.live.models import LiveDeskPresence, LiveEntry

DESK_ENTRIES = 50


class DeskEntryForm(forms.ModelForm):
    """The fast form: what an entry needs, nothing else."""

    class Meta:
        model = LiveEntry
        fields = ["title", "body", "author", "photo", "pinned", "key_event"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Typed fast, one keystroke to publish: a plain text area (the entry's
        # own form has the editor, for photos and embeds).
        self.fields["body"].widget = forms.Textarea(
            attrs={
                "rows": 6,
                "class": "live-entry-body",
                "autofocus": True,
                "data-live-body": "",
            }
        )


def desk_entries(article, user, after=None):
    entries = (
        LiveEntry.objects.filter(article=article)
        .visible_to(user)
        .select_related("author")
    )
    if after is not None:
        entries = entries.filter(pk__gt=after)
    return list(entries.order_by("-pk")[:DESK_ENTRIES])


def row(entry, request):
    return render_to_string(
        "live/admin/_desk_entry.html", {"entry": entry}, request=request
    )


def find_live(model_admin, request, object_id, write=False):
    live = model_admin.get_object(request, str(object_id))
    if live is None or not model_admin.has_view_permission(request, live):
        raise PermissionDenied
    if write and not roles.can_write_entries(request.user):
        raise PermissionDenied
    return live


def desk_view(model_admin, request, object_id):
    live = find_live(model_admin, request, object_id, write=request.method == "POST")
    article = live.article
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    form = DeskEntryForm()
    if request.method == "POST":
        publish = "publish" in request.POST
        entry = LiveEntry(
            article=article,
            created_by=request.user,
            status=LiveEntry.Status.PUBLISHED if publish else LiveEntry.Status.DRAFT,
        )
        form = DeskEntryForm(request.POST, instance=entry)
        for message in roles.check_entry_status(request.user, entry.status).values():
            form.add_error(None, message)
        if form.is_valid():
            entry = form.save()
            if wants_json:
                return caching.private(
                    JsonResponse({"id": entry.pk, "row": row(entry, request)})
                )
            messages.success(request, gettext("The entry is saved."))
            return redirect(request.path)
        if wants_json:
            return caching.private(
                JsonResponse({"errors": form.errors.get_json_data()}, status=400)
            )
    entries = desk_entries(article, request.user)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Live desk: %(headline)s") % {"headline": article.headline},
        "opts": model_admin.model._meta,
        "live": live,
        "article": article,
        "form": form,
        "entries": entries,
        "last_id": max((entry.pk for entry in entries), default=0),
        "may_publish": can_publish(request.user),
        "may_write": roles.can_write_entries(request.user),
        "presence_url": reverse("admin:live_livecoverage_presence", args=[live.pk]),
        "heartbeat_ms": int(settings.DESK_HEARTBEAT_INTERVAL * 1000),
    }
    return TemplateResponse(request, "live/admin/desk.html", context)


def presence_view(model_admin, request, object_id):
    """POST ``{"after": <last entry id shown>}``: who else is writing, and
    the entries posted since; ``{"leave": true}`` when the page closes."""
    if request.method != "POST":
        raise PermissionDenied
    live = find_live(model_admin, request, object_id)
    try:
        payload = json.loads(request.body or b"{}")
    except (UnicodeDecodeError, ValueError):
        payload = None
    if not isinstance(payload, dict):
        return caching.private(
            JsonResponse({"error": gettext("Send a JSON object.")}, status=400)
        )
    if payload.get("leave") is True:
        LiveDeskPresence.objects.leave(live.article, request.user)
        return caching.private(JsonResponse({"left": True}))
    after = payload.get("after", 0)
    if isinstance(after, bool) or not isinstance(after, int):
        return caching.private(
            JsonResponse(
                {"error": gettext("'after' must be a whole number.")}, status=400
            )
        )
    LiveDeskPresence.objects.beat(live.article, request.user)
    others = [
        gettext("%(name)s is writing entries since %(time)s")
        % {
            "name": display_name(presence.user),
            "time": formats.time_format(timezone.localtime(presence.since), "H:i"),
        }
        for presence in LiveDeskPresence.objects.others(live.article, request.user)
    ]
    entries = desk_entries(live.article, request.user, after=after)
    return caching.private(
        JsonResponse(
            {
                "others": others,
                "rows": [row(entry, request) for entry in reversed(entries)],
                "last": max([after] + [entry.pk for entry in entries]),
            }
        )
    )
