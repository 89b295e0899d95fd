"""The admin's Import page: upload wire copy or ninjs files, get drafts.

It runs the same code as ``manage.py import_article`` (``articles.importing``),
one transaction per file, and shows what happened to each file; a refused file
is a form error naming the file and the reason, and writes nothing.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from articles.editorial import roles
from articles.importing import MAX_BYTES, ImportRefused
from articles.importing.batch import Summary, import_one
from articles.models import Section


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


def upload_reader(upload):
    def read():
        if upload.size > MAX_BYTES:
            raise ImportRefused(
                _("the file is %(size)s bytes; the limit is %(limit)s bytes")
                % {"size": upload.size, "limit": MAX_BYTES}
            )
        return upload.read(MAX_BYTES + 1)

    return read


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    summary = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
    else:
        form = ImportForm(user=request.user)
    if form.is_bound and form.is_valid():
        options = form.cleaned_data
        summary = Summary()
        for upload in options["files"]:
            result = import_one(
                upload.name,
                upload_reader(upload),
                publish=options["publish"],
                dry_run=options["dry_run"],
                link_entities=options["link_entities"],
                section=options["section"],
                user=request.user,
            )
            summary.results.append(result)
            if result.refusal:
                form.add_error(
                    "files",
                    _("%(file)s refused: %(reason)s")
                    % {"file": upload.name, "reason": result.refusal},
                )
        summary.finish(dry_run=options["dry_run"])
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import articles"),
        "form": form,
        "summary": summary,
        "dry_run": bool(summary and form.cleaned_data.get("dry_run")),
        "max_bytes": MAX_BYTES,
    }
    return TemplateResponse(request, "admin/articles/article/import.html", context)


def import_urls(model_admin):
    return [
        path(
            "import/",
            model_admin.admin_site.admin_view(
                lambda request: import_view(model_admin, request)
            ),
            name="articles_article_import",
        )
    ]
