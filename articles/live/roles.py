"""Who may do what to live entries: the README's role table, applied to
entries. Reporters write entries and change their own drafts; editors
publish, withdraw, correct and change any entry. Admin and API call these."""

from django.utils.translation import gettext_lazy as _

from articles.editorial.roles import can_publish, can_withdraw, is_editor


def can_write_entries(user):
    return user.is_authenticated and user.has_perm("live.add_liveentry")


def can_edit_entry(user, entry):
    from articles.live.models import LiveEntry

    if not user.has_perm("live.change_liveentry"):
        return False
    if is_editor(user):
        return True
    return entry.status == LiveEntry.Status.DRAFT and entry.created_by_id == user.pk


def can_correct(user):
    return is_editor(user) and user.has_perm("live.add_liveentrycorrection")


def check_entry_status(user, status, stored_status=None):
    """The error (field -> message) for a state this user may not give."""
    from articles.live.models import LiveEntry

    if status == stored_status:
        return {}
    if status == LiveEntry.Status.PUBLISHED and not can_publish(user):
        return {"status": _("Only an editor can publish an entry: save it as a draft.")}
    if status == LiveEntry.Status.WITHDRAWN and not can_withdraw(user):
        return {"status": _("Only an editor can withdraw an entry.")}
    if (
        stored_status
        and stored_status != LiveEntry.Status.DRAFT
        and not is_editor(user)
    ):
        return {"status": _("Only an editor can change a published entry.")}
    return {}
