"""Live coverage in the dependency cache: its models' changes touch their
keys (``public_keys()``) through the same handlers as the articles app."""

from django.db.models.signals import (
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)

from articles import invalidation
from articles.cache_keys import record_loaded


def connect():
    from django.apps import apps

    for model in apps.get_app_config("live").get_models():
        if not invalidation.has_keys(model):
            continue
        uid = f"public-keys-live-{model.__name__}"
        pre_save.connect(
            invalidation.remember_keys_before, sender=model, dispatch_uid=uid
        )
        post_save.connect(invalidation.on_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(
            invalidation.remember_keys_deleted, sender=model, dispatch_uid=uid
        )
        post_delete.connect(invalidation.on_delete, sender=model, dispatch_uid=uid)
        if hasattr(model, "public_key"):
            post_init.connect(record_loaded, sender=model, dispatch_uid=uid)
