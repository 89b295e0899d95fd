"""The desk's rules (articles/editorial/roles.py) at the API's door."""

from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import permissions

from articles.editorial import roles
from articles.etags import etag_version


class CanEditArticle(permissions.BasePermission):
    """Writes to an article need the right to edit it as it is stored now:
    any article for editors, their own drafts and articles in review for
    reporters. What a write may change (publishing, scheduling, withdrawing)
    the write serializer checks."""

    message = gettext_lazy(
        "You may not change this article: reporters edit their own drafts "
        "and articles in review; editors edit any article."
    )

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return roles.can_edit(request.user, obj)


def stale_detail(article, tags):
    """The 412 message: what changed since the version the client sent."""
    versions = [int(found[1]) for tag in tags if (found := etag_version(tag))]
    changes = article.changes_since(max(versions)) if versions else None
    if not changes:
        return _(
            "The article has changed since this ETag (it is now version "
            "%(version)s): fetch it again, merge and send the new ETag."
        ) % {"version": article.version}
    return _(
        "The article has changed since this ETag: %(users)s saved version "
        "%(version)s at %(saved_at)s, changing %(fields)s. Fetch it again, "
        "merge and send the new ETag."
    ) % {
        "users": get_text_list(changes["users"], _("and")),
        "version": article.version,
        "saved_at": formats.date_format(
            timezone.localtime(changes["saved_at"]), "DATETIME_FORMAT"
        ),
        "fields": get_text_list(changes["fields"], _("and")) or "—",
    }
