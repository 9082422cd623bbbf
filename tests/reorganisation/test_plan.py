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
