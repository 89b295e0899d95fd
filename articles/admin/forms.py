"""The article admin's editorial side: roles, state actions, the stale-edit
check, history with the bylines, entities, updates and photo, restores and
previews. ``ArticleAdmin`` in admin/articles.py mixes it in; the rules themselves are
in articles/editorial/roles.py, shared with the API."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.editorial import roles
from articles.editorial.history import related_changes
from articles.models import Article
from articles.site import previews

Status = Article.Status

# Fields the article form edits: the ones a stale save compares.
FORM_FIELDS = [
    "headline",
    "slug",
    "dek",
    "body",
    "section",
    "language",
    "lead_photo",
    "byline_text",
    "status",
    "published_at",
    "withdrawal_reason",
    "related",
]


class ArticleAdminForm(forms.ModelForm):
    """Applies the desk's rules for the signed-in user (``user`` is set by
    ``ArticleAdmin.get_form``) and refuses to save over a newer version."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    user = None

    class Meta:
        model = Article
        fields = FORM_FIELDS
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vTextField", "size": 90}),
            "dek": forms.Textarea(attrs={"rows": 3, "cols": 90}),
            "body": forms.Textarea(attrs={"rows": 24, "cols": 90}),
            "withdrawal_reason": forms.Textarea(attrs={"rows": 3, "cols": 90}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The stored article, not ``instance``: when restoring from the
        # history, ``instance`` is the old version.
        self.stored = (
            Article.objects.filter(pk=self.instance.pk).first()
            if self.instance.pk
            else None
        )
        if self.stored:
            self.initial["loaded_version"] = self.stored.version
        if (
            self.user is not None
            and "related" in self.fields
            and not roles.is_editor(self.user)
        ):
            visible = Article.objects.visible_to(self.user)
            self.fields["related"].queryset = visible
            if self.instance.pk:
                self.initial["related"] = list(
                    self.instance.related.filter(pk__in=visible.values("pk"))
                )
        if self.user is not None and "status" in self.fields:
            allowed = roles.allowed_statuses(self.user)
            if self.stored:
                allowed.add(self.stored.status)
            self.fields["status"].choices = [
                (value, label)
                for value, label in self.fields["status"].choices
                if value in allowed
            ]

    def clean_related(self):
        # Related articles the user may not read are neither shown nor
        # removed.
        related = list(self.cleaned_data.get("related") or [])
        if self.user is not None:
            related += self.instance.hidden_related(self.user)
        return related

    def clean_published_at(self):
        # The form shows whole seconds: an unchanged time saved elsewhere
        # with microseconds stays as it is, not a change in the history.
        published_at = self.cleaned_data.get("published_at")
        stored = self.stored.published_at if self.stored else None
        if published_at and stored and published_at == stored.replace(microsecond=0):
            return stored
        return published_at

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get("loaded_version")
        if self.stored and loaded is not None and loaded != self.stored.version:
            self.refuse_stale_save(loaded)
        if self.user is not None:
            try:
                roles.check_change(
                    self.user,
                    status=cleaned_data.get("status", self.instance.status),
                    published_at=cleaned_data.get(
                        "published_at", self.instance.published_at
                    ),
                    stored=self.stored,
                )
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    self.add_error(
                        field if field in self.fields else None, field_errors
                    )
        if self.stored:
            # Restoring an old version moves on from the current one.
            self.instance.version = self.stored.version
        return cleaned_data

    def refuse_stale_save(self, loaded):
        """Keep the editor's input, show the saved values beside it and let
        the next submit build on the current version: a merge, not a loss."""
        changes = self.stored.changes_since(loaded) or {}
        changed = [name for name in changes.get("fields", []) if name in self.fields]
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = self.stored.version
        for name in changed:
            self.add_error(
                name,
                ValidationError(
                    _("Saved meanwhile as: %(value)s"),
                    code="saved_meanwhile",
                    params={"value": self.display_stored(name)},
                ),
            )
        fields = get_text_list(
            [str(self.fields[name].label) for name in changed], _("and")
        )
        raise ValidationError(
            _(
                "%(users)s saved this article (version %(version)s, "
                "%(saved_at)s) while you were editing it. Changed: "
                "%(fields)s. Your edits are still in the form and the saved "
                "values are shown under each field: merge them and save again. "
                "The history keeps both versions."
            ),
            code="stale_version",
            params={
                "users": get_text_list(changes.get("users", []), _("and")),
                "version": self.stored.version,
                "saved_at": formats.date_format(
                    timezone.localtime(changes.get("saved_at", timezone.now())),
                    "DATETIME_FORMAT",
                ),
                "fields": fields or gettext("nothing in this form"),
            },
        )

    def display_stored(self, name):
        if name == "related":
            related = self.stored.related.all()
            if self.user is not None:
                related = related.filter(pk__in=self.fields["related"].queryset)
            return ", ".join(str(other) for other in related) or "—"
        value = getattr(self.stored, name)
        if name == "status":
            return self.stored.get_status_display()
        if hasattr(value, "tzinfo"):
            return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return str(value) if value not in (None, "") else "—"


class ScheduleForm(forms.Form):
    published_at = forms.SplitDateTimeField(
        label=_("Goes live at"), widget=admin.widgets.AdminSplitDateTime
    )

    def clean_published_at(self):
        when = self.cleaned_data["published_at"]
        if when <= timezone.now():
            raise ValidationError(_("Give a time in the future, or publish now."))
        return when


class WithdrawForm(forms.Form):
    withdrawal_reason = forms.CharField(
        label=_("Reason, shown to readers"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=Article.withdrawal_reason.field.help_text,
    )


def state_action(name, description, permission, applies_to, form_class=None):
    """An admin action that changes the state of the selected articles after
    a confirmation page (with a form for the time or the reason)."""

    def action(modeladmin, request, queryset):
        articles = list(queryset)
        ready = [article for article in articles if article.status in applies_to]
        skipped = [article for article in articles if article not in ready]
        form = None
        if form_class is not None:
            form = form_class(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and (form is None or form.is_valid()):
            values = form.cleaned_data if form else {}
            done = modeladmin.apply_state(request, name, ready, values)
            modeladmin.message_user(
                request,
                _("%(action)s: %(count)d article(s).")
                % {"action": description, "count": done},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/articles/article/state_action_confirmation.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": description,
                "opts": modeladmin.model._meta,
                "action_name": name,
                "articles": ready,
                "skipped": skipped,
                "form": form,
                "media": modeladmin.media + (form.media if form else forms.Media()),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    action.__name__ = name
    return admin.action(description=description, permissions=[permission])(action)


class EditorialArticleAdmin:
    """Mixed into ArticleAdmin (see the module docstring)."""

    form = ArticleAdminForm
    actions = [
        state_action(
            "publish",
            _("Publish now"),
            "publish",
            {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED},
        ),
        state_action(
            "schedule",
            _("Schedule"),
            "publish",
            {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED},
            ScheduleForm,
        ),
        state_action(
            "withdraw",
            _("Withdraw"),
            "withdraw",
            {Status.PUBLISHED, Status.SCHEDULED},
            WithdrawForm,
        ),
    ]
    object_history_template = "admin/articles/article/object_history.html"

    class Media:
        css = {"all": ["css/admin-editorial.css"]}

    # Who may do what: articles/editorial/roles.py.

    def get_queryset(self, request):
        return super().get_queryset(request).for_staff(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return roles.can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def has_withdraw_permission(self, request):
        return roles.can_withdraw(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "preview_links"]
        if not roles.can_publish(request.user):
            fields.append("published_at")
        if not roles.can_withdraw(request.user):
            fields.append("withdrawal_reason")
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        restored = getattr(request, "restored_record", None)
        if restored is None:
            super().save_model(request, obj, form, change)
            return
        obj._change_reason = gettext("Restored version %(version)s") % {
            "version": restored.version
        }
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            missing = obj.restore_links(restored)
        labels = {"bylines": _("bylines"), "entity_links": _("entities")}
        for related, names in missing.items():
            self.message_user(
                request,
                _(
                    "The %(links)s of version %(version)s name %(names)s, "
                    "deleted since: the current %(links)s were kept."
                )
                % {
                    "links": labels[related],
                    "version": restored.version,
                    "names": get_text_list(names, _("and")),
                },
                messages.WARNING,
            )

    def apply_state(self, request, name, articles, values):
        """Run a state action on each article it applies to; an article that
        fails validation is reported, the others are saved."""
        done = 0
        for article in articles:
            if not roles.can_edit(request.user, article):
                continue
            article._history_user = request.user
            try:
                if name == "publish":
                    article.publish()
                elif name == "schedule":
                    article.schedule(values["published_at"])
                else:
                    article.withdraw(values["withdrawal_reason"])
            except ValidationError as error:
                self.message_user(
                    request,
                    f"{article}: {' '.join(error.messages)}",
                    messages.ERROR,
                )
                continue
            self.log_change(request, article, [{"changed": {"fields": ["status"]}}])
            done += 1
        return done

    # The list: the state at a glance.

    @admin.display(description=_("state"), ordering="status")
    def state(self, article):
        if article.status == Status.SCHEDULED and not article.is_published():
            when = formats.date_format(
                timezone.localtime(article.published_at), "SHORT_DATETIME_FORMAT"
            )
            label = _("scheduled for %(when)s") % {"when": when}
        elif article.is_published():
            label = _("live")
        else:
            label = article.get_status_display()
        code = "published" if article.is_published() else article.status
        return format_html('<span class="state state--{}">{}</span>', code, label)

    # Previews.

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return previews.StaffArticlePreviewView.as_view()(request, pk=article.pk)

    @admin.display(description=_("preview"))
    def preview_links(self, article):
        if not article.pk:
            return _("Save the article to preview it.")
        staff = reverse("admin:articles_article_preview", args=[article.pk])
        hours = int(previews.PREVIEW_LINK_MAX_AGE.total_seconds() // 3600)
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a><br>'
            '<a href="{}" target="_blank" rel="noopener">{}</a> {}',
            staff,
            _("Preview (staff only)"),
            previews.preview_link(article),
            _("Link for an outside reviewer"),
            _("(works for %(hours)d hours, for anyone who has it)") % {"hours": hours},
        )

    # History: the article's own records (with diffs, from simple-history)
    # and those of its bylines, entities, updates and lead photos.

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "related_changes": related_changes(object_id),
        }
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.restored_record = Article.history.filter(
            id=object_id, history_id=version_id
        ).first()
        return super().history_form_view(request, object_id, version_id, extra_context)
