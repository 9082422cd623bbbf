"""The read API keeps the contract it publishes (issue 17): schemathesis, an independent OpenAPI
test tool, generates requests from /api/openapi.json (valid and invalid parameters, undeclared
methods, missing or wrong tokens) and runs all its checks on the answers: no 5xx, only documented
status codes, content types, headers and bodies, valid data accepted, invalid data refused.

A fixed seed, derandomized generation and a bounded number of examples per operation keep the
run deterministic and short. The app is called in-process through its WSGI handler, on the
test database of this run (SQLite or PostgreSQL). The schema is loaded from the app itself when
the module is collected (it needs no database); the register and the token come from fixtures."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from audit.models import AuditEvent
from exchange import location_numbers
from exchange.auth import token_issue
from hierarchy import services
from hierarchy.models import Unit, UnitVersion
from sor_admin.wsgi import application

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20260302,
        "generation": {"mode": "all", "max-examples": 20, "deterministic": True, "database": "none"},
        "checks": {"enabled": True},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=CONFIG)


def _written() -> tuple:
    return (
        Unit.objects.count(),
        UnitVersion.objects.count(),
        AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first(),
    )


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection after each request, which would end the
    test's transaction on PostgreSQL; Django's own test client switches this off in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(tree, keep_test_connection):
    location_numbers.location_number_create(
        actor=None,
        unit=tree.tand,
        gln="5790000123117",
        message_types=services.message_types_by_code("XDIS19"),
        reason="Testændring",
    )
    return token_issue(actor=None, name="schemathesis")[1]


@schema.parametrize()
# The register and the token are shared by the examples of an operation: every request only reads.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_the_api_keeps_its_published_contract(case, token):
    before = _written()
    case.call_and_validate(headers={"Authorization": f"Token {token}"})
    assert _written() == before, "a read wrote to the register"
