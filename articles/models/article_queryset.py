"""What lists of articles are: published, scheduled, by whom, about what,
and what a page of them prefetches."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone

from articles.editorial import roles
from articles.editorial.workflow import PAGE_STATUSES, PUBLIC_STATUSES, ArticleStatus

from .article_entity import ArticleEntity
from .author import Byline
from .search import SearchQuerySet


class ArticleQuerySet(SearchQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def published(self):
        """Articles the public may read: published, or scheduled and now due."""
        return self.filter(
            status__in=PUBLIC_STATUSES,
            published_at__lte=timezone.now(),
        )

    def newest_first(self):
        """Newest publication first, in the order of the partial indexes on
        public articles (migration 0006, PostgreSQL), so that a page of a list
        of 100,000 articles reads 20 index entries, not the whole table."""
        return self.order_by(F("published_at").desc(nulls_last=True), F("pk").desc())

    def scheduled(self):
        """Articles waiting for their publication time."""
        return self.filter(
            status=ArticleStatus.SCHEDULED, published_at__gt=timezone.now()
        )

    def withdrawn(self):
        return self.filter(status=ArticleStatus.WITHDRAWN)

    def with_public_page(self):
        """Articles with a public address: published ones and the withdrawn,
        whose address answers with the withdrawal notice."""
        return self.published() | self.withdrawn()

    def written_by(self, user):
        """Articles a desk account created or is credited on (through an
        author linked to that account): a reporter's own stories."""
        credited = Byline.objects.filter(article=OuterRef("pk"), author__user=user)
        return self.filter(Q(created_by=user) | Exists(credited))

    def for_staff(self, user):
        """The articles a member of staff works on: every article for
        editors, their own for reporters (see articles/editorial/roles.py)."""
        if roles.is_editor(user):
            return self
        return self.written_by(user)

    def visible_to(self, user):
        """What the API lets this user read: everything for editors; for
        reporters, published articles and their own; for anyone else,
        published articles."""
        if roles.is_editor(user):
            return self
        if roles.sees_unpublished(user):
            return self.published() | self.written_by(user)
        return self.published()

    def formerly_at(self, slug):
        """Public articles that were public under ``slug`` before their slug
        changed: old links to them redirect (301) to the new address."""
        ids = (
            self.model.history.filter(
                slug=slug,
                status__in=PAGE_STATUSES,
                published_at__lte=timezone.now(),
            )
            .order_by("-history_date")
            .values("id")[:1]
        )
        return self.with_public_page().filter(pk__in=ids).exclude(slug=slug)

    def linked_to(self, subject):
        """The articles of a section, entity or author, each once: through
        the relation its QuerySet names (``SlugQuerySet.article_lookup``)."""
        subjects = type(subject)._default_manager.get_queryset()
        articles = self.filter(**{subjects.article_lookup: subject})
        return articles.distinct() if subjects.article_lookup_repeats else articles

    def about(self, entity):
        return self.linked_to(entity)

    def by(self, author):
        return self.linked_to(author)

    def for_lists(self):
        """What a list of articles shows (section, photo, bylines), in a fixed
        number of queries whatever the length of the page."""
        return (
            self.select_related("section", "lead_photo", "live_coverage")
            .with_bylines()
            .prefetch_related("lead_photo__renditions")
        )

    def for_feeds(self):
        """``for_lists()`` plus the entities that feeds print as categories."""
        return self.for_lists().prefetch_related(
            Prefetch(
                "entity_links",
                queryset=ArticleEntity.objects.select_related("entity"),
            ),
            "inline_photos",
        )

    def with_bylines(self):
        return self.prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def with_page_data(self):
        """Everything an article page or API document shows, in a fixed number
        of queries whatever the number of bylines, entities and updates."""
        return (
            self.select_related(
                "section", "lead_photo", "social_image", "live_coverage"
            )
            .with_bylines()
            .prefetch_related(
                "lead_photo__renditions",
                Prefetch(
                    "entity_links",
                    queryset=ArticleEntity.objects.select_related("entity"),
                ),
                "updates",
                Prefetch(
                    "related",
                    queryset=self.model.objects.published().select_related("section"),
                ),
            )
        )
