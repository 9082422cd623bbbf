"""Omstruktureringer: the Region Østdanmark plan on a small register, checked whole, stored,
applied by apply_due_changes --on, withdrawn; refused whole when one operation breaks a rule."""

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from audit.models import AuditEvent
from audit.verification import verify_and_record
from hierarchy import services
from hierarchy.asof import tree_as_of
from hierarchy.integrity import tree_problems
from hierarchy.models import AdministratorScope, Unit, UnitReplacement, UnitVersion
from reorganisation.models import Reorganisation
from reorganisation.plan import read_plan
from reorganisation.services import reorganisation_store, reorganisation_withdraw
from tests import factories
from tests.factories import refresh

from .conftest import PLAN_FILE, plan_text

DAY = date(2027, 1, 1)


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def run_due(day: str):
    """apply_due_changes --on `day`, run on that day: a date after today is refused."""
    when = datetime.strptime(day, "%d-%m-%Y").replace(hour=12, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(when, tick=False):
        return run("apply_due_changes", "--on", day)


def counts():
    return Unit.objects.count(), UnitVersion.objects.count(), AuditEvent.objects.count()


def test_dry_run_prints_the_impact_and_stores_nothing(regions):
    before = counts()
    out = run("reorganise", str(PLAN_FILE), "--dry-run")
    assert "Region Østdanmark" in out and "gælder fra 01-01-2027" in out
    assert f"Region Hovedstaden ({regions.hovedstaden.sor_id}): 5 → 0" in out
    assert "Region Østdanmark" in out and ": 0 → 7" in out
    assert f"{regions.gln.gln} (XDIS15" in out and "Region Hovedstaden → Region Østdanmark" in out
    assert "Enheder, der arver et andet lokationsnummer: 0" in out
    assert "region.admin: 5 → 7" in out
    assert "Prøvekørsel: intet er gemt." in out
    assert counts() == before and not Reorganisation.objects.exists()


def test_package_moves_every_si_into_the_new_ie_on_its_date(regions):
    out = run("reorganise", str(PLAN_FILE))
    assert "afventer 01-01-2027" in out
    package = Reorganisation.objects.get()
    assert package.status == "pending" and package.effective_date == DAY
    assert refresh(regions.rigs).parent == regions.hovedstaden  # nothing written to units yet

    assert "på 0 enheder" in run_due("31-12-2026")
    assert refresh(package).status == "pending"
    out = run_due("01-01-2027")
    assert "Omstrukturering gennemført: Region Østdanmark (SDS-2026-RØ-01)" in out

    package.refresh_from_db()
    assert package.status == "applied"
    new_ie = Unit.objects.get(name="Region Østdanmark", kind="IE")
    assert new_ie.valid_from == DAY
    for si in (regions.rigs, regions.herlev, regions.suh):
        assert refresh(si).parent == new_ie and refresh(si).tree_id == new_ie.tree_id
    assert refresh(regions.team).node.get_ancestors().filter(pk=new_ie.pk).exists()
    for old in (regions.hovedstaden, regions.sjaelland):
        assert refresh(old).valid_to == date(2026, 12, 31)
        assert UnitReplacement.objects.filter(replaced=old, successor=new_ie, effective_date=DAY).exists()
    assert tree_problems() == []
    assert verify_and_record().ok
    # Vis pr. dato and Historik read the versions: the old tree the day before, the new one on the day
    assert [c["unit"].name for c in tree_as_of(regions.hovedstaden, date(2026, 12, 31))["children"]] == [
        "Herlev Hospital",
        "Rigshospitalet",
    ]
    assert len(tree_as_of(new_ie, DAY)["children"]) == 3 and tree_as_of(new_ie, date(2026, 12, 31)) is None
    # lokationsnumre kept: the carrier keeps its own, the units below inherit it as before
    assert services.inherited_location_number(refresh(regions.team)).gln == regions.gln.gln
    assert services.inherited_location_number(refresh(regions.rigs)).gln == regions.gln.gln
    # the administrator now maintains the new IE, not the closed one
    assert list(
        AdministratorScope.objects.filter(user=regions.admin).values_list("institution_owner", flat=True)
    ) == [new_ie.pk]
    # one package event; each unit's events carry the case number
    assert (
        AuditEvent.objects.filter(action="reorganisation.package.apply", object_id="SDS-2026-RØ-01").count()
        == 1
    )
    moves = AuditEvent.objects.filter(action="hierarchy.unit.move")
    assert moves.count() == 3 and all("SDS-2026-RØ-01" in e.reason for e in moves)
    assert all("SDS-2026-RØ-01" in e.reason for e in AuditEvent.objects.filter(action="hierarchy.unit.close"))
    # a second run changes nothing
    before = counts()
    assert "på 0 enheder" in run_due("01-01-2027")
    assert counts() == before


def test_one_broken_operation_refuses_the_whole_plan(regions, tmp_path):
    broken = {"op": "move", "unit": {"kind": "OE", "name": "Akutafdelingen"}, "to": {"ref": "oestdanmark"}}
    path = tmp_path / "plan.json"
    path.write_text(plan_text([broken]), encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as exc:
        run("reorganise", str(path))
    assert "Operation 10 (flyt Akutafdelingen" in str(exc.value)
    assert services.MSG_PARENT_KIND in str(exc.value)
    assert counts() == before and not Reorganisation.objects.exists()


def test_a_closed_unit_may_not_leave_children_behind(regions):
    plan = read_plan(plan_text())
    plan.operations = [op for op in plan.operations if not (op["op"] == "move" and "1085" in str(op))]
    with pytest.raises(ValidationError) as exc:
        reorganisation_store(actor=None, plan=plan)
    assert "Sjællands Universitetshospital" in str(exc.value) and "Luk eller flyt dem først" in str(exc.value)
    assert not Reorganisation.objects.exists()


def test_withdrawing_leaves_nothing_pending(regions, sds_user):
    package = reorganisation_store(actor=sds_user, plan=read_plan(plan_text()))
    with pytest.raises(ValidationError, match="begrundelse"):
        reorganisation_withdraw(actor=sds_user, package=package, reason="")
    reorganisation_withdraw(actor=sds_user, package=package, reason="Sammenlægningen er udskudt.")
    assert refresh(package).status == "withdrawn"
    before = counts()
    run_due("01-01-2027")
    assert counts() == before and not UnitVersion.objects.filter(applied=False).exists()
    assert AuditEvent.objects.filter(action="reorganisation.package.withdraw").count() == 1
    with pytest.raises(ValidationError, match="tilbagetrukket og kan ikke ændres"):
        reorganisation_withdraw(actor=sds_user, package=refresh(package), reason="Igen")


def test_name_and_case_number_fit_their_columns(regions):
    with pytest.raises(ValidationError) as exc:
        reorganisation_store(actor=None, plan=read_plan(plan_text(case_number="S" * 41, name="N" * 121)))
    assert exc.value.messages == [
        "Navnet må højst have 120 tegn (planen har 121).",
        "Sagsnummeret må højst have 40 tegn (planen har 41).",
    ]
    assert not Reorganisation.objects.exists()
    package = reorganisation_store(
        actor=None, plan=read_plan(plan_text(case_number="S" * 40, name="N" * 120))
    )
    assert package.case_number == "S" * 40


def test_case_number_is_used_once(regions):
    reorganisation_store(actor=None, plan=read_plan(plan_text()))
    with pytest.raises(ValidationError, match="bruges allerede"):
        reorganisation_store(actor=None, plan=read_plan(plan_text()))


def test_municipal_admin_packages_follow_their_single_change_rules(tree, municipal_admin, other_kommune):
    move = f'{{"op": "move", "unit": {{"sor_id": "{tree.blovstrod.sor_id}"}}, "to": {{"sor_id": "{tree.pleje.sor_id}"}}}}'
    rename = f'{{"op": "rename", "unit": {{"sor_id": "{tree.tand.sor_id}"}}, "name": "Allerød Tandpleje"}}'
    allowed = read_plan(
        plan_text(name="Tandplejen samles", case_number="ALL-2026-7", effective_date="01-06-2026")
    )
    allowed.operations = [eval_json(move), eval_json(rename)]
    package = reorganisation_store(actor=municipal_admin, plan=allowed)
    assert package.impact["units_changing_ie"] == 0
    refused = read_plan(plan_text(name="Flyt SI", case_number="ALL-2026-8", effective_date="01-06-2026"))
    refused.operations = [
        eval_json(
            f'{{"op": "move", "unit": {{"sor_id": "{tree.si.sor_id}"}}, "to": {{"sor_id": "{other_kommune.sor_id}"}}}}'
        ),
        eval_json(
            f'{{"op": "move", "unit": {{"sor_id": "{tree.tand.sor_id}"}}, "to": {{"sor_id": "{tree.ie.sor_id}"}}}}'
        ),
    ]
    with pytest.raises(ValidationError) as exc:
        reorganisation_store(actor=municipal_admin, plan=refused)
    text = " ".join(exc.value.messages)
    assert "Sundhedsdatastyrelsen" in text and "Operation 1" in text and "Operation 2" in text
    assert Reorganisation.objects.count() == 1


def eval_json(text):
    return {**json.loads(text), "source": 1}


def test_a_package_that_no_longer_fits_on_its_date_is_applied_not_at_all(regions):
    reorganisation_store(actor=None, plan=read_plan(plan_text()))
    late = factories.si(regions.hovedstaden, "Nyt Hospital")  # registered after the package
    before = counts()
    last_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    with pytest.raises(CommandError) as exc:
        run_due("01-01-2027")
    assert "Omstrukturering kunne ikke gennemføres" in str(exc.value) and "Nyt Hospital" in str(exc.value)
    package = Reorganisation.objects.get()
    assert package.status == "pending" and "Nyt Hospital" in package.last_error
    units, versions, events = counts()
    assert (units, versions) == before[:2] and events == before[2] + 1
    # the one new event is the refusal, kept after the rollback; no unit event survived it
    [event] = AuditEvent.objects.filter(seq__gt=last_seq)
    assert event.action == "reorganisation.package.apply_failed"
    assert event.object_id == "SDS-2026-RØ-01" and "SDS-2026-RØ-01" in event.reason
    assert event.after["last_error"] == package.last_error and "Nyt Hospital" in event.after["last_error"]
    assert event.before["last_error"] == "" and event.actor_id is None
    assert refresh(regions.rigs).parent == regions.hovedstaden and refresh(late).valid_to is None
    assert not Unit.objects.filter(name="Region Østdanmark").exists()
    assert verify_and_record().ok


def test_the_same_refusal_is_audited_once(regions):
    reorganisation_store(actor=None, plan=read_plan(plan_text()))
    factories.si(regions.hovedstaden, "Nyt Hospital")
    for _ in range(2):
        with pytest.raises(CommandError):
            run_due("01-01-2027")
    failed = AuditEvent.objects.filter(action="reorganisation.package.apply_failed")
    assert failed.count() == 1
    # a different refusal is a new event
    factories.si(regions.hovedstaden, "Endnu et hospital")
    with pytest.raises(CommandError):
        run_due("02-01-2027")
    assert failed.count() == 2
    assert "Endnu et hospital" in failed.order_by("-seq").first().after["last_error"]
    assert Reorganisation.objects.get().status == "pending"


def test_the_refusal_reads_in_danish_in_the_audit_log(regions, client, sds_user):
    reorganisation_store(actor=None, plan=read_plan(plan_text()))
    factories.si(regions.hovedstaden, "Nyt Hospital")
    with pytest.raises(CommandError):
        run_due("01-01-2027")
    event = AuditEvent.objects.get(action="reorganisation.package.apply_failed")
    client.force_login(sds_user)
    page = client.get(reverse("audit:event_detail", args=[event.seq])).content.decode()
    assert "Omstrukturering kunne ikke gennemføres" in page and "Seneste fejl" in page
    assert "Nyt Hospital" in page and "SDS-2026-RØ-01" in page


def test_control_characters_in_an_operation_are_refused_before_any_lookup(regions):
    broken = plan_text([{"op": "close", "unit": {"sor_id": "12\u00003"}}], case_number="X-1")
    with pytest.raises(ValidationError) as exc:
        reorganisation_store(actor=None, plan=read_plan(broken))
    assert exc.value.messages == [
        "Operation 10 (luk): «sor_id» indeholder tegn, som ikke er tilladt (fx styretegn). "
        "Skriv teksten igen uden dem."
    ]
    assert not Reorganisation.objects.exists()
