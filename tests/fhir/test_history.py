"""History (IHE mCSD ITI-91): every change at the moment it takes effect, paged by keyset, and
the sync test: an NDJSON export plus the _history pages since equals a fresh export."""

import dataclasses
import io
import json
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from exchange import location_numbers
from hierarchy import services
from hierarchy.models import EdiMessageType
from tests import factories

CPH = ZoneInfo("Europe/Copenhagen")
GLN_A = "5790000123117"


@pytest.fixture(autouse=True)
def _no_lag(settings):
    settings.FHIR_HISTORY_LAG_SECONDS = 0


def pages(fhir, path, params):
    """Every entry of every page, following the next links."""
    entries, url = [], path
    while True:
        page = fhir.get(url, params)
        entries += page.get("entry", [])
        nexts = [link["url"] for link in page["link"] if link["relation"] == "next"]
        if not nexts:
            return entries, page
        parts = urlsplit(nexts[0])
        url, params = f"{parts.path}?{parts.query}", {}


def rename(unit, name, day):
    data = dataclasses.replace(services.UnitData.from_unit(unit), name=name)
    return services.unit_update(actor=None, unit=unit, data=data, effective_date=day, reason="Navn")


def test_instance_history_and_future_change(fhir, tree, today):
    start = datetime(2026, 3, 2, 12, 0, 0, 1, tzinfo=CPH).isoformat()  # after the fixture's writes
    rename(tree.skole, "Ny Skole", date(2026, 3, 10))
    entries, _ = pages(fhir, f"Organization/{tree.skole.sor_id}/_history", {"_since": start})
    assert entries == []  # dated the 10th: not in the history before it takes effect
    with time_machine.travel(datetime(2026, 3, 10, 0, 0, 1, tzinfo=CPH), tick=False):
        entries, _ = pages(fhir, f"Organization/{tree.skole.sor_id}/_history", {"_since": start})
    assert [e["resource"]["name"] for e in entries] == ["Ny Skole"]
    assert entries[0]["response"]["lastModified"] == "2026-03-09T23:00:00.000000Z"  # midnight in Denmark
    all_entries, _ = pages(fhir, f"Organization/{tree.skole.sor_id}/_history", {})
    assert all_entries[0]["request"]["method"] == "POST"
    with time_machine.travel(datetime(2026, 3, 2, 12, 30, tzinfo=CPH), tick=False):
        location_numbers.location_number_create(actor=None, unit=tree.skole, gln=GLN_A, reason="Testændring")
        entries, _ = pages(fhir, f"Organization/{tree.skole.sor_id}/_history", {"_since": start})
        other, _ = pages(fhir, f"Organization/{tree.tand.sor_id}/_history", {"_since": start})
    assert entries[-1]["resource"]["endpoint"] == [{"reference": f"Endpoint/{GLN_A}"}]
    assert other == []  # a lokationsnummer on another unit is not in this unit's history


def test_type_history_pages_and_resume(fhir, tree, today):
    entries, last = pages(fhir, "Organization/_history", {"_count": "2"})
    assert len(entries) == 7 and len({e["resource"]["id"] for e in entries}) == 7
    since = last["meta"]["lastUpdated"]
    with time_machine.travel(datetime(2026, 3, 2, 13, 0, tzinfo=CPH), tick=False):
        rename(tree.tand, "Tandplejen", date(2026, 3, 2))
        entries, _ = pages(fhir, "Organization/_history", {"_since": since})
    # _since is inclusive (FHIR): what happened at the very instant of the last answer comes again
    assert entries[-1]["resource"]["name"] == "Tandplejen"
    assert {e["response"]["lastModified"] for e in entries[:-1]} == {since}


