"""The article admin's forms: the article itself (the desk's rules for the
signed-in user and the stale-edit check), its inline lists, the state
actions' confirmations and the Import page."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.admin.counters import CountedTextarea, CountedTextInput
from articles.admin.writing import BodyEditorWidget
from articles.editorial import roles
from articles.models import Article, Section

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
    "seo_title",
    "meta_description",
    "social_image",
]


class ArticleAdminForm(forms.ModelForm):
    """Applies the desk's rules for the signed-in user (``user`` is set by
    ``ArticleAdmin.get_form``) and refuses to save over a newer version."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    user = None

    class Meta:
        model = Article
        fields = FORM_FIELDS
        help_texts = {
            "body": _(
                "Subheads, bold, italic, links, lists, quotes, tables, photos "
                "from the library and videos or posts (a link alone on its "
                "line). Pasted text keeps its structure, not its styles. At "
                "most 150,000 characters (about 25,000 words)."
            )
        }
        widgets = {
            "headline": CountedTextInput(attrs={"class": "vTextField", "size": 90}),
            "dek": CountedTextarea(attrs={"rows": 3, "cols": 90}),
            "seo_title": CountedTextInput(attrs={"class": "vTextField", "size": 90}),
            "meta_description": CountedTextarea(attrs={"rows": 2, "cols": 90}),
            "body": BodyEditorWidget(attrs={"rows": 24, "cols": 90}),
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


class PositionedInlineFormSet(forms.BaseInlineFormSet):
    """Offers the next free position to each new row, so that editors only
    type an order when they want to change it."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if index is not None and form.instance.pk is None:
            form.fields["order"].initial = index


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (as in Django's documentation)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        return [single(data or None, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("files"),
        help_text=_(
            "Plain-text wire copy (.txt, in the layout of the seed story) or IPTC "
            "ninjs 2.x/3.x (.json). Several at once are fine."
        ),
    )
    section = forms.ModelChoiceField(
        Section.objects.all(),
        label=_("section"),
        required=False,
        help_text=_("For new articles. Left empty: 'Importadas'."),
    )
    publish = forms.BooleanField(
        label=_("publish"),
        required=False,
        help_text=_("Otherwise the articles are drafts."),
    )
    link_entities = forms.BooleanField(
        label=_("link the entities the text names"), required=False
    )
    dry_run = forms.BooleanField(
        label=_("preview only"),
        required=False,
        help_text=_("Show what would be created or changed, and write nothing."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_publish(self):
        publish = self.cleaned_data["publish"]
        if publish and not roles.can_publish(self.user):
            raise forms.ValidationError(_("Only an editor can publish."))
        return publish
