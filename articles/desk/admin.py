"""The desk's people: their admin language, on the user's page and on a
page of its own where each editor chooses theirs."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from articles.desk.language import SESSION_KEY
from articles.desk.models import DeskProfile


class DeskProfileInline(admin.StackedInline):
    model = DeskProfile
    fields = ["language"]
    can_delete = False
    extra = 1
    max_num = 1


class LanguageForm(forms.ModelForm):
    class Meta:
        model = DeskProfile
        fields = ["language"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class DeskUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, DeskProfileInline]

    def get_urls(self):
        return [
            path(
                "language/",
                self.admin_site.admin_view(self.language_view),
                name="desk_language",
            ),
            *super().get_urls(),
        ]

    def language_view(self, request):
        """Any desk account chooses its own admin language, at once."""
        profile = DeskProfile.objects.filter(user=request.user).first()
        form = LanguageForm(request.POST or None, instance=profile)
        if request.method == "POST" and form.is_valid():
            profile = form.save(commit=False)
            profile.user = request.user
            profile.save()
            if profile.language:
                request.session[SESSION_KEY] = profile.language
                translation.activate(profile.language)
            else:
                request.session.pop(SESSION_KEY, None)
            messages.success(request, gettext("Your admin language is saved."))
            back = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(
                back, {request.get_host()}, request.is_secure()
            ):
                back = reverse("admin:index", current_app=self.admin_site.name)
            return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Admin language"),
            "form": form,
            "next": request.GET.get("next", ""),
        }
        return TemplateResponse(request, "admin/desk/language.html", context)
