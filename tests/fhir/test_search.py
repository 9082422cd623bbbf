"""Organization and Endpoint search (IHE mCSD ITI-90): every parameter, total, keyset paging,
_include and _revinclude."""

from datetime import date
from urllib.parse import urlsplit

import pytest

from exchange import location_numbers
from hierarchy import services
from hierarchy.models import EdiMessageType

from .conftest import SOR, ids

GLN_A = "5790000123117"
GLN_B = "5790000123124"


@pytest.fixture
def numbers(tree):
    types = list(EdiMessageType.objects.filter(code="XDIS15"))
    a = location_numbers.location_number_create(
        actor=None, unit=tree.tand, gln=GLN_A, message_types=types, reason="Testændring"
    )
    b = location_numbers.location_number_create(
        actor=None, unit=tree.pleje, gln=GLN_B, message_types=types, reason="Testændring"
    )
    return a, b


def test_id_and_identifier(fhir, tree):
    assert ids(fhir.get("Organization", {"_id": f"{tree.si.sor_id},{tree.tand.sor_id}"})) == [
        tree.si.sor_id,
        tree.tand.sor_id,
    ]
    assert ids(fhir.get("Organization", {"identifier": f"{SOR}|{tree.tand.sor_id}"})) == [tree.tand.sor_id]
    assert ids(fhir.get("Organization", {"identifier": tree.tand.sor_id})) == [tree.tand.sor_id]
    assert ids(fhir.get("Organization", {"identifier": f"urn:oid:1.3.88|{tree.tand.sor_id}"})) == []
    kommunekode = "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes|0201"
    assert ids(fhir.get("Organization", {"identifier": kommunekode})) == [tree.ie.sor_id]


def test_name_starts_with_and_contains(fhir, tree):
    found = fhir.get("Organization", {"name": "tandplejen"})
    assert sorted(ids(found)) == sorted([tree.blovstrod.sor_id, tree.lillerod.sor_id])
    assert found["total"] == 2
    assert ids(fhir.get("Organization", {"name": "Skole"})) == []
    assert sorted(ids(fhir.get("Organization", {"name:contains": "skole"}))) == sorted(
        [tree.blovstrod.sor_id, tree.lillerod.sor_id, tree.skole.sor_id]
    )
    assert ids(fhir.get("Organization", {"name": "ALLERØD KOMMUNES"})) == [tree.tand.sor_id]


def test_partof_type_active(fhir, tree, today):
    assert sorted(ids(fhir.get("Organization", {"partof": f"Organization/{tree.tand.sor_id}"}))) == sorted(
        [tree.blovstrod.sor_id, tree.lillerod.sor_id]
    )
    assert ids(fhir.get("Organization", {"partof": tree.pleje.sor_id})) == [tree.skole.sor_id]
    hierarchy = "http://medcomehmi.dk/ig/terminology/CodeSystem/eer-sor-organization-type"
    assert ids(fhir.get("Organization", {"type": f"{hierarchy}|SI"})) == [tree.si.sor_id]
    assert ids(fhir.get("Organization", {"type": "IE"})) == [tree.ie.sor_id]
    assert ids(fhir.get("Organization", {"type": "http://snomed.info/sct|554041000005106"})) == [
        tree.si.sor_id
    ]
    services.unit_close(actor=None, unit=tree.skole, closing_date=date(2026, 3, 1), reason="Lukket")
    assert ids(fhir.get("Organization", {"active": "false"})) == [tree.skole.sor_id]
    assert tree.skole.sor_id not in ids(fhir.get("Organization", {"active": "true"}))


def test_last_updated(fhir, tree, today):
    assert fhir.get("Organization", {"_lastUpdated": "ge2026-03-02"})["total"] == 7
    assert fhir.get("Organization", {"_lastUpdated": "lt2026-03-02"})["total"] == 0
    assert fhir.get("Organization", {"_lastUpdated": ["ge2026-03-01", "le2026-03-02"]})["total"] == 7
    assert fhir.get("Organization", {"_lastUpdated": "gt2026-03-02"})["total"] == 0


def test_keyset_paging(fhir, tree):
    seen, url, params = [], "Organization", {"_count": "3"}
    while True:
        page = fhir.get(url, params)
        assert page["total"] == 7
        seen += ids(page)
        nexts = [link["url"] for link in page["link"] if link["relation"] == "next"]
        if not nexts:
            break
        parts = urlsplit(nexts[0])
        assert "_cursor=" in parts.query and "offset" not in parts.query
        url, params = f"{parts.path}?{parts.query}", {}
    assert len(seen) == 7 == len(set(seen))


def test_include_endpoint_and_revinclude_partof(fhir, tree, numbers):
    found = fhir.get("Organization", {"_id": tree.tand.sor_id, "_include": "Organization:endpoint"})
    assert ids(found, "include") == [GLN_A]
    found = fhir.get("Organization", {"_id": tree.tand.sor_id, "_revinclude": "Organization:partof"})
    assert ids(found) == [tree.tand.sor_id]
    assert sorted(ids(found, "include")) == sorted([tree.blovstrod.sor_id, tree.lillerod.sor_id])


def test_endpoint_search(fhir, tree, numbers, today):
    assert ids(fhir.get("Endpoint")) == [GLN_A, GLN_B]
    assert ids(fhir.get("Endpoint", {"identifier": f"https://www.gs1.org/gln|{GLN_B}"})) == [GLN_B]
    assert ids(fhir.get("Endpoint", {"identifier": f"urn:oid:1.3.88|{GLN_B}"})) == [GLN_B]
    assert ids(fhir.get("Endpoint", {"organization": f"Organization/{tree.tand.sor_id}"})) == [GLN_A]
    location_numbers.location_number_close(
        actor=None, location_number=numbers[0], closing_date=date(2026, 3, 1), reason="Lukket"
    )
    assert ids(fhir.get("Endpoint", {"status": "off"})) == [GLN_A]
    assert ids(fhir.get("Endpoint", {"status": "active"})) == [GLN_B]
    page = fhir.get("Endpoint", {"_count": "1"})
    assert page["total"] == 2 and ids(page) == [GLN_A]
    nxt = next(link["url"] for link in page["link"] if link["relation"] == "next")
    parts = urlsplit(nxt)
    assert ids(fhir.get(f"{parts.path}?{parts.query}")) == [GLN_B]
