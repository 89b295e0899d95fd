from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles.live"
    label = "live"
    verbose_name = _("Live coverage")

    def ready(self):
        from articles.live import signals

        signals.connect()
