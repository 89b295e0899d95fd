"""The OpenAPI schema is true: schemathesis fuzzes the API in-process (WSGI)
against it with all its checks, for anonymous reads and for editors' writes.

Bounded to stay fast: a few examples per operation, no deadline, no shrinking,
a fixed seed so that a run is reproducible.
"""

from pathlib import Path
from unittest.mock import patch

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.views import SpectacularAPIView
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig

from newsroom.wsgi import application
from tests.factories import EDITOR_PERMISSIONS, user_with

ROOT = Path(__file__).resolve().parent.parent

# The same settings as `.ci/schemathesis` (a real server) uses.
CONFIG = SchemathesisConfig.from_path(ROOT / "schemathesis.toml")


# Read at collection, before there is a database to count the throttle in.
with patch.object(SpectacularAPIView, "throttle_classes", []):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calling the WSGI app directly fires request_started/finished, whose
    close_old_connections would close the test's transaction on PostgreSQL;
    Django's own test client detaches it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.include(method="GET").parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_anonymous_reads_conform_to_the_schema(case, seed_story):
    case.call_and_validate()


@pytest.fixture
def editor_token(db):
    return Token.objects.create(user=user_with("fuzz-editora", *EDITOR_PERMISSIONS))


@schema.exclude(method="GET").parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_editor_writes_conform_to_the_schema(case, seed_story, editor_token):
    case.call_and_validate(headers={"Authorization": f"Token {editor_token.key}"})


@pytest.fixture
def openapi(db, client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def operations(openapi):
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_documents_the_errors_it_can_answer(openapi):
    codes = {name: set(op["responses"]) for name, op in operations(openapi)}

    assert codes["GET /api/v1/articles/"] == {
        "200",
        "400",
        "401",
        "406",
        "414",
        "429",
    }
    assert codes["GET /api/v1/articles/{slug}/"] == {
        "200",
        "304",
        "400",
        "401",
        "404",
        "406",
        "414",
        "429",
    }
    for name in ("PUT /api/v1/articles/{slug}/", "PATCH /api/v1/articles/{slug}/"):
        assert codes[name] == {
            "200",
            "400",
            "401",
            "403",
            "404",
            "406",
            "412",
            "415",
        }
    # No credentials to send there: it is where they are traded for a token.
    assert codes.pop("POST /api/v1/auth/token/") == {"200", "400", "415", "429"}
    for name, responses in codes.items():
        if name.startswith("GET"):
            assert {"400", "401", "406", "414", "429"} <= responses, name
        else:
            assert {"400", "401", "403", "415"} <= responses, name


def test_every_parameter_and_field_is_described(openapi):
    undescribed = [
        name
        for name, operation in operations(openapi)
        if not (operation.get("summary") and operation.get("description"))
    ]
    undescribed += [
        f"{name} {parameter['name']}"
        for name, operation in operations(openapi)
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    undescribed += [
        f"{component}.{field}"
        for component, schema in openapi["components"]["schemas"].items()
        for field, definition in schema.get("properties", {}).items()
        if not definition.get("description")
    ]

    assert undescribed == []


def test_article_filters_are_in_the_schema(openapi):
    parameters = {
        parameter["name"]: parameter
        for parameter in openapi["paths"]["/api/v1/articles/"]["get"]["parameters"]
    }

    assert sorted(parameters) == [
        "author",
        "cursor",
        "entity",
        "entity_kind",
        "language",
        "ordering",
        "page_size",
        "published_after",
        "published_before",
        "q",
        "section",
        "status",
        "updated_since",
    ]
    assert parameters["entity"]["schema"]["type"] == "array"
    assert parameters["page_size"]["schema"]["maximum"] == 100
    assert "modified_at" in parameters["updated_since"]["description"]


def test_errors_and_writes_carry_examples(openapi):
    create = openapi["paths"]["/api/v1/articles/"]["post"]
    bad_request = create["responses"]["400"]["content"]["application/json"]

    assert "examples" in create["requestBody"]["content"]["application/json"]
    assert "unknown entity" in {
        example["summary"] for example in bad_request["examples"].values()
    }


def test_ninjs_is_documented_as_a_second_media_type(openapi):
    detail = openapi["paths"]["/api/v1/articles/{slug}/"]["get"]

    assert sorted(detail["responses"]["200"]["content"]) == [
        "application/json",
        "application/vnd.iptc.ninjs+json",
    ]


def test_swagger_ui_is_served_from_our_own_static_files(db, client):
    response = client.get("/api/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in (
        html
    )
    assert "cdn" not in html.lower()
    assert 'src="http' not in html


def test_etag_and_retry_after_headers_are_documented(openapi):
    detail = openapi["paths"]["/api/v1/articles/{slug}/"]["get"]["responses"]

    assert detail["200"]["headers"]["ETag"]["required"] is True
    assert detail["304"]["headers"]["ETag"]["required"] is True
    assert "Retry-After" in detail["429"]["headers"]
