"""Property-based tests (Hypothesis) over the API's serializers: whatever JSON
arrives, validation answers valid or invalid and never crashes; and what a
valid write stores is what the read serializers give back."""

from contextlib import contextmanager
from html import escape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.api.serializers import (
    ArticleSerializer,
    ArticleWriteSerializer,
    EntitySerializer,
    NewArticleUpdateSerializer,
)
from articles.html import sanitise_body
from articles.models import Article, Entity
from tests.factories import make_article, make_author, make_entity, make_section

pytestmark = pytest.mark.slow

PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any JSON value, including the awkward ones.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats()
    | st.text(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)


def payloads(fields):
    """Dicts with some of ``fields`` (and sometimes a stray key), any values."""
    return st.dictionaries(
        st.sampled_from([*fields, "unknown"]) | st.text(max_size=5),
        json_values,
        max_size=len(fields),
    )


@contextmanager
def rolled_back():
    """Each example writes in a transaction that is then undone."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def newsroom(db):
    make_section("mundo", "Mundo")
    make_author("ana-perez", name="Ana Pérez")
    make_entity("peru", "Perú", wikidata_id="Q419")
    make_article("nota", status=Article.Status.DRAFT)
    editor = get_user_model().objects.create_user("redactora", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))


def context():
    """A write by a member of the Editor group."""
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="redactora")
    return {"request": request, "sees_unpublished": True}


def validate_and_save(serializer):
    """Valid or not, never an exception; a valid one saves and reads back."""
    with rolled_back():
        if serializer.is_valid():
            saved = serializer.save()
            saved.refresh_from_db()
            return saved
    return None


@PROPERTIES
@given(data=payloads(ArticleWriteSerializer.Meta.fields))
def test_article_writes_never_crash(newsroom, data):
    validate_and_save(ArticleWriteSerializer(data=data, context=context()))


@PROPERTIES
@given(data=payloads(["slug", "name", "kind", "aliases", "wikidata_id", "parent"]))
def test_entity_writes_never_crash(newsroom, data):
    validate_and_save(EntitySerializer(data=data, context=context()))


@PROPERTIES
@given(data=payloads(["article", "kind", "note", "published_at"]))
def test_update_writes_never_crash(newsroom, data):
    validate_and_save(NewArticleUpdateSerializer(data=data, context=context()))


# Valid input: text as an editor types it (no control characters, no
# surrounding spaces, which DRF trims), slugs, a body of paragraphs.
words = (
    st.text(
        alphabet=st.characters(
            categories=["L", "N", "P", "Zs", "S"], exclude_characters="\x00"
        ),
        min_size=1,
        max_size=80,
    )
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)
slugs = st.from_regex(r"\A[a-z0-9]+(-[a-z0-9]+){0,3}\Z")
bodies = st.lists(words, min_size=1, max_size=4).map(
    lambda paragraphs: "".join(
        f"<p>{escape(text, quote=False)}</p>" for text in paragraphs
    )
)
articles = st.fixed_dictionaries(
    {
        "headline": words,
        "slug": slugs,
        "section": st.just("mundo"),
        "status": st.sampled_from(["draft", "in_review"]),
        "language": st.sampled_from(["es", "en", "es-EC", "pt-BR"]),
        "dek": words,
        "body": bodies,
        "byline_text": words,
        "bylines": st.lists(
            st.fixed_dictionaries(
                {
                    "author": st.just("ana-perez"),
                    "role": st.sampled_from(["author", "reporter", "editor"]),
                }
            ),
            max_size=1,
        ),
        "entities": st.lists(
            st.fixed_dictionaries(
                {"entity": st.just("peru"), "role": st.sampled_from(["about"])}
            ),
            max_size=1,
        ),
    }
)


@PROPERTIES
@given(data=articles)
def test_valid_articles_round_trip(newsroom, data):
    with rolled_back():
        writer = ArticleWriteSerializer(data=data, context=context())
        assert writer.is_valid(), writer.errors
        article = Article.objects.with_page_data().get(pk=writer.save().pk)
        read = ArticleSerializer(article, context=context()).data

        plain = ["headline", "slug", "status", "language", "dek", "byline_text"]
        assert {name: read[name] for name in plain} == {
            name: data[name] for name in plain
        }
        assert read["section"]["slug"] == data["section"]
        assert read["body"] == sanitise_body(data["body"])
        assert sanitise_body(read["body"]) == read["body"]
        assert [(b["slug"], b["role"]) for b in read["bylines"]] == [
            (b["author"], b["role"]) for b in data["bylines"]
        ]
        assert [(e["slug"], e["role"]) for e in read["entities"]] == [
            (e["entity"], e["role"]) for e in data["entities"]
        ]


entities = st.fixed_dictionaries(
    {
        "slug": slugs,
        "name": words,
        "kind": st.sampled_from(
            [kind for kind in Entity.Kind.values if kind != "country"]
        ),
        "aliases": st.lists(words, max_size=3),
        "description": words,
        "wikidata_id": st.from_regex(
            r"\AQ[1-9][0-9]{5,8}\Z"
        ),  # never the fixture's Q419 | st.just(""),
    }
)


@PROPERTIES
@given(data=entities)
def test_valid_entities_round_trip(newsroom, data):
    with rolled_back():
        writer = EntitySerializer(data=data, context=context())
        assert writer.is_valid(), writer.errors
        entity = writer.save()
        entity.refresh_from_db()
        read = EntitySerializer(entity, context=context()).data

        assert {name: read[name] for name in data} == data
