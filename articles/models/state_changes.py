"""An article's state changes: publish, schedule, withdraw.

The admin's state actions, the importer and ``publish_due`` call these, so
that the rule for the publication time (``publication_time_chosen``) is
written once. Each
validates and saves; with ``commit=False`` it only sets the fields, for a
caller that saves them with others.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.editorial import roles


class ArticleStateChanges:
    """Mixed into ``Article``."""

    def publish(self, commit=True):
        """Publish now, or at the time already given if it has passed and
        someone who may publish chose it."""
        now = timezone.now()
        if (
            not self.published_at
            or self.published_at > now
            or not self.publication_time_chosen()
        ):
            self.published_at = now
        self.status = self.Status.PUBLISHED
        self.commit_state(commit)

    def publication_time_chosen(self):
        """Whether the publication time was given by an account that may
        publish, or without an account (a command-line import, a script),
        according to the history: the saves since the time was set."""
        records = self.history.order_by("-history_date", "-history_id")
        set_by = False
        for published_at, user in records.values_list(
            "published_at", "history_user"
        ).iterator():
            if published_at != self.published_at:
                break
            set_by = user
        if set_by is False or set_by is None:
            return True
        user = get_user_model().objects.filter(pk=set_by).first()
        return user is None or roles.can_publish(user)

    def schedule(self, when, commit=True):
        self.status = self.Status.SCHEDULED
        self.published_at = when
        self.commit_state(commit)

    def withdraw(self, reason, commit=True):
        self.status = self.Status.WITHDRAWN
        self.withdrawal_reason = reason
        self.commit_state(commit)

    def commit_state(self, commit):
        if commit:
            self.full_clean()
            self.save()
