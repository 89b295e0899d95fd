"""The history of an article's parts, for its admin history page: its
bylines, entity links and updates, and the photos it has led with, each
change with its field-by-field differences (simple-history's diffs)."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from simple_history.template_utils import HistoricalRecordContextHelper

# The models are looked up when a page asks (``apps.get_model``): this package
# imports no model, so that the models may import it.
RELATED_HISTORIES = [
    ("Byline", _("byline")),
    ("ArticleEntity", _("entity")),
    ("ArticleUpdate", _("update or correction")),
]
RELATED_HISTORY_LIMIT = 200


def related_changes(article_id):
    """The recorded changes to an article's bylines, entities, updates and
    lead photos, newest first, each with its field-by-field differences."""
    try:
        article_id = int(article_id)
    except (TypeError, ValueError):
        return []
    rows = []
    for model_name, label in RELATED_HISTORIES:
        model = apps.get_model("articles", model_name)
        records = model.history.filter(article_id=article_id)
        rows += history_rows(records, label)
    Article = apps.get_model("articles", "Article")
    Photo = apps.get_model("articles", "Photo")
    photo_ids = (
        Article.history.filter(id=article_id, lead_photo__isnull=False)
        .values_list("lead_photo_id", flat=True)
        .distinct()
    )
    rows += history_rows(Photo.history.filter(id__in=list(photo_ids)), _("photo"))
    rows.sort(key=lambda row: row["date"], reverse=True)
    return rows[:RELATED_HISTORY_LIMIT]


def history_rows(records, label):
    records = records.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    previous = {}
    rows = []
    for record in records[: RELATED_HISTORY_LIMIT * 2]:
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before, foreign_keys_are_objs=True)
            helper = HistoricalRecordContextHelper(type(record.instance), record)
            changes = helper.context_for_delta_changes(delta)
        previous[record.id] = record
        rows.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "what": label,
                "object": str(record.instance),
                "action": record.get_history_type_display(),
                "changes": changes,
            }
        )
    return rows
