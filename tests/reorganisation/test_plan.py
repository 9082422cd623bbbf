"""The plan file's shape: every problem named in Danish before the register is read."""

import json

import pytest
from django.core.exceptions import ValidationError

from reorganisation.plan import read_plan

from .conftest import PLAN_FILE, plan_text


def problems(text):
    with pytest.raises(ValidationError) as exc:
        read_plan(text)
    return exc.value.messages


def test_the_shipped_plan_reads():
    plan = read_plan(PLAN_FILE.read_text(encoding="utf-8"))
    assert plan.name == "Region Østdanmark" and plan.effective_date.isoformat() == "2027-01-01"
    assert [op["op"] for op in plan.operations][:3] == ["create", "move", "move"]


def test_shape_problems_are_listed_together():
    assert problems("{nej")[0].startswith("Planen er ikke gyldig JSON")
    assert problems("[]") == [
        "Planen skal være et JSON-objekt med name, case_number, reason, effective_date og operations."
    ]
    plan = json.loads(plan_text())
    plan["effective_date"] = "2027-13-01"
    plan["operations"] += [
        {"op": "merge"},
        {"op": "move", "unit": {"sor_id": "1"}, "units": [], "to": {"ref": "ukendt"}},
        {"op": "close", "unit": {"name": "X"}, "last_day": "i morgen"},
        {"op": "create", "ref": "oestdanmark", "kind": "XX", "name": "Y", "unit_type": "1"},
    ]
    found = problems(json.dumps(plan))
    assert "Planen: «2027-13-01» er ikke en dato. Skriv dd-mm-åååå, f.eks. 01-01-2027." in found
    assert any("Operation 10: ukendt operation «merge»" in m for m in found)
    assert any(m.startswith("Operation 11 (flyt): angiv «unit»") for m in found)
    assert "Operation 11 (flyt): ref «ukendt» er ikke oprettet tidligere i planen." in found
    assert any(m.startswith("Operation 12 (luk): «unit» skal udpege en enhed") for m in found)
    assert "Operation 12 (luk): «i morgen» er ikke en dato. Skriv dd-mm-åååå, f.eks. 01-01-2027." in found
    assert "Operation 13 (opret): ref «oestdanmark» er brugt før i planen." in found
    assert "Operation 13 (opret): «kind» skal være IE, SI eller OE." in found


def test_a_creates_contact_fields_and_address_must_have_their_shape():
    """A create's phone, e-mail, website and own SOR-kode are texts and its postal address an
    object of texts: each wrong one named in Danish, not a server error at the preview."""
    plan = json.loads(plan_text())
    base = {"op": "create", "kind": "OE", "name": "Ny", "unit_type": "1", "parent": {"ref": "oestdanmark"}}
    plan["operations"] += [
        {**base, "phone": 123, "email": ["x"], "website": {}, "sor_id": 42},
        {**base, "postal_address": "Vej 1"},
        {
            **base,
            "postal_address": {"postal_code": 2100, "street_name": "Vej", "confirm_unknown_street": "ja"},
        },
        {**base, "postal_address": {"postal_code": "2100", "street_name": "Vej", "land": "DK"}},
    ]
    found = problems(json.dumps(plan))
    for key in ("phone", "email", "website", "sor_id"):
        assert f"Operation 10 (opret): «{key}» skal være en tekst." in found
    assert (
        "Operation 11 (opret): «postal_address» skal være et objekt med postal_code, street_name, house_number, floor og door."
        in found
    )
    assert "Operation 12 (opret): «postal_address.postal_code» skal være en tekst." in found
    assert (
        "Operation 12 (opret): «postal_address.confirm_unknown_street» skal være true eller false." in found
    )
    assert "Operation 13 (opret): ukendt felt «postal_address.land»." in found


def test_a_create_with_well_shaped_contact_fields_and_address_reads():
    plan = json.loads(plan_text())
    plan["operations"].append(
        {
            "op": "create",
            "kind": "OE",
            "name": "Ny",
            "unit_type": "1",
            "parent": {"ref": "oestdanmark"},
            "phone": "44 44 44 44",
            "email": "post@example.dk",
            "website": "",
            "postal_address": {
                "postal_code": "2100",
                "street_name": "Vej",
                "house_number": "1",
                "confirm_unknown_street": True,
            },
        }
    )
    assert read_plan(json.dumps(plan)).operations[-1]["phone"] == "44 44 44 44"
