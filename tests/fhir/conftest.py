"""Every FHIR answer the tests get is parsed by a FHIR R4 (4.0.1) model library (fhirclient's
models, strict: an unknown element, a wrong type or a missing required element is an error) and
the profiles' key invariants are evaluated with FHIRPath (fhirpathpy)."""

import json

import fhirpathpy
import pytest
from fhirclient.models.fhirelementfactory import FHIRElementFactory

from exchange.auth import token_issue
from hierarchy.models import Municipality

SOR = "urn:oid:1.2.208.176.1.1"
GLN = "https://www.gs1.org/gln"
HIERARCHY = "http://medcomehmi.dk/ig/terminology/CodeSystem/eer-sor-organization-type"

# (resourceType, FHIRPath that must be true, what it says)
INVARIANTS = [
    ("Organization", f"identifier.where(system='{SOR}').count() = 1", "one SOR identifier"),
    (
        "Organization",
        f"identifier.where(system='{SOR}').value.matches('^[0-9]{{11,}}$')",
        "SOR-ID of 11+ digits",
    ),
    ("Organization", f"identifier.where(system='{SOR}').use = 'official'", "SOR identifier is official"),
    ("Organization", f"type.coding.where(system='{HIERARCHY}').count() = 1", "one SOR hierarchy type"),
    ("Organization", "type.coding.where(system='http://snomed.info/sct').count() = 1", "one enhedstype"),
    ("Organization", "active.exists() and name.exists()", "active and name"),
    (
        "Organization",
        f"partOf.exists() implies (partOf.reference.startsWith('Organization/') and partOf.identifier.system = '{SOR}')",
        "partOf points to a SOR organization",
    ),
    ("Organization", "endpoint.all(reference.startsWith('Endpoint/'))", "endpoints are Endpoint references"),
    ("Endpoint", f"identifier.where(system='{GLN}').count() = 1", "exactly one GLN"),
    ("Endpoint", f"identifier.where(system='{GLN}').value.matches('^[0-9]{{13}}$')", "GLN of 13 digits"),
    ("Endpoint", "payloadType.count() >= 1", "at least one payloadType"),
    ("Endpoint", "managingOrganization.reference.startsWith('Organization/')", "managed by an Organization"),
    ("Endpoint", "status = 'active' or status = 'off'", "status active or off"),
    (
        "OperationOutcome",
        "issue.diagnostics.exists() and issue.severity = 'error'",
        "an error with a diagnostic",
    ),
]


def parse(resource: dict) -> None:
    """The model library's strict parse (FHIRValidationError for anything R4 does not allow);
    its JSON again must be the resource, so nothing was dropped or changed on the way."""
    parsed = FHIRElementFactory.instantiate(resource["resourceType"], resource)  # strict by default
    assert parsed.as_json() == resource


def conforms(resource: dict) -> None:
    """Parse with the model library, then check every invariant on it and on what it contains."""
    parse(resource)
    found = [resource] + [e["resource"] for e in resource.get("entry", []) if "resource" in e]
    for item in found:
        for kind, expression, meaning in INVARIANTS:
            if item["resourceType"] == kind:
                assert fhirpathpy.evaluate(item, expression) == [True], (meaning, item)


class FhirClient:
    def __init__(self, client, token):
        self.client = client
        self.token = token

    def get(self, path: str, params=None, *, token=None, scheme="Bearer", status=200):
        token = self.token if token is None else token
        headers = {"Authorization": f"{scheme} {token}"} if token else {}
        url = path if path.startswith("/") else f"/fhir/{path}"
        response = self.client.get(url, params or {}, headers=headers)
        assert response.status_code == status, response.content.decode()
        assert response["Content-Type"].startswith("application/fhir+json")
        data = json.loads(response.content)
        conforms(data)
        if status >= 400:
            assert data["resourceType"] == "OperationOutcome"
        return data


@pytest.fixture
def token(db):
    return token_issue(actor=None, name="EER test")[1]


@pytest.fixture
def fhir(client, token):
    return FhirClient(client, token)


@pytest.fixture
def allerod_fhir(client, kommune):
    raw = token_issue(actor=None, name="Allerød EOJ", municipalities=[Municipality.objects.get(code="0201")])[
        1
    ]
    return FhirClient(client, raw)


def ids(bundle: dict, mode: str = "match") -> list[str]:
    return [
        e["resource"]["id"] for e in bundle.get("entry", []) if e.get("search", {}).get("mode", mode) == mode
    ]
