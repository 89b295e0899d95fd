"""Who may do what to an article: the desk's rules, written once.

Reporters write their own stories (created by them, or carrying their byline)
while they are drafts or in review, and send them for review; they cannot
publish, schedule or withdraw. Editors edit everything and do all three.
The roles are the groups that migration 0004 creates; the rules read only
permissions, so a superuser, or any account given the same permissions, is
treated the same way. They read only permissions and plain values (a status,
a time, ``article.status`` and ``article.is_by(user)``), so this module
imports no model and the models may import it.

The admin (form validation, status choices, read-only fields, querysets,
``has_change_permission``) and the API (``CanEditArticle`` and the write
serializer) both call these functions, so the two doors cannot disagree.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.editorial.workflow import PUBLIC_STATUSES, REPORTER_STATUSES
from articles.editorial.workflow import ArticleStatus as Status

REPORTER = "Reporter"
EDITOR = "Editor"


def is_editor(user):
    """Edits any article, whatever its state."""
    return user.has_perm("articles.edit_any_article")


def sees_unpublished(user):
    """Desk accounts that may read work not yet public (their own, for
    reporters; everything, for editors) and ask the API for it."""
    return user.is_authenticated and (
        user.has_perm("articles.view_article")
        or user.has_perm("articles.change_article")
    )


def can_publish(user):
    return user.has_perm("articles.publish_article")


def can_withdraw(user):
    return user.has_perm("articles.withdraw_article")


def allowed_statuses(user):
    """The states this user may put an article in."""
    statuses = set(REPORTER_STATUSES)
    if can_publish(user):
        statuses.update(PUBLIC_STATUSES)
    if can_withdraw(user):
        statuses.add(Status.WITHDRAWN)
    return statuses


def can_edit(user, article):
    """Whether ``user`` may change ``article`` as it is stored now."""
    if not user.has_perm("articles.change_article"):
        return False
    if is_editor(user):
        return True
    return article.status in REPORTER_STATUSES and article.is_by(user)


def check_change(user, status, published_at, stored=None):
    """Refuse what this user may not do: ``status`` and ``published_at`` are
    the values being saved, ``stored`` the article as saved (None for a new
    one). Raises a ValidationError naming the field."""
    stored_status = stored.status if stored else None
    stored_published_at = stored.published_at if stored else None
    errors = {}
    if status != stored_status and status not in allowed_statuses(user):
        if status == Status.WITHDRAWN:
            errors["status"] = _("Only an editor can withdraw an article.")
        else:
            errors["status"] = _(
                "Only an editor can publish or schedule an article: send it "
                "for review instead."
            )
    elif published_at != stored_published_at and not can_publish(user):
        # In any state: a time given to a draft is kept when it is published.
        errors["published_at"] = _(
            "Only an editor can change when an article is published."
        )
    if errors:
        raise ValidationError(errors)


def can_change_photo(user, photo, action="change"):
    """Whether ``user`` may change (or delete) ``photo``: with the model
    permission, and only if they may edit every article that uses it (as
    lead photo or in the body), so that
    a reporter cannot recaption a published story's photo but keeps the
    photos of their own drafts."""
    if not user.has_perm(f"articles.{action}_photo"):
        return False
    if photo is None or photo.pk is None:
        return True
    return all(can_edit(user, article) for article in photo.used_by())
