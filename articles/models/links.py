"""Writing an article's ordered bylines and entity links.

Every door that writes them goes through ``write_links``: the API's write
serializer, the importer, entity suggestions and the restore of an earlier
version; the next free position is ``next_position``.
"""

from django.db.models import Max

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

    def restore_links(self, when):
        """Put back the bylines and entity links the article had at ``when``
        (restoring an earlier version). Links to an author or entity deleted
        since are left out; every change is recorded in their history."""
        for model, related, target in [
            (Byline, "bylines", "author"),
            (ArticleEntity, "entity_links", "entity"),
        ]:
            old_links = list(model.history.as_of(when).filter(article_id=self.pk))
            existing = set(
                model._meta.get_field(target)
                .related_model.objects.filter(
                    pk__in=[getattr(link, f"{target}_id") for link in old_links]
                )
                .values_list("pk", flat=True)
            )
            kept = [
                link for link in old_links if getattr(link, f"{target}_id") in existing
            ]
            for link in kept:
                link.pk = None
            self.write_links(related, kept, replace=True, keep_order=True)
