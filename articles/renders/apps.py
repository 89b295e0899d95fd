from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RendersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles.renders"
    label = "renders"
    verbose_name = _("Stored renders")

    def ready(self):
        from articles.renders import jobs

        jobs.connect_signals()
