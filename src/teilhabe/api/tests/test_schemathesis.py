"""The OpenAPI document validates, and schemathesis – generating requests from it, valid and
invalid – finds no server error and no response that contradicts the document. Bounded: a few
examples per operation, so that it runs in the test command in well under a minute."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from teilhabe.accounts import tokens

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.django_db
def test_the_openapi_document_validates(client):
    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    assert document["openapi"].startswith("3.")
    assert len(document["paths"]) >= 25


@pytest.fixture
def in_process():
    """Requests go straight to the WSGI app in this thread; keep the test's database
    connection open across them, as Django's own test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(personas, django_settings_rate, in_process):
    """A coordinator's token, so that generated requests reach the code behind the checks."""
    return tokens.create(personas["alice"], "schemathesis")[1]


@pytest.fixture
def django_settings_rate(settings):
    settings.TEILHABE_API_RATE_PER_MINUTE = 100_000


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_document(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
