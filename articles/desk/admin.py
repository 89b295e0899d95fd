"""The desk's people: their admin language, on the user's page."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from articles.desk.models import DeskProfile


class DeskProfileInline(admin.StackedInline):
    model = DeskProfile
    fields = ["language"]
    can_delete = False
    extra = 1
    max_num = 1


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class DeskUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, DeskProfileInline]
