"""What a database holds, in a form two databases can be compared by: every
table's row count and a checksum of all its rows, and a checksum of every
article body (current and historical). Importable by a separate process
pointed at another database (see tests/test_backup.py)."""

import hashlib
import json
import sys

from django.apps import apps


def fingerprint():
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        rows = list(model._base_manager.order_by("pk").values_list())
        tables[model._meta.db_table] = {"rows": len(rows), "checksum": checksum(rows)}
    Article = apps.get_model("articles", "Article")
    bodies = list(Article.objects.order_by("uuid").values_list("uuid", "body"))
    bodies += list(
        Article.history.order_by("history_id").values_list("history_id", "body")
    )
    return {"tables": tables, "bodies": checksum(bodies)}


def checksum(values):
    return hashlib.sha256(repr(values).encode()).hexdigest()


if __name__ == "__main__":
    import django

    django.setup()
    json.dump(fingerprint(), sys.stdout)
