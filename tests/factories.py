"""Builders for test data, named for what they make.

Every builder takes keyword arguments with defaults: a slug defaults from
the name and a name from the slug; with neither, a numbered one is made up."""

import io
from datetime import timedelta
from itertools import count
from pathlib import Path

from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import (
    Article,
    ArticleEntity,
    ArticleUpdate,
    Author,
    Byline,
    Entity,
    Photo,
    Section,
)

SEED = "peru-aliado-extra-otan"
SEED_SOURCE = Path(__file__).resolve().parent.parent / (
    "fixtures/source/peru-aliado-extra-otan.txt"
)
_numbers = count(1)


def seed_source():
    """The seed story's source file: headline, dek, caption, credit and the
    body paragraphs (between the first "Compartir:" and the last)."""
    lines = [line.strip() for line in SEED_SOURCE.read_text().splitlines()]
    first_share = lines.index("Compartir:")
    last_share = len(lines) - 1 - lines[::-1].index("Compartir:")
    return {
        "headline": lines[0],
        "dek": lines[1],
        "caption": lines[3],
        "credit": lines[5],
        "paragraphs": [line for line in lines[first_share + 1 : last_share] if line],
    }


def load_seed_story():
    """The seed story as `make run` loads it: a published article with its
    photo, no byline and every entity it names."""
    call_command("load_demo", verbosity=0, live_coverage=False)
    return Article.objects.get(slug=SEED)


def make_section(slug=None, name=None, **fields):
    if slug is None and name is None:
        number = next(_numbers)
        slug, name = f"seccion-{number}", f"Sección {number}"
    slug = slug or slugify(name)
    name = name or slug.title()
    return Section.objects.create(slug=slug, name=name, **fields)


def make_entity(slug=None, name=None, kind=Entity.Kind.COUNTRY, **fields):
    if slug is None and name is None:
        slug = f"entity-{next(_numbers)}"
    slug = slug or slugify(name)
    name = name or slug.title()
    return Entity.objects.create(slug=slug, name=name, kind=kind, **fields)


def make_author(slug=None, name=None, **fields):
    if slug is None and name is None:
        slug = f"author-{next(_numbers)}"
    slug = slug or slugify(name)
    name = name or slug.replace("-", " ").title()
    return Author.objects.create(slug=slug, name=name, **fields)


def make_article(slug=None, section=None, status=Article.Status.PUBLISHED, **fields):
    """An article in ``section`` (else the first section there is, else a
    new "mundo"); published and withdrawn ones were published an hour ago."""
    slug = slug or f"articulo-{next(_numbers)}"
    fields.setdefault("headline", f"Titular de {slug}")
    if status in {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return Article.objects.create(
        slug=slug,
        section=section or Section.objects.first() or make_section("mundo"),
        status=status,
        **fields,
    )


def jpeg_file(width=1200, height=800, name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 90, 60)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name=name)


def make_photo(with_image=True, **fields):
    values = {
        "caption": "Soldados desfilan en Lima.",
        "creator": "Freddy Rodríguez",
        "source": "Ejército del Perú",
        "copyright_notice": "© Ejército del Perú",
        "alt_text": "Soldados en formación" if with_image else "",
    }
    values.update(fields)
    photo = Photo(**values)
    if with_image:
        photo.image.save("desfile.jpg", jpeg_file(), save=False)
    photo.save()
    return photo


def link_entities(article, entities, role=ArticleEntity.Role.MENTIONS):
    start = article.entity_links.count()
    for offset, entity in enumerate(entities):
        ArticleEntity.objects.create(
            article=article, entity=entity, role=role, order=start + offset
        )


def add_byline(article, author, order=0, role=Byline.Role.AUTHOR):
    return Byline.objects.create(article=article, author=author, order=order, role=role)


def add_update(article, note, kind=ArticleUpdate.Kind.CORRECTION, **fields):
    update = ArticleUpdate.objects.create(
        article=article, kind=kind, note=note, **fields
    )
    article.refresh_updated_at()
    return update


def make_unpublished(section, word="clandestino"):
    """One article of each kind the public must never see, all of them about
    ``word`` so that a search for it would find them if anything leaked."""
    future = timezone.now() + timedelta(days=2)
    past = timezone.now() - timedelta(days=1)
    kinds = {
        "draft": {"status": Article.Status.DRAFT},
        "in-review": {"status": Article.Status.IN_REVIEW},
        "scheduled": {"status": Article.Status.SCHEDULED, "published_at": future},
        "withdrawn": {"status": Article.Status.WITHDRAWN, "published_at": past},
    }
    return {
        kind: make_article(
            slug=f"oculto-{kind}",
            section=section,
            headline=f"Titular oculto {kind} {word}",
            dek=f"Entradilla oculta {kind} {word}",
            body=f"<p>Texto oculto {kind} sobre el {word}.</p>",
            **values,
        )
        for kind, values in kinds.items()
    }


def full_article(slug, published_at=None, links=3, **fields):
    """A published article with `links` bylines, entities and updates."""
    published_at = published_at or timezone.now() - timedelta(days=1)
    photo = Photo.objects.create(creator="Ana Foto", source="Agencia")
    article = make_article(
        slug=slug, published_at=published_at, lead_photo=photo, **fields
    )
    for position in range(links):
        author = make_author(slug=f"{slug}-autor-{position}")
        Byline.objects.create(article=article, author=author, order=position)
        entity = make_entity(slug=f"{slug}-tema-{position}")
        ArticleEntity.objects.create(article=article, entity=entity, order=position)
        ArticleUpdate.objects.create(
            article=article,
            note=f"Nota {position}",
            published_at=published_at + timedelta(minutes=position + 1),
        )
    return article


# Accounts.

EDITOR_PERMISSIONS = [
    "view_article",
    "add_article",
    "change_article",
    "add_entity",
    "change_entity",
    "add_articleupdate",
    "change_articleupdate",
    # An editor's part in the workflow (articles/workflow.py).
    "edit_any_article",
    "publish_article",
    "withdraw_article",
]


def user_with(username, *codenames, **fields):
    """An account holding exactly these permissions of the articles app."""
    user = User.objects.create_user(username, **fields)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
    )
    return user


def desk_user(username, group):
    """A staff account in one of the groups that migration 0004 creates."""
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def token_client(user):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user)}")
    return api


def warm_public_pages():
    """The home page and a published article's page, cached for an anonymous
    reader: what a change that readers cannot see must leave as it is."""
    from django.test import Client

    article = make_article()
    reader = Client()
    urls = ["/", article.get_absolute_url()]
    for url in urls:
        assert reader.get(url).status_code == 200
        assert reader.get(url)["X-Page-Cache"] == "hit", url
    return reader, urls


def still_cached(warmed):
    reader, urls = warmed
    return all(reader.get(url)["X-Page-Cache"] == "hit" for url in urls)
