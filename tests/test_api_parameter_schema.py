"""The schema states the limits the API enforces on its query parameters:
a value the schema allows is accepted, or the parameter's description says
why it may not be (a cursor that no next link gave)."""

import pytest
from jsonschema import Draft7Validator
from rest_framework.test import APIClient

from tests import factories

NOT_CURSORS = ["0", "abc", "eyJvIjoi", "e30", "eyJvIjoiLXB1Ymxpc2hlZF9hdCJ9"]


@pytest.fixture
def openapi(db):
    return APIClient().get("/api/schema/?format=json").json()


def parameter_schema(openapi, path, name):
    (parameter,) = [
        parameter
        for parameter in openapi["paths"][path]["get"]["parameters"]
        if parameter["name"] == name
    ]
    return Draft7Validator(parameter["schema"])


def walk(client, url):
    """The cursors of every next link of ``url``."""
    cursors = []
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.content
        url = answer.json()["next"]
        if url:
            cursors.append(url.split("cursor=")[1].split("&")[0])
    return cursors


@pytest.mark.parametrize("ordering", ["headline", "-published_at", "updated_at"])
def test_every_cursor_of_a_next_link_is_valid_by_the_schema(openapi, ordering):
    factories.make_article(slug="largo", headline="\U0001f600" * 300)
    for number in range(4):
        factories.make_article(slug=f"nota-{number}", headline=f"Nota {number}")
    cursor = parameter_schema(openapi, "/api/v1/articles/", "cursor")

    cursors = walk(APIClient(), f"/api/v1/articles/?page_size=1&ordering={ordering}")

    assert len(cursors) == 4
    assert [list(cursor.iter_errors(value)) for value in cursors] == [[]] * 4


def test_the_longest_possible_cursor_fits_the_schema(openapi):
    factories.make_article(slug="largo", headline="\U0001f600" * 300)
    factories.make_article(slug="corto", headline="\U0001f600" * 299)
    cursor = parameter_schema(openapi, "/api/v1/articles/", "cursor")

    (value,) = walk(APIClient(), "/api/v1/articles/?page_size=1&ordering=-headline")

    assert cursor.is_valid(value) is True
    assert len(value) > 4800


@pytest.mark.parametrize(
    "path", ["/api/v1/articles/", "/api/v1/sections/", "/api/v1/entities/"]
)
def test_what_is_no_cursor_at_all_is_refused_by_the_schema(openapi, path):
    cursor = parameter_schema(openapi, path, "cursor")

    assert [cursor.is_valid(value) for value in NOT_CURSORS] == [False] * 5
    for value in NOT_CURSORS:
        assert APIClient().get(path, {"cursor": value}).status_code == 400


def test_the_limits_of_the_filters_are_in_the_schema(openapi, db):
    factories.make_article(slug="nota")
    q = parameter_schema(openapi, "/api/v1/articles/", "q")
    entity = parameter_schema(openapi, "/api/v1/articles/", "entity")
    client = APIClient()

    assert q.is_valid("a" * 200) is True
    assert client.get("/api/v1/articles/", {"q": "a" * 200}).status_code == 200
    assert q.is_valid("a" * 201) is False
    assert client.get("/api/v1/articles/", {"q": "a" * 201}).status_code == 400
    six = [f"e{number}" for number in range(6)]
    assert entity.is_valid(six) is False
    assert client.get("/api/v1/articles/", {"entity": six}).status_code == 400
