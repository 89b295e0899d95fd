"""The article admin's own pages, beside Django's: the state actions'
confirmation, the Import page, linking suggested entities and the staff
preview. Each takes the ``ArticleAdmin`` first; ``ArticleAdmin.get_urls``
routes them.

The Import page runs the same code as ``manage.py import_article``
(``articles.importing``), one transaction per file, and shows what happened
to each file; a refused file is a form error naming the file and the reason,
and writes nothing. The entity buttons on the change page are small forms of
their own after the article's form, so no JavaScript is needed.
"""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.admin.forms import ImportForm
from articles.importing import MAX_BYTES, ImportRefused
from articles.importing.batch import Summary, import_one
from articles.models import Entity
from articles.site import previews
from articles.suggestions import link_entities


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


def link_entities_view(model_admin, request, object_id):
    article = model_admin.get_object(request, unquote(object_id))
    if article is None:
        return model_admin._get_obj_does_not_exist_redirect(
            request, model_admin.model._meta, object_id
        )
    if not model_admin.can_link_entities(request, article):
        raise PermissionDenied
    change_url = reverse(
        f"admin:{article._meta.app_label}_{article._meta.model_name}_change",
        args=[article.pk],
        current_app=model_admin.admin_site.name,
    )
    ids = [
        int(value)
        for value in request.POST.getlist("entity")
        if re.fullmatch(r"[0-9]{1,18}", value)
    ]
    by_pk = Entity.objects.in_bulk(ids)
    entities = [by_pk[pk] for pk in dict.fromkeys(ids) if pk in by_pk]
    if not entities:
        messages.error(request, gettext("That entity no longer exists."))
        return HttpResponseRedirect(change_url)
    linked = link_entities(article, entities)
    if linked:
        names = get_text_list([str(entity) for entity in linked], gettext("and"))
        message = gettext("Linked %(names)s as mentioned.") % {"names": names}
        model_admin.log_change(request, article, message)
        messages.success(request, message)
    else:
        messages.info(request, gettext("Already linked: nothing changed."))
    return HttpResponseRedirect(change_url)


def preview_view(model_admin, request, object_id):
    article = model_admin.get_object(request, object_id)
    if article is None or not model_admin.has_view_or_change_permission(
        request, article
    ):
        raise PermissionDenied
    return previews.StaffArticlePreviewView.as_view()(request, pk=article.pk)
