"""Serializers of the API.

Reads: explicit fields, nested data read from what ``with_page_data()``
prefetches, so a page costs the same number of queries whatever it holds.
Writes: the model's own ``full_clean()`` (fields, ``clean()``, constraints) runs
before anything is saved, so the API accepts exactly what the admin accepts;
the view wraps each write in one transaction.
"""

from articles.api.serializers.articles import (
    ArticleEntitySerializer,
    ArticleEntityWriteSerializer,
    ArticleListSerializer,
    ArticleSerializer,
    ArticleUpdateSerializer,
    ArticleWriteSerializer,
    BylineSerializer,
    BylineWriteSerializer,
    NewArticleUpdateSerializer,
    RelatedArticleSerializer,
    visible_related,
)
from articles.api.serializers.base import HELP, IdField, SlugField
from articles.api.serializers.catalogue import (
    AuthorSerializer,
    EntitySerializer,
    PhotoSerializer,
    SectionRefSerializer,
    SectionSerializer,
)

__all__ = [
    "HELP",
    "ArticleEntitySerializer",
    "ArticleEntityWriteSerializer",
    "ArticleListSerializer",
    "ArticleSerializer",
    "ArticleUpdateSerializer",
    "ArticleWriteSerializer",
    "AuthorSerializer",
    "BylineSerializer",
    "BylineWriteSerializer",
    "EntitySerializer",
    "IdField",
    "NewArticleUpdateSerializer",
    "PhotoSerializer",
    "RelatedArticleSerializer",
    "SectionRefSerializer",
    "SectionSerializer",
    "SlugField",
    "visible_related",
]
