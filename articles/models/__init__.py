from .article import Article, ArticleQuerySet
from .article_entity import ArticleEntity
from .author import Author, Byline
from .entity import Entity
from .photo import Photo
from .rendition import Rendition
from .section import Section
from .update import ArticleUpdate

__all__ = [
    "Article",
    "ArticleEntity",
    "ArticleQuerySet",
    "ArticleUpdate",
    "Author",
    "Byline",
    "Entity",
    "Photo",
    "Rendition",
    "Section",
]
