"""Autosave of the article form: the browser sends the form's unsaved state
every few seconds (static/js/desk.js), the server keeps the last one per user
and article (``articles.desk.ArticleDraftState``), and the form offers it back
when its user opens the article again.

The state is the form's fields as the browser would post them, so a restore
binds the admin's own form and inlines to it (``?restore=1``): every widget,
a rich-text editor's hidden field included, shows it as it was typed.
"""

import json
import re

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import caching
from articles.desk.models import ArticleDraftState

# Form field names as the admin writes them: ``headline``, ``published_at_0``,
# ``bylines-3-author``. The empty rows that inlines clone (``__prefix__``) and
# the CSRF token are not part of the work.
FIELD_NAME = re.compile(r"[A-Za-z0-9_-]{1,200}")
SKIPPED = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother"}
MAX_FIELDS = 2000


class BadPayload(ValueError):
    pass


def storable(value):
    """A string every database keeps in JSON: no NUL, no lone surrogate."""
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def parse_fields(request):
    """The form's fields from the JSON body ``{"fields": {name: [values]}}``;
    raises BadPayload with what is wrong."""
    limit = settings.DESK_AUTOSAVE_MAX_BYTES
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    if size > limit:
        raise BadPayload(
            _("The unsaved form is %(size)d bytes; the limit is %(limit)d.")
            % {"size": size, "limit": limit}
        )
    if request.content_type != "application/json":
        raise BadPayload(_("Send the form as application/json."))
    try:
        payload = json.loads(request.body)
    except RequestDataTooBig:
        raise BadPayload(_("The unsaved form is too large.")) from None
    except (UnicodeDecodeError, ValueError):
        raise BadPayload(_("The body is not JSON.")) from None
    fields = payload.get("fields") if isinstance(payload, dict) else None
    if not isinstance(fields, dict):
        raise BadPayload(_("'fields' must be an object of field names."))
    if len(fields) > MAX_FIELDS:
        raise BadPayload(
            _("'fields' has more than %(max)d names.") % {"max": MAX_FIELDS}
        )
    data = {}
    for name, values in fields.items():
        if not FIELD_NAME.fullmatch(name):
            raise BadPayload(
                _("'%(name)s' is not a form field name.") % {"name": name[:80]}
            )
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(map(storable, values)):
            raise BadPayload(
                _("'%(name)s' must be a string or a list of strings.") % {"name": name}
            )
        if name not in SKIPPED and "__prefix__" not in name:
            data[name] = values
    return data


def saved_at_text(state):
    return formats.time_format(timezone.localtime(state.saved_at), "H:i")


def bad_request(message):
    return caching.private(JsonResponse({"error": str(message)}, status=400))


def find_article(model_admin, request, object_id, change=True):
    """The article this user may autosave (change) or watch (view), or 403."""
    article = model_admin.get_object(request, object_id)
    allowed = (
        model_admin.has_change_permission
        if change
        else model_admin.has_view_or_change_permission
    )
    if article is None or not allowed(request, article):
        raise PermissionDenied
    return article


def autosave_view(model_admin, request, object_id=None):
    """Keeps the posted form state; answers when, for the page to say so."""
    if object_id is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        article = None
    else:
        article = find_article(model_admin, request, object_id)
    try:
        data = parse_fields(request)
    except BadPayload as error:
        return bad_request(error)
    state = ArticleDraftState.objects.keep(request.user, article, data)
    at = saved_at_text(state)
    return caching.private(
        JsonResponse(
            {
                "saved_at": state.saved_at.isoformat(),
                "text": gettext("Unsaved changes kept at %(time)s") % {"time": at},
            }
        )
    )


def discard_view(model_admin, request, object_id=None):
    """Forgets this user's unsaved form and opens the article as saved."""
    if object_id is None:
        article = None
        url = reverse("admin:articles_article_add")
    else:
        article = model_admin.get_object(request, object_id)
        if article is None:
            raise PermissionDenied
        url = reverse("admin:articles_article_change", args=[article.pk])
    ArticleDraftState.objects.forget(request.user, article)
    messages.info(request, gettext("The unsaved changes were discarded."))
    return HttpResponseRedirect(url)


def offer(request, article):
    """What the form says about this user's unsaved state, if there is one:
    the restore offer, or (when restoring) the state restored."""
    state = ArticleDraftState.objects.of(request.user, article).first()
    if state is None:
        return None
    pk = [article.pk] if article else []
    suffix = "change" if article else "add"
    discard = "autosave_discard" if article else "add_autosave_discard"
    return {
        "state": state,
        "time": saved_at_text(state),
        "restoring": getattr(request, "desk_restore", None) is not None,
        "restore_url": reverse(f"admin:articles_article_{suffix}", args=pk)
        + "?restore=1",
        "discard_url": reverse(f"admin:articles_article_{discard}", args=pk),
        "newer": article is not None
        and state.loaded_version is not None
        and state.loaded_version < article.version,
    }
