"""Small builders for test data, named for what they make."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Author, Entity, Section


def make_section(slug="mundo", name=None):
    return Section.objects.create(slug=slug, name=name or slug.title())


def make_article(slug="nota", section=None, status=Article.Status.PUBLISHED, **fields):
    fields.setdefault("headline", f"Titular de {slug}")
    if status in {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return Article.objects.create(
        slug=slug,
        section=section or Section.objects.first() or make_section(),
        status=status,
        **fields,
    )


def make_entity(slug="peru", kind=Entity.Kind.COUNTRY, **fields):
    fields.setdefault("name", slug.title())
    return Entity.objects.create(slug=slug, kind=kind, **fields)


def make_author(slug="ana-perez", **fields):
    fields.setdefault("name", slug.replace("-", " ").title())
    return Author.objects.create(slug=slug, **fields)
