"""Writing an article's ordered bylines and entity links.

Every door that writes them goes through ``write_links``: the API's write
serializer, the importer, entity suggestions and the restore of an earlier
version; the next free position is ``next_position``.
"""

from datetime import timedelta

from django.db.models import Max, Q

from .article_entity import ArticleEntity
from .author import Byline


class ArticleLinks:
    """Mixed into ``Article``."""

    def next_position(self, related):
        """The position after the last of ``related`` ("bylines" or
        "entity_links"): 0 for the first."""
        links = getattr(self, related).order_by()
        last = links.aggregate(last=Max("order"))["last"]
        return 0 if last is None else last + 1

    def write_links(
        self, related, links, *, replace=False, keep_order=False, validate=None
    ):
        """Save ``links``, unsaved ``Byline`` or ``ArticleEntity`` rows, as
        this article's ``related`` in the order given.

        With ``replace`` the current ones are deleted first and the new ones
        numbered from 0; otherwise they go after the last one. ``keep_order``
        keeps the positions the rows carry (a restore from the history).
        ``validate(link, index)`` runs before each row is saved, after the
        rows before it.
        """
        manager = getattr(self, related)
        if replace:
            manager.all().delete()
            first = 0
        else:
            first = self.next_position(related)
        for index, link in enumerate(links):
            link.article = self
            if not keep_order:
                link.order = first + index
            if validate is not None:
                validate(link, index)
            link.save()
        return links

    def restore_links(self, record):
        """Put back the bylines and entity links as the page showed them at
        version ``record``: as they stood just before the next version was
        saved (links are written after the article in the same save, and can
        change without one), or as they are now when ``record`` is the latest.
        Bylines or entities that name an author or entity deleted since stay
        as they are now rather than lose what cannot be put back; returns the
        names of those missing targets, by kind of link."""
        later = (
            self.history.filter(
                Q(history_date__gt=record.history_date)
                | Q(history_date=record.history_date, history_id__gt=record.history_id)
            )
            .order_by("history_date", "history_id")
            .first()
        )
        if later is None:
            return {}
        moment = later.history_date - timedelta(microseconds=1)
        missing = {}
        for model, related, target in [
            (Byline, "bylines", "author"),
            (ArticleEntity, "entity_links", "entity"),
        ]:
            old_links = sorted(
                model.history.as_of(moment).filter(article_id=self.pk),
                key=lambda link: (link.order, link.pk),
            )
            wanted = {getattr(link, f"{target}_id") for link in old_links}
            target_model = model._meta.get_field(target).related_model
            gone = wanted - set(
                target_model.objects.filter(pk__in=wanted).values_list("pk", flat=True)
            )
            if gone:
                names = target_model.history.filter(id__in=gone).order_by(
                    "history_date"
                )
                missing[related] = sorted({name.name for name in names})
                continue
            for link in old_links:
                link.pk = None
            self.write_links(related, old_links, replace=True, keep_order=True)
        return missing
