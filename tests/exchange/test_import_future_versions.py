"""An import compares a unit with the version in force on the file's date, as the service does:
a file that states what is already scheduled for that date changes nothing and is not refused
(item 3's "Ingen ændringer at gemme" is for people, not a reason to refuse a whole file)."""

import dataclasses
from datetime import timedelta

from audit.context import audit_context
from audit.models import AuditEvent
from hierarchy import services
from hierarchy.models import Unit, UnitVersion
from tests.exchange.helpers import run_import, sample

IE_SOR_ID = "306011000016003"
OLD_NAME = "Værløse Apotek"
NEW_NAME = "Værløse Apotek Nord"


def _file_with_ie(name: str, from_date: str) -> bytes:
    text = sample("apotek").decode("utf-8-sig")
    head, rest = text.split("</InstitutionOwner>", 1)
    start = head.index("<InstitutionOwner>")
    owner = head[start:]
    owner = owner.replace(f"<EntityName>{OLD_NAME}</EntityName>", f"<EntityName>{name}</EntityName>", 1)
    # The IE's own SorStatus is the last one before </InstitutionOwner>.
    before, status = owner.rsplit("<SorStatus>", 1)
    status = status.replace("<FromDate>1995-02-20</FromDate>", f"<FromDate>{from_date}</FromDate>", 1)
    return (head[:start] + before + "<SorStatus>" + status + "</InstitutionOwner>" + rest).encode()


def test_a_file_that_states_an_already_scheduled_change_writes_nothing_and_is_accepted(db, today):
    run_import(sample("apotek"))
    ie = Unit.objects.get(sor_id=IE_SOR_ID)
    day = today + timedelta(days=10)
    with audit_context(source="test"):
        services.unit_update(
            actor=None,
            unit=ie,
            data=dataclasses.replace(services.UnitData.from_unit(ie), name=NEW_NAME),
            effective_date=day,
            reason="Planlagt navneskift",
        )
    versions = UnitVersion.objects.filter(unit=ie).count()
    events = AuditEvent.objects.count()

    result = run_import(_file_with_ie(NEW_NAME, day.isoformat()))

    assert not getattr(result, "errors", None)
    assert UnitVersion.objects.filter(unit=ie).count() == versions
    ie.refresh_from_db()
    assert ie.name == OLD_NAME  # today's projection: the rename is still to come
    assert not AuditEvent.objects.filter(seq__gt=events, action="hierarchy.unit.update").exists()


def test_a_file_with_a_real_change_on_that_date_is_still_imported(db, today):
    run_import(sample("apotek"))
    ie = Unit.objects.get(sor_id=IE_SOR_ID)
    day = today + timedelta(days=10)
    run_import(_file_with_ie(NEW_NAME, day.isoformat()))
    version = UnitVersion.objects.filter(unit=ie).order_by("valid_from").last()
    assert (version.valid_from, version.name) == (day, NEW_NAME)
