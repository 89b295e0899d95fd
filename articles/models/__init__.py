from .article import Article, ArticleEntity, ArticleQuerySet, ArticleUpdate
from .author import Author, Byline
from .entity import Entity
from .photo import Photo
from .section import Section

__all__ = [
    "Article",
    "ArticleEntity",
    "ArticleQuerySet",
    "ArticleUpdate",
    "Author",
    "Byline",
    "Entity",
    "Photo",
    "Section",
]
