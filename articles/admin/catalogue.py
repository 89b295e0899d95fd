"""The desk's catalogue: sections, authors and entities, each listed with
how many articles it is linked to."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin.history import HistoryAdmin
from articles.models import Author, Entity, Section


class ArticleCountAdmin(HistoryAdmin):
    """Shows, and sorts by, how many articles each row is linked to."""

    article_count_lookup = None

    def get_queryset(self, request):
        # GROUP BY drops Meta.ordering, so order explicitly for the paginator.
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count(self.article_count_lookup, distinct=True))
            .order_by("name")
        )

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Section)
class SectionAdmin(ArticleCountAdmin):
    article_count_lookup = "articles"
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(ArticleCountAdmin):
    article_count_lookup = "bylines__article"
    list_display = ["name", "title", "affiliation", "category", "article_count"]
    list_filter = ["category"]
    search_fields = ["name", "title", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]  # the desk account (articles/editorial/roles.py)


@admin.register(Entity)
class EntityAdmin(ArticleCountAdmin):
    article_count_lookup = "article_links"
    list_display = [
        "name",
        "kind",
        "wikidata_link",
        "country_code",
        "parent",
        "article_count",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "wikidata_id", "slug"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["wikidata_link"]
    fields = [
        "kind",
        "name",
        "slug",
        "aliases",
        "description",
        "wikidata_id",
        "wikidata_link",
        "country_code",
        "parent",
    ]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]

    @admin.display(description=_("Wikidata"), ordering="wikidata_id")
    def wikidata_link(self, entity):
        if not entity.wikidata_id:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            entity.wikidata_url,
            entity.wikidata_id,
        )
