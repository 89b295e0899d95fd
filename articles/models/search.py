"""Article search: the search document PostgreSQL stores, the query a reader
types, and the QuerySet methods the public site and the API both call."""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection, models
from django.db.models import Q, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Concat

# The text search configuration made by migration 0002: Spanish stemming on
# unaccented words, so that "Peru" and "Perú" are the same word.
SEARCH_CONFIG = "newsroom_es"
SEARCH_QUERY_MAX_LENGTH = 200
# The search document (a PostgreSQL tsvector) holds at most 1 MB. Measured
# worst case, distinct two-letter words of four-byte characters: 150,000
# characters of body make 0.8 MB. Longer text could never be saved.
BODY_MAX_LENGTH = 150_000
DEK_MAX_LENGTH = 3_000
# Matches ranked per search: the newest ones (five pages of results). Finding
# them walks the newest public articles until this many match, so a search
# costs about the same in an archive of 1,000 or of 100,000 articles.
SEARCH_RANK_LIMIT = 100
# Private-use characters mark the highlighted words in a ts_headline snippet,
# so that the snippet can be escaped before <mark> is put around them.
SNIPPET_START = "\ue000"
SNIPPET_STOP = "\ue001"


def clean_search_query(query):
    """A reader's query, safe for any database: no NUL, trimmed, bounded."""
    query = str(query or "").replace("\x00", " ")
    return " ".join(query.split())[:SEARCH_QUERY_MAX_LENGTH].strip()


class StoredSearchDocument(Expression):
    """The search vector that migration 0006 stores (PostgreSQL only):
    headline (weight A), dek (B) and body (C) in ``newsroom_es``, computed by
    the database on every write, so never stale. The model does not declare
    the column; this names it on the query's own table (``U0`` in a subquery).
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_document')}", []


class SearchQuerySet(models.QuerySet):
    """Mixed into ``ArticleQuerySet``; ``newest_first()`` comes from there."""

    def search(self, query):
        """Articles matching ``query`` in headline, dek or body.

        The public site and the API both call this one method. On PostgreSQL it
        is a ranked full-text search in Spanish that ignores accents ("Peru"
        finds "Perú"), annotated with ``rank`` and ordered by it; elsewhere it
        is a plain case-insensitive match. An empty query matches nothing.
        """
        query = clean_search_query(query)
        if not query:
            return self.none()
        if connection.vendor == "postgresql":
            search_query = SearchQuery(
                query, config=SEARCH_CONFIG, search_type="websearch"
            )
            document = StoredSearchDocument()
            matches = self.alias(search_document=document).filter(
                search_document=search_query
            )
            # Rank the newest matches only, so that a common word costs the
            # same in an archive of 1,000 or 100,000 articles.
            newest = matches.newest_first().values("pk")[:SEARCH_RANK_LIMIT]
            return (
                self.filter(pk__in=newest)
                .annotate(rank=SearchRank(document, search_query))
                .order_by("-rank", "-published_at", "-pk")
            )
        return self.filter(
            Q(headline__icontains=query)
            | Q(dek__icontains=query)
            | Q(body__icontains=query)
        )

    def with_search_snippets(self, query):
        """Annotate ``search_snippet``: ts_headline's excerpt around the matched
        words, on PostgreSQL. Elsewhere ``articles.site.snippets`` builds the excerpt
        in Python."""
        query = clean_search_query(query)
        if not query or connection.vendor != "postgresql":
            return self
        return self.annotate(
            search_snippet=SearchHeadline(
                Concat("dek", Value(" "), "body", output_field=models.TextField()),
                SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch"),
                config=SEARCH_CONFIG,
                start_sel=SNIPPET_START,
                stop_sel=SNIPPET_STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
            )
        )
