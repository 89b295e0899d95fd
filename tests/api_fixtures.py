"""Fixtures and builders shared by the API tests (import them where needed)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import ArticleEntity, ArticleUpdate, Byline, Photo
from tests.factories import make_article, make_author, make_entity


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The anonymous throttle counts in the cache: start every test at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon():
    return APIClient()


def token_client(user):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user)}")
    return api


def user_with(username, *codenames):
    user = User.objects.create_user(username)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
    )
    return user


EDITOR_PERMISSIONS = [
    "view_article",
    "add_article",
    "change_article",
    "add_entity",
    "change_entity",
    "add_articleupdate",
    "change_articleupdate",
    # An editor's part in the workflow (articles/editorial/roles.py).
    "edit_any_article",
    "publish_article",
    "withdraw_article",
]


@pytest.fixture
def editor(db):
    return token_client(user_with("editora", *EDITOR_PERMISSIONS))


@pytest.fixture
def reader(db):
    """Authenticated, but with no model permissions at all."""
    return token_client(user_with("lectora"))


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


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]
