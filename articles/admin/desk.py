"""What the article form adds so that no work is lost and everyone knows who
else is there: autosave and its restore, presence and newer versions, the
preview of unsaved changes. ``DeskAdminMixin`` goes before the ModelAdmin;
the views are in ``autosave``, ``presence`` and ``unsaved_preview``.
"""

from functools import partial

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.urls import path, reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from articles.admin import autosave, presence, unsaved_preview
from articles.desk.models import ArticleDraftState


def quiet(form_class):
    """The form class, bound to restored data without checking it: the
    restore shows what was typed; the save checks it."""

    def full_clean(self):
        self._errors = ErrorDict()
        self.cleaned_data = {}

    return type(form_class.__name__, (form_class,), {"full_clean": full_clean})


def quiet_formset(formset_class):
    def full_clean(self):
        self._errors = [{} for _form in self.forms]
        self._non_form_errors = self.error_class()

    return type(
        formset_class.__name__,
        (formset_class,),
        {"full_clean": full_clean, "form": quiet(formset_class.form)},
    )


class DeskAdminMixin:
    desk_js = ["js/desk.js"]

    @property
    def media(self):
        return super().media + forms.Media(
            js=self.desk_js, css={"all": ["css/admin-desk.css"]}
        )

    def get_urls(self):
        opts = self.model._meta

        def post(route, view, name):
            return path(
                route,
                self.admin_site.admin_view(require_POST(partial(view, self))),
                name=f"{opts.app_label}_{opts.model_name}_{name}",
            )

        return [
            post("autosave/", autosave.autosave_view, "add_autosave"),
            post("autosave/discard/", autosave.discard_view, "add_autosave_discard"),
            post("<path:object_id>/autosave/", autosave.autosave_view, "autosave"),
            post(
                "<path:object_id>/autosave/discard/",
                autosave.discard_view,
                "autosave_discard",
            ),
            post("<path:object_id>/presence/", presence.heartbeat_view, "presence"),
            post(
                "<path:object_id>/preview-unsaved/",
                unsaved_preview.unsaved_preview_view,
                "preview_unsaved",
            ),
            *super().get_urls(),
        ]

    # Restore: ``?restore=1`` binds the form and its inlines to the autosave.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request.desk_restore = None
        if request.method == "GET" and request.GET.get("restore"):
            article = self.get_object(request, object_id) if object_id else None
            if object_id is None or article is not None:
                request.desk_restore = ArticleDraftState.objects.of(
                    request.user, article
                ).first()
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if request.desk_restore is None or not hasattr(response, "render"):
            return response
        try:
            return response.render()
        except (TypeError, ValueError, ValidationError):
            # A value no widget can show (the form has changed since, or
            # the state was not sent by the page): the form as saved.
            request.desk_restore = None
            messages.error(
                request,
                gettext(
                    "The unsaved changes could not be restored into the form: "
                    "discard them, or keep typing to replace them."
                ),
            )
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        state = getattr(request, "desk_restore", None)
        if state is None:
            return form_class
        restored = quiet(form_class)
        init = restored.__init__

        def __init__(self, *args, **kwargs):
            if not args and kwargs.get("data") is None:
                kwargs["data"] = state.as_data()
            init(self, *args, **kwargs)

        restored.__init__ = __init__
        return restored

    def get_formsets_with_inlines(self, request, obj=None):
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            if getattr(request, "desk_restore", None) is not None:
                formset_class = quiet_formset(formset_class)
            yield formset_class, inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        state = getattr(request, "desk_restore", None)
        if state is not None:
            kwargs["data"] = state.as_data()
        return kwargs

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # The add and change pages; not the history's revert page, whose form
        # is an old version.
        opts = self.model._meta
        page = f"{opts.app_label}_{opts.model_name}_{'add' if add else 'change'}"
        match = request.resolver_match
        if match is None or match.url_name == page:
            article = obj if obj is not None and obj.pk else None
            context["desk"] = self.desk_context(request, article, add)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def desk_context(self, request, article, add):
        pk = [article.pk] if article else []
        may_change = add or self.has_change_permission(request, article)
        return {
            "offer": autosave.offer(request, article) if may_change else None,
            "autosave_url": may_change
            and reverse(
                f"admin:articles_article_{'autosave' if article else 'add_autosave'}",
                args=pk,
            ),
            "presence_url": article
            and reverse("admin:articles_article_presence", args=pk),
            "preview_url": article
            and may_change
            and reverse("admin:articles_article_preview_unsaved", args=pk),
            "autosave_ms": int(settings.DESK_AUTOSAVE_INTERVAL * 1000),
            "heartbeat_ms": int(settings.DESK_HEARTBEAT_INTERVAL * 1000),
        }

    # A save (from the form) ends the unsaved state.

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        ArticleDraftState.objects.forget(request.user, form.instance)
        if not change:
            ArticleDraftState.objects.forget(request.user, None)
