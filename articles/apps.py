from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_tables(using, **kwargs):
    """Every ``migrate`` makes the database cache's table (the throttles'
    store without Redis), so that no deployment step can forget it."""
    call_command("createcachetable", database=using, verbosity=0)


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Newsroom")

    def ready(self):
        from articles import (
            invalidation,
            suggestions,  # noqa: F401 (connects its signal handlers)
        )

        invalidation.connect_signals()
        post_migrate.connect(
            create_cache_tables, sender=self, dispatch_uid="create-cache-tables"
        )
