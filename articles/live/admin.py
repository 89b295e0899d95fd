"""The desk's door to live coverage: the coverages, the entries (history,
corrections, withdrawal) and the live desk page where entries are written
(``articles/live/desk.py``). Roles: ``articles/live/roles.py``."""

from functools import partial

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin.history import HistoryAdmin
from articles.admin.writing import BodyEditorWidget, EditorMediaMixin
from articles.live import desk, roles
from articles.live.models import LiveCoverage, LiveEntry, LiveEntryCorrection


def entry_body_widget():
    """The entry form's body: the article body's editor, with its photo and
    embed blocks. The live desk's fast form keeps a plain text area."""
    return BodyEditorWidget(attrs={"rows": 6, "class": "live-entry-body"})


class LiveEntryForm(forms.ModelForm):
    """An entry, checked against what this user may do (``roles``)."""

    class Meta:
        model = LiveEntry
        fields = [
            "title",
            "body",
            "author",
            "photo",
            "pinned",
            "key_event",
            "status",
            "published_at",
            "withdrawal_reason",
        ]
        widgets = {"body": entry_body_widget()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        if self.user is not None:
            stored = self.instance.status if self.instance.pk else None
            wanted = cleaned.get("status") or LiveEntry.Status.DRAFT
            errors = roles.check_entry_status(self.user, wanted, stored)
            if errors:
                raise ValidationError(errors)
        return cleaned


class CorrectionInline(admin.StackedInline):
    model = LiveEntryCorrection
    fields = ["note", "published_at"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return roles.can_correct(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.can_correct(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LiveEntry)
class LiveEntryAdmin(EditorMediaMixin, HistoryAdmin):
    form = LiveEntryForm
    list_display = ["__str__", "article", "status", "author", "published_at"]
    list_filter = ["status", "pinned", "key_event"]
    search_fields = ["title", "body"]
    list_select_related = ["article", "author"]
    autocomplete_fields = ["author", "photo"]
    readonly_fields = ["article", "version", "created_at", "modified_at"]
    inlines = [CorrectionInline]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        return partial_form(form_class, request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        # Entries are written on their live desk, which knows the article.
        return False

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return roles.can_edit_entry(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False


def partial_form(form_class, user):
    class UserForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, user=user, **kwargs)

    UserForm.__name__ = form_class.__name__
    return UserForm


@admin.register(LiveCoverage)
class LiveCoverageAdmin(HistoryAdmin):
    list_display = ["article", "state", "started_at", "ended_at", "desk_link"]
    list_filter = ["state"]
    search_fields = ["article__headline"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    fields = ["article", "state", "started_at", "ended_at"]

    def get_readonly_fields(self, request, obj=None):
        return ["article"] if obj else []

    @admin.display(description=_("live desk"))
    def desk_link(self, live):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:live_livecoverage_desk", args=[live.pk]),
            _("Write entries"),
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        def page(route, view, name):
            return path(
                route,
                self.admin_site.admin_view(partial(view, self)),
                name=f"live_livecoverage_{name}",
            )

        return [
            page("<int:object_id>/desk/", desk.desk_view, "desk"),
            page("<int:object_id>/desk/presence/", desk.presence_view, "presence"),
            *super().get_urls(),
        ]
