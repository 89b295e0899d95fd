"""Autosaved forms and presence on the article form.

Neither is a revision nor public: an autosave is one user's unsaved form,
seen only by them; a presence row says who has an article open, and expires
by itself when its heartbeats stop.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def display_name(user):
    return user.get_full_name() or user.get_username()


class ArticleDraftStateQuerySet(models.QuerySet):
    def of(self, user, article=None):
        """The unsaved form of ``user`` on ``article`` (None: the add form)."""
        return self.filter(user=user, article=article)

    def keep(self, user, article, data):
        state, _created = self.update_or_create(
            user=user,
            article=article,
            defaults={"data": data, "saved_at": timezone.now()},
        )
        return state

    def forget(self, user, article=None):
        return self.of(user, article).delete()


class ArticleDraftState(models.Model):
    """The last state of an article form that its user has not saved: the
    form's fields as the browser would post them (name -> list of values)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a new article not saved yet."),
    )
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)

    objects = ArticleDraftStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("unsaved article form")
        verbose_name_plural = _("unsaved article forms")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=models.Q(article__isnull=False),
                name="desk_one_autosave_per_article",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="desk_one_autosave_per_new_article",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.article or '—'} · {self.saved_at:%Y-%m-%d %H:%M}"

    def as_data(self):
        """The form data, as a bound form reads it."""
        data = QueryDict(mutable=True)
        for name, values in self.data.items():
            data.setlist(name, values)
        return data

    @property
    def loaded_version(self):
        """The article version the form was opened on."""
        values = self.data.get("loaded_version") or [""]
        return int(values[0]) if values[0].isdigit() else None


class ArticlePresenceQuerySet(models.QuerySet):
    def current(self):
        timeout = timedelta(seconds=settings.DESK_PRESENCE_TIMEOUT)
        return self.filter(seen_at__gte=timezone.now() - timeout)

    def beat(self, article, user):
        """``user`` still has ``article`` open: their presence goes on (or
        starts again after it expired). Expired rows of the article go."""
        now = timezone.now()
        timeout = timedelta(seconds=settings.DESK_PRESENCE_TIMEOUT)
        self.filter(article=article, seen_at__lt=now - timeout).delete()
        updated = self.filter(article=article, user=user).update(seen_at=now)
        if not updated:
            self.get_or_create(
                article=article, user=user, defaults={"since": now, "seen_at": now}
            )

    def others(self, article, user):
        return (
            self.current()
            .filter(article=article)
            .exclude(user=user)
            .select_related("user")
            .order_by("since")
        )

    def leave(self, article, user):
        return self.filter(article=article, user=user).delete()


class Presence(models.Model):
    """Someone has a desk page of an article open: since when, and when their
    page last said so."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    since = models.DateTimeField()
    seen_at = models.DateTimeField()

    objects = ArticlePresenceQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.user} · {self.article_id} · {self.since:%H:%M}"


class ArticlePresence(Presence):
    """Someone has the article's form open."""

    class Meta:
        verbose_name = _("open article form")
        verbose_name_plural = _("open article forms")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="desk_one_presence_per_user"
            )
        ]


class DeskProfile(models.Model):
    """What the desk remembers of one of its people: the language the admin
    speaks to them (``articles/desk/language.py``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="desk_profile",
    )
    language = models.CharField(
        _("admin language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language of the admin for this person, from their next "
            "sign-in. Left blank: as their browser asks, else Spanish."
        ),
    )

    class Meta:
        verbose_name = _("desk profile")
        verbose_name_plural = _("desk profiles")

    def __str__(self):
        return str(self.user)
