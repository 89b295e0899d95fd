from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles.desk"
    label = "desk"
    verbose_name = _("Writing desk")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from articles.desk.language import remember_language

        user_logged_in.connect(remember_language, dispatch_uid="desk_language")
