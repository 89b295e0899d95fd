"""The desk's rules (articles/editorial/roles.py) at the API's door."""

from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import permissions

from articles.editorial import roles
from articles.etags import etag_version


class ModelPermissionsOrAnonReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """DRF's, without building the view's queryset for a method that needs no
    model permission (reads): the answer is yes whoever asks, and building
    the queryset of an article with its page data costs more than answering
    from a stored render."""

    def has_permission(self, request, view):
        if request.method in self.perms_map and not self.perms_map[request.method]:
            return True
        return super().has_permission(request, view)


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
