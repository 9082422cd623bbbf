"""Organization and Endpoint read, the OperationOutcomes, authentication and metadata."""

import dataclasses
from datetime import date

import pytest

from exchange import location_numbers
from hierarchy import services
from hierarchy.models import EdiMessageType

GLN_A = "5790000123117"


@pytest.fixture
def number(tree):
    types = list(EdiMessageType.objects.filter(code__in=["XDIS15", "BIN02"]))
    return location_numbers.location_number_create(
        actor=None, unit=tree.tand, gln=GLN_A, message_types=types, reason="Testændring"
    )


def test_organization_read(fhir, tree, number):
    org = fhir.get(f"Organization/{tree.tand.sor_id}")
    assert org["id"] == tree.tand.sor_id
    assert org["name"] == "Allerød Kommunes Tandpleje"
    assert org["active"] is True
    assert org["partOf"]["reference"] == f"Organization/{tree.si.sor_id}"
    assert org["endpoint"] == [{"reference": f"Endpoint/{GLN_A}"}]
    assert {c["code"] for t in org["type"] for c in t["coding"]} == {"OE", "550691000005104"}
    assert org["address"][0]["postalCode"] == "3450"


def test_ie_has_kommunekode(fhir, tree):
    org = fhir.get(f"Organization/{tree.ie.sor_id}")
    assert {
        "use": "official",
        "system": "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes",
        "value": "0201",
    } in org["identifier"]
    assert "partOf" not in org


def test_closed_unit_is_inactive(fhir, tree, today):
    services.unit_close(actor=None, unit=tree.skole, closing_date=date(2026, 3, 1), reason="Lukket")
    org = fhir.get(f"Organization/{tree.skole.sor_id}")
    assert org["active"] is False
    assert org["name"] == "Blovstrød Skole"


def test_read_as_of_a_date(fhir, tree, today):
    """_at reads the versions: a planned name from its first day, the old one before, and a unit
    before its first day is not active."""
    data = dataclasses.replace(services.UnitData.from_unit(tree.skole), name="Ny Skole")
    services.unit_update(
        actor=None, unit=tree.skole, data=data, effective_date=date(2026, 6, 1), reason="Navn"
    )
    url = f"Organization/{tree.skole.sor_id}"
    assert fhir.get(url)["name"] == "Blovstrød Skole"
    assert fhir.get(url, {"_at": "2026-06-01"})["name"] == "Ny Skole"
    assert fhir.get(url, {"_at": "2026-05-31"})["name"] == "Blovstrød Skole"
    assert fhir.get(url, {"_at": "2014-01-01"})["active"] is False
    assert fhir.get(url, {"_at": "2027-02-29"}, status=400)["issue"][0]["diagnostics"].startswith("_at skal")


def test_endpoint_read(fhir, tree, number):
    endpoint = fhir.get(f"Endpoint/{GLN_A}")
    assert endpoint["status"] == "active"
    assert endpoint["managingOrganization"]["reference"] == f"Organization/{tree.tand.sor_id}"
    codes = [p["coding"][0]["code"] for p in endpoint["payloadType"]]
    assert "urn:dk:healthcare:medcom:messaging:oioxml:schema:xsd:meddis:xdis15:xd1530l" in codes
    assert endpoint["period"]["start"] == "2026-03-02"


def test_closed_endpoint_is_off(fhir, tree, number, today):
    location_numbers.location_number_close(
        actor=None, location_number=number, closing_date=date(2026, 3, 1), reason="Lukket"
    )
    endpoint = fhir.get(f"Endpoint/{GLN_A}")
    assert endpoint["status"] == "off"
    assert endpoint["period"]["end"] == "2026-03-01"
    assert "endpoint" not in fhir.get(f"Organization/{tree.tand.sor_id}")


@pytest.mark.parametrize(
    "path",
    [
        "Organization/999999999999",
        "Organization/abc",
        "Endpoint/5790000000000",
        "Endpoint/x",
        "Patient/1",
        "Organization/1/2",
    ],
)
def test_not_found_is_operation_outcome(fhir, tree, path):
    data = fhir.get(path, status=404)
    assert data["issue"][0]["code"] == "not-found"


def test_no_token_and_bad_token(fhir, tree):
    data = fhir.get(f"Organization/{tree.ie.sor_id}", token="", status=401)
    assert "Authorization: Bearer" in data["issue"][0]["diagnostics"]
    fhir.get(f"Organization/{tree.ie.sor_id}", token="forkert", status=401)
    fhir.get(f"Organization/{tree.ie.sor_id}", scheme="Token")


def test_write_methods_are_405(client, token, tree):
    response = client.post("/fhir/Organization", {}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_out_of_scope_is_403(allerod_fhir, tree, other_kommune):
    allerod_fhir.get(f"Organization/{tree.ie.sor_id}")
    data = allerod_fhir.get(f"Organization/{other_kommune.sor_id}", status=403)
    assert "uden for" in data["issue"][0]["diagnostics"]


def test_metadata(fhir, db):
    statement = fhir.get("metadata", token="")
    resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
    assert set(resources) == {"Organization", "Endpoint"}
    assert resources["Organization"]["searchInclude"] == ["Organization:endpoint"]


def test_developer_page_is_linked_from_the_footer(client, db):
    page = client.get("/udviklere/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "/fhir/metadata" in text and "/api/openapi.json" in text
    assert 'href="/udviklere/"' in client.get("/tilgaengelighed/").content.decode()
