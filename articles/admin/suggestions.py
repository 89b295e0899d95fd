"""Entity suggestions on the article's admin page (issue 7).

The change page lists the entities the text names that are not linked yet
(``articles.suggestions``), each with a button that links it in one click,
and one that links them all. Each button is a small form of its own after the
article's form, so no JavaScript is needed; the link view is an admin view
(login and CSRF checked by ``admin_view``) that also checks the editor may
change the article and add its entity links.
"""

import re

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import ArticleEntity, Entity
from articles.suggestions import link_entities, suggest_entities


class EntitySuggestionsAdminMixin:
    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_link_entities"
        view = self.admin_site.admin_view(require_POST(self.link_entities_view))
        own = [path("<path:object_id>/link-entities/", view, name=name)]
        return own + super().get_urls()

    def can_link_entities(self, request, article):
        opts = ArticleEntity._meta
        codename = get_permission_codename("add", opts)
        return self.has_change_permission(request, article) and (
            request.user.has_perm(f"{opts.app_label}.{codename}")
        )

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and obj.pk and self.can_link_entities(request, obj):
            opts = self.model._meta
            context["entity_suggestions"] = suggest_entities(obj)
            context["link_entities_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_link_entities",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def link_entities_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(
                request, self.model._meta, object_id
            )
        if not self.can_link_entities(request, article):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{article._meta.app_label}_{article._meta.model_name}_change",
            args=[article.pk],
            current_app=self.admin_site.name,
        )
        ids = [
            int(value)
            for value in request.POST.getlist("entity")
            if re.fullmatch(r"[0-9]{1,18}", value)
        ]
        by_pk = Entity.objects.in_bulk(ids)
        entities = [by_pk[pk] for pk in dict.fromkeys(ids) if pk in by_pk]
        if not entities:
            messages.error(request, _("That entity no longer exists."))
            return HttpResponseRedirect(change_url)
        linked = link_entities(article, entities)
        if linked:
            names = get_text_list([str(entity) for entity in linked], _("and"))
            message = _("Linked %(names)s as mentioned.") % {"names": names}
            self.log_change(request, article, message)
            messages.success(request, message)
        else:
            messages.info(request, _("Already linked: nothing changed."))
        return HttpResponseRedirect(change_url)
