from django.db import models
from django.db.models import Exists, OuterRef, Subquery

from articles.editorial import roles


class SlugQuerySet(models.QuerySet):
    """Sections, authors and entities: found by slug, their natural key (so
    that fixtures and dumps say 'peru', not a database id), and known to the
    public only through published articles."""

    # How an article reaches one of these rows, e.g. "section"; and whether
    # one article may reach the same row twice (an author credited in two
    # roles), so that a list of its articles needs DISTINCT.
    article_lookup = None
    article_lookup_repeats = False

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def with_published_articles(self):
        """Those with a published article, annotated with ``latest_published_at``.

        Pages, feeds, sitemaps and the API show no others to the public: a
        name seen only on drafts must not leak.
        """
        from .article import Article

        latest = (
            Article.objects.published()
            .filter(**{self.article_lookup: OuterRef("pk")})
            .newest_first()
            .values("published_at")[:1]
        )
        return self.annotate(latest_published_at=Subquery(latest)).filter(
            latest_published_at__isnull=False
        )

    def known_to(self, user):
        """Those ``user`` may know of: every one for staff who read unpublished
        articles (view_article or change_article), else those on a published
        article. Lists, filters and nested fields of the API all ask this."""
        if user is not None and roles.sees_unpublished(user):
            return self
        return self.with_published_articles()

    def with_known_parent(self, user):
        """Annotate ``parent_known``: whether ``user`` may know of the parent."""
        known = self.model.objects.known_to(user).filter(pk=OuterRef("parent_id"))
        return self.annotate(parent_known=Exists(known))
