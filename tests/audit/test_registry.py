"""The audit vocabulary (audit/registry.py): every code the code base writes is registered with
a Danish label, record() refuses any other, the Ændringslog offers every code, and the event page
speaks Danish (labels, dd-mm-åååå, Ja/Nej, names for codes). That audit/ imports no other app is
import-linter's contract `audit` (.importlinter)."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse

from audit import registry
from audit.models import AuditEvent
from audit.services import record, record_many
from hierarchy import services
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
APPS = ("hierarchy", "exchange", "addresses", "auditlog", "accounts")
# app.object.verb, and the sign-in codes auth.login, auth.login_failed, auth.logout (their object
# type "auth.user" has two parts too, so those codes are matched by their verbs).
CODE = re.compile(
    r"""["']((?:hierarchy|exchange|addresses|audit)\.[a-z_]+\.[a-z_]+|auth\.log(?:in|in_failed|out))["']"""
)


def written_codes() -> set[str]:
    """Every action-code literal in the runtime code (dotted app.object.verb strings passed
    as an action); object types have two parts, so they do not match."""
    codes = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path.name in ("audit_actions.py", "openapi.py"):
                continue
            codes |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_written_code_is_registered():
    codes = written_codes()
    assert len(codes) >= 19
    assert sorted(c for c in codes if not registry.is_registered(c)) == []


def test_every_registered_code_has_a_danish_label():
    for code, label in registry.actions().items():
        assert label and label != code and "." not in label, code


@pytest.mark.django_db
def test_record_refuses_an_unregistered_code():
    with (
        pytest.raises(ImproperlyConfigured, match=re.escape("hierarchy.unit.teleport")),
        transaction.atomic(),
    ):
        record(
            actor=None,
            action="hierarchy.unit.teleport",
            object_type="hierarchy.unit",
            object_id="1",
            object_repr="x",
        )
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_record_many_appends_one_chain_and_refuses_an_unregistered_code():
    from audit.verification import verify_and_record

    event = {
        "actor": None,
        "action": "hierarchy.unit.create",
        "object_type": "hierarchy.unit",
        "object_repr": "x",
    }
    with transaction.atomic():
        record(**event, object_id="0")
        assert record_many({**event, "object_id": str(i)} for i in range(1, 4)) == 3
        record(**event, object_id="4")
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert verify_and_record().ok
    with pytest.raises(ImproperlyConfigured), transaction.atomic():
        record_many([{**event, "object_id": "5"}, {**event, "object_id": "6", "action": "x.y.z"}])
    assert AuditEvent.objects.count() == 5


def test_the_action_filter_offers_every_registered_code(client, support_user):
    client.force_login(support_user)
    content = client.get(reverse("audit:log")).content.decode()
    for code, label in registry.actions().items():
        assert f'<option value="{code}">{label}</option>' in content
    assert '<option value="exchange.location_number.move">Lokationsnummer flyttet</option>' in content


@pytest.fixture
def update_event(tree, municipal_admin):
    unit = tree.blovstrod
    data = services.UnitData.from_unit(unit)
    data.name = "Tandplejen Blovstrød"
    data.visiting_same_as_postal = False
    data.visiting_address = factories.address(street="Kongevejen", number="7")
    services.unit_update(
        actor=municipal_admin,
        unit=unit,
        data=data,
        reason="Nyt navn",
    )
    return AuditEvent.objects.get(action="hierarchy.unit.update", object_id=unit.sor_id)


def test_the_event_page_speaks_danish(client, support_user, tree, update_event, today):
    client.force_login(support_user)
    content = client.get(reverse("audit:event_detail", args=[update_event.seq])).content.decode()
    changes = {
        row["key"]: row
        for row in client.get(reverse("audit:event_detail", args=[update_event.seq])).context["changes"]
    }
    assert changes["changed_fields"]["label"] == "Ændrede felter"
    assert "Navn" in changes["changed_fields"]["after"]
    assert "Besøgsadresse samme som postadresse" in changes["changed_fields"]["after"]
    assert {changes["visiting_same_as_postal"]["before"], changes["visiting_same_as_postal"]["after"]} == {
        "Ja",
        "Nej",
    }
    assert "Enhed ændret" in content
    assert f"{tree.ie.name} <span" in content  # the IE by name
    for raw in ("changed_fields", "Changed_fields", "hierarchy.unit", "True", "False", "Unit_type_name"):
        assert f">{raw}" not in content and f"{raw}<" not in content and f"{raw} " not in content, raw
    assert not re.search(r">[^<]*\d{4}-\d{2}-\d{2}", content)  # no ISO date shown


def test_the_event_page_names_the_enhedstype_not_its_snomed_code(client, support_user, tree, sds_user):
    client.force_login(support_user)
    unit = tree.blovstrod
    other_type = type(unit.unit_type).objects.exclude(pk=unit.unit_type_id).first()
    data = services.UnitData.from_unit(unit)
    data.unit_type = other_type
    services.unit_update(actor=sds_user, unit=unit, data=data, reason="Ny enhedstype")
    event = AuditEvent.objects.get(action="hierarchy.unit.update", object_id=unit.sor_id)
    response = client.get(reverse("audit:event_detail", args=[event.seq]))
    row = next(r for r in response.context["changes"] if r["key"] == "unit_type")
    assert row["label"] == "Enhedstype"
    assert (row["before"], row["after"]) == (unit.unit_type.name, other_type.name)
    content = response.content.decode()
    assert unit.unit_type_id not in content and other_type.pk not in content
    assert 'data-key="unit_type_name"' not in content  # shown in the enhedstype's row


def test_render_value():
    assert registry.render_value("hierarchy.unit", "valid_from", "2026-03-02") == "02-03-2026"
    assert registry.render_value("hierarchy.unit", "is_municipal_communication", True) == "Ja"
    assert registry.render_value("hierarchy.unit", "kind", "IE", {}) == "Institutionsejer"
    assert registry.render_value("hierarchy.unit", "name", None) == ""
    assert registry.render_value("hierarchy.unit", "name", "2026-13-45") == "2026-13-45"


def test_the_event_page_shows_dates_as_dd_mm_yyyy(client, support_user, sds_user, tree, today):
    services.unit_close(actor=sds_user, unit=tree.skole, closing_date=today, reason="Nedlagt")
    event = AuditEvent.objects.get(action="hierarchy.unit.close", object_id=tree.skole.sor_id)
    client.force_login(support_user)
    response = client.get(reverse("audit:event_detail", args=[event.seq]))
    row = next(r for r in response.context["changes"] if r["key"] == "valid_to")
    assert (row["label"], row["after"]) == ("Ophørsdato", today.strftime("%d-%m-%Y"))
    assert today.isoformat() not in response.content.decode()