def test_endpoint_history(fhir, tree, today):
    types = list(EdiMessageType.objects.filter(code="XDIS15"))
    number = location_numbers.location_number_create(
        actor=None, unit=tree.tand, gln=GLN_A, message_types=types, reason="Testændring"
    )
    location_numbers.location_number_close(
        actor=None, location_number=number, closing_date=date(2026, 3, 4), reason="Lukket"
    )
    entries, _ = pages(fhir, "Endpoint/_history", {})
    assert [e["resource"]["status"] for e in entries] == ["active"]
    with time_machine.travel(datetime(2026, 3, 5, 9, 0, tzinfo=CPH), tick=False):
        entries, _ = pages(fhir, "Endpoint/_history", {"_since": "2026-03-03"})
        assert [e["resource"]["status"] for e in entries] == ["off"]
        assert entries[0]["response"]["lastModified"] == "2026-03-04T23:00:00.000000Z"
        org_entries, _ = pages(fhir, "Organization/_history", {"_since": "2026-03-03"})
        assert [e["resource"]["id"] for e in org_entries] == [tree.tand.sor_id]
        assert "endpoint" not in org_entries[0]["resource"]


def _export(tmp_path, name) -> dict:
    out = tmp_path / name
    call_command("export_fhir", str(out))
    found = {}
    for kind in ("Organization", "Endpoint"):
        for line in (out / f"{kind}.ndjson").read_text(encoding="utf-8").splitlines():
            resource = json.loads(line)
            found[(kind, resource["id"])] = resource
    return found


def _without_meta(copy: dict) -> dict:
    return {key: {k: v for k, v in r.items() if k != "meta"} for key, r in copy.items()}


def test_sync_export_plus_history_equals_fresh_export(fhir, tree, today, tmp_path):
    """A create, an edit, a future-dated move that takes effect (apply_due_changes --on), a
    close and a GLN move, applied from _history onto the export: the copy equals a new export."""
    copy = _export(tmp_path, "start")
    since = datetime(2026, 3, 2, 12, 0, tzinfo=CPH).isoformat()
    types = list(EdiMessageType.objects.filter(code="XDIS15"))
    number = location_numbers.location_number_create(
        actor=None, unit=tree.tand, gln=GLN_A, message_types=types, reason="Testændring"
    )
    new = factories.oe(tree.si, "Ny Enhed", valid_from=date(2026, 3, 2))
    rename(tree.pleje, "Sundhedsplejen", date(2026, 3, 2))
    services.unit_move(
        actor=None,
        unit=tree.lillerod,
        new_parent=tree.pleje,
        effective_date=date(2026, 3, 4),
        reason="Flyt",
        confirm_impact=True,
    )
    services.unit_close(actor=None, unit=tree.skole, closing_date=date(2026, 3, 3), reason="Lukket")
    location_numbers.location_number_move(actor=None, location_number=number, new_unit=new, reason="Flyt")
    with time_machine.travel(datetime(2026, 3, 5, 2, 0, tzinfo=CPH), tick=False):
        call_command("apply_due_changes", "--on", "2026-03-05", stdout=io.StringIO())
        for kind in ("Organization", "Endpoint"):
            entries, _ = pages(fhir, f"{kind}/_history", {"_since": since})
            for entry in entries:
                resource = entry["resource"]
                copy[(resource["resourceType"], resource["id"])] = resource
        fresh = _export(tmp_path, "fresh")
        assert fhir.get(f"Organization/{tree.lillerod.sor_id}")["partOf"]["reference"].endswith(
            tree.pleje.sor_id
        )
        assert fhir.get(f"Organization/{tree.skole.sor_id}")["active"] is False
    assert _without_meta(copy) == _without_meta(fresh)
    assert fresh[("Endpoint", GLN_A)]["managingOrganization"]["reference"] == f"Organization/{new.sor_id}"


def test_export_is_what_the_api_serves(fhir, tree, tmp_path):
    exported = _export(tmp_path, "api")
    for (kind, ident), resource in exported.items():
        assert fhir.get(f"{kind}/{ident}") == resource
