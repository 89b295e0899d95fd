"""The OpenAPI schema is true: schemathesis fuzzes the API in-process (WSGI)
against it with all its checks, for anonymous reads and for editors' writes.

Bounded to stay fast: a few examples per operation, no deadline, no shrinking,
a fixed seed so that a run is reproducible.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig

from newsroom.wsgi import application
from tests import api_fixtures
from tests.api_fixtures import EDITOR_PERMISSIONS, user_with

fresh_throttle = api_fixtures.fresh_throttle

CONFIG = SchemathesisConfig.from_str(
    """
seed = 20261128

[generation]
mode = "all"
max-examples = 15
no-shrink = true

[phases.stateful]
enabled = false

[checks]
enabled = true

# A request can be valid by the schema and still name something that does
# not exist (an entity slug in a filter, an author in a byline) or break a
# rule only the database knows (a slug already taken): those answer 400 by
# design; so does a cursor that no next link gave. Only where that can happen
# is 400 accepted for schema-valid data.
[[operations]]
include-operation-id = [
    "v1_articles_list",
    "v1_sections_list",
    "v1_authors_list",
    "v1_entities_list",
    "v1_articles_create",
    "v1_articles_update",
    "v1_articles_partial_update",
    "v1_entities_create",
    "v1_entities_update",
    "v1_entities_partial_update",
    "v1_updates_create",
    "v1_updates_update",
    "v1_updates_partial_update",
]
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "400", "401", "403", "404", "412", "429",
]
"""
)


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


@pytest.fixture
def seeded(db):
    call_command("load_demo", verbosity=0)


@schema.include(method="GET").parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_anonymous_reads_conform_to_the_schema(case, seeded):
    case.call_and_validate()


@pytest.fixture
def editor_token(db):
    return Token.objects.create(user=user_with("fuzz-editora", *EDITOR_PERMISSIONS))


@schema.exclude(method="GET").parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_editor_writes_conform_to_the_schema(case, seeded, editor_token):
    case.call_and_validate(headers={"Authorization": f"Token {editor_token.key}"})
