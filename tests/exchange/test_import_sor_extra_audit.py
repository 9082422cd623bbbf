"""What the register does not model but keeps from SOR (SorExtra, LocationNumberExtra) is
audited like every other change: an import that changes such a value records an event with the
value before and after; an import that changes none records none."""

import re

import pytest
from django.urls import reverse

from audit import registry
from audit import services as audit_services
from audit.models import AuditEvent
from exchange.models import LocationNumberExtra, SorExtra

from .helpers import run_import, sample

APOTEK_IE = "306011000016003"
GLN = "5790000173624"


def events(action: str):
    return AuditEvent.objects.filter(action=action).order_by("seq")


def test_first_import_records_the_sor_values_it_stores(db):
    run_import(sample("apotek"))
    created = events("exchange.sor_extra.create")
    assert created.count() == SorExtra.objects.count() > 0
    event = created.get(object_id=APOTEK_IE)
    assert event.object_type == "exchange.sor_extra" and event.before is None
    assert event.after["fax"] == "42484748"
    assert event.after["first_from_date"] == "1995-02-20"  # dates as ISO strings, like every snapshot
    assert event.scope_id == APOTEK_IE


def test_reimport_of_the_same_file_records_no_sor_extra_event(db):
    run_import(sample("apotek"))
    before = AuditEvent.objects.count()
    run_import(sample("apotek"))
    assert (
        AuditEvent.objects.filter(action__startswith="exchange.sor_extra").count() == SorExtra.objects.count()
    )
    assert AuditEvent.objects.count() == before + 1  # only the import's own event


def test_an_import_that_changes_an_extra_value_records_it_before_and_after(db):
    run_import(sample("apotek"))
    run_import(sample("apotek").replace(b">42484748<", b">42484749<"), name="ny-fax.xml")
    event = events("exchange.sor_extra.update").get()
    assert (event.object_id, event.before, event.after) == (
        APOTEK_IE,
        {"fax": "42484748"},
        {"fax": "42484749"},
    )
    assert event.reason == "Test" and event.actor_id is None
    assert SorExtra.objects.get(unit__sor_id=APOTEK_IE).fax == "42484749"
    imports = events("exchange.sor_xml.import")
    assert imports.last().seq > event.seq  # written in the import, before its closing event


def test_a_change_of_a_gln_extra_value_is_audited_and_an_unchanged_one_is_not(db):
    run_import(sample("apotek"))  # creates the GLN, then stores its SOR values (one update)
    first = events("exchange.location_number.update").count()
    run_import(sample("apotek"))
    assert events("exchange.location_number.update").count() == first
    run_import(sample("apotek").replace(b">221000045007<", b">221000045008<"), name="ny-systemtype.xml")
    event = events("exchange.location_number.update").last()
    assert events("exchange.location_number.update").count() == first + 1
    assert event.object_id == GLN and event.after["changed_fields"] == ["system_type"]
    assert (event.before["system_type"], event.after["system_type"]) == ("221000045007", "221000045008")
    assert LocationNumberExtra.objects.get(location_number__gln=GLN).system_type == "221000045008"


def test_the_sor_extra_change_and_its_event_roll_back_with_the_import(db, monkeypatch):
    run_import(sample("apotek"))
    record = audit_services.record

    def failing_last_event(**fields):
        if fields["action"] == "exchange.sor_xml.import":
            raise RuntimeError("the import's own event fails")
        return record(**fields)

    monkeypatch.setattr(audit_services, "record", failing_last_event)
    with pytest.raises(RuntimeError):
        run_import(sample("apotek").replace(b">42484748<", b">42484749<"))
    assert not events("exchange.sor_extra.update").exists()
    assert SorExtra.objects.get(unit__sor_id=APOTEK_IE).fax == "42484748"


def test_the_sor_extra_codes_and_fields_have_danish_labels(db):
    assert registry.action_label("exchange.sor_extra.update") == "SOR-tillægsoplysninger ændret"
    assert registry.action_label("exchange.sor_extra.create") == "SOR-tillægsoplysninger gemt"
    assert registry.field_label("exchange.sor_extra", "fax") == "Fax"
    assert registry.field_label("exchange.sor_extra", "shak") == "SHAK-kode"
    assert registry.object_type_label("exchange.sor_extra") == "SOR-tillægsoplysninger"
    assert registry.render_value("exchange.sor_extra", "stairways", {"postal": "B"}) == "Postadresse: B"


def test_the_event_page_shows_a_sor_extra_change_in_danish(client, support_user):
    run_import(sample("apotek"))
    event = events("exchange.sor_extra.create").get(object_id=APOTEK_IE)
    client.force_login(support_user)
    response = client.get(reverse("audit:event_detail", args=[event.seq]))
    changes = {row["key"]: row for row in response.context["changes"]}
    assert changes["fax"]["label"] == "Fax" and changes["fax"]["after"] == "42484748"
    assert changes["first_from_date"]["after"] == "20-02-1995"
    content = response.content.decode()
    assert "SOR-tillægsoplysninger gemt" in content
    assert not re.search(r">[^<]*\d{4}-\d{2}-\d{2}", content)  # no ISO date shown
