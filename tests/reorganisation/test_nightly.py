"""The one nightly command (`apply_due_changes`, issue 22 items 2-5 and 11): one package that
cannot be applied, for whatever reason, is refused alone; everything else that is due (other
packages, the units' due versions, lokationsnummer closures) is applied; a package is applied
with its author's rights of that day; a date after today is refused; a package applied by
another run is not reported as applied by this one."""

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from audit.verification import verify_and_record
from exchange import location_numbers
from hierarchy import permissions, services
from hierarchy.identifiers import make_gln
from hierarchy.models import AdministratorScope, LocationNumber, UnitVersion
from reorganisation import services as reorg_services
from reorganisation.models import Reorganisation
from reorganisation.plan import read_plan
from reorganisation.services import reorganisation_store
from tests import factories
from tests.factories import refresh

DAY = date(2027, 1, 1)


def on_day(day: date):
    """Travel to noon of `day` (Copenhagen): the nightly run only applies what is due by today."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False
    )


def nightly(*args):
    """Run apply_due_changes; (output, the CommandError or None)."""
    out = StringIO()
    try:
        call_command("apply_due_changes", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def store(actor, case: str, operations: list[dict], day: date = DAY, name: str | None = None):
    plan = {
        "name": name or f"Pakke {case}",
        "case_number": case,
        "reason": "Omstrukturering i testen",
        "effective_date": f"{day:%d-%m-%Y}",
        "operations": operations,
    }
    return reorganisation_store(actor=actor, plan=read_plan(json.dumps(plan, ensure_ascii=False)))


def sor(unit) -> dict:
    return {"sor_id": unit.sor_id}


@pytest.fixture
def due(regions):
    """What else is due on DAY besides the packages: a unit's rename and a GLN's closure."""
    data = services.UnitData.from_unit(regions.akut)
    data.name = "Akutmodtagelsen"
    services.unit_update(actor=None, unit=regions.akut, data=data, effective_date=DAY, reason="Nyt navn")
    number = location_numbers.location_number_create(
        actor=None, unit=regions.herlev, gln=make_gln("579000054321"), reason="Testændring"
    )
    location_numbers.location_number_close(
        actor=None, location_number=number, closing_date=date(2026, 12, 31), reason="Nedlagt"
    )
    return number


def everything_else_was_applied(regions, number, failed_unit=None):
    assert refresh(regions.akut).name == "Akutmodtagelsen"
    assert not LocationNumber.objects.filter(gln=number.gln).exists()
    due = UnitVersion.objects.filter(applied=False, valid_from__lte=DAY)
    assert list(due.values_list("unit_id", flat=True)) == ([failed_unit.pk] if failed_unit else [])


# --- item 2: one package cannot stop the night ----------------------------------------------


def test_scope_add_for_a_user_renamed_since_is_applied_to_that_user(regions, due):
    """The issue's scenario: a scope_add stored for «support», the user renamed, a second
    package stored. The user is the one named when the package was stored (by its id)."""
    support = get_user_model().objects.create_user(username="support", password="demo")
    first = store(None, "S-1", [{"op": "scope_add", "user": "support", "ie": sor(regions.sjaelland)}])
    support.username = "support.gammel"
    support.save()
    second = store(None, "S-2", [{"op": "rename", "unit": sor(regions.herlev), "name": "Herlev og Gentofte"}])
    with on_day(DAY):
        out, error = nightly()
    assert error is None, error
    assert refresh(first).status == refresh(second).status == "applied"
    assert AdministratorScope.objects.filter(user=support, institution_owner=regions.sjaelland).exists()
    assert refresh(regions.herlev).name == "Herlev og Gentofte"
    everything_else_was_applied(regions, due)
    assert "Omstrukturering gennemført: Pakke S-1" in out and "Omstrukturering gennemført: Pakke S-2" in out


def test_a_package_stored_before_users_were_kept_by_id_names_a_renamed_user_in_danish(regions, due):
    """A package whose scope operation names its user only by name (stored before the id was
    kept) and whose user was renamed since: refused alone, in Danish, at apply."""
    support = get_user_model().objects.create_user(username="support", password="demo")
    first = store(None, "S-1", [{"op": "scope_add", "user": "support", "ie": sor(regions.sjaelland)}])
    Reorganisation.objects.filter(pk=first.pk).update(
        operations=[{k: v for k, v in op.items() if k != "user_id"} for op in first.operations]
    )
    support.username = "support.gammel"
    support.save()
    second = store(None, "S-2", [{"op": "rename", "unit": sor(regions.herlev), "name": "Herlev og Gentofte"}])
    with on_day(DAY):
        _out, error = nightly()
    assert error is not None and error.returncode == 1
    first, second = refresh(first), refresh(second)
    assert first.status == "pending" and second.status == "applied"
    assert "brugeren «support» findes ikke" in first.last_error
    assert "S-1" in str(error) and "brugeren «support» findes ikke" in str(error)
    assert not AdministratorScope.objects.filter(institution_owner=regions.sjaelland).exists()
    everything_else_was_applied(regions, due)


def test_a_scope_operation_for_a_missing_user_is_refused_in_danish_when_stored(regions):
    with pytest.raises(ValidationError) as exc:
        store(None, "S-9", [{"op": "scope_add", "user": "findes.ikke", "ie": sor(regions.sjaelland)}])
    assert "brugeren «findes.ikke» findes ikke" in " ".join(exc.value.messages)
    assert not Reorganisation.objects.exists()


def test_an_unexpected_failure_refuses_that_package_alone(regions, due):
    """A package whose stored operations break the engine in a way no rule foresaw (here an
    operation without its new name): refused alone, with a Danish last_error and its
    apply_failed event after the rollback; the rest of the night is applied; exit code 1."""
    broken = store(None, "B-1", [{"op": "rename", "unit": sor(regions.rigs), "name": "Rigshospitalet Øst"}])
    Reorganisation.objects.filter(pk=broken.pk).update(
        operations=[{"op": "rename", "unit": sor(regions.rigs), "source": 1}]
    )
    fine = store(None, "F-1", [{"op": "rename", "unit": sor(regions.herlev), "name": "Herlev og Gentofte"}])
    with on_day(DAY):
        out, error = nightly()
    assert error is not None and error.returncode == 1
    broken, fine = refresh(broken), refresh(fine)
    assert broken.status == "pending" and fine.status == "applied"
    assert "uventet fejl" in broken.last_error and "B-1" in str(error)
    assert refresh(regions.rigs).name == "Rigshospitalet"
    event = AuditEvent.objects.get(action="reorganisation.package.apply_failed")
    assert event.object_id == "B-1" and event.after["last_error"] == broken.last_error
    everything_else_was_applied(regions, due)
    assert "Omstrukturering gennemført: Pakke F-1" in out
    assert verify_and_record().ok


def test_a_unit_whose_projection_fails_does_not_stop_the_others(regions, due, monkeypatch):
    """A due unit version that cannot be projected (an unexpected error in its batch) is
    reported by SOR-kode; the other units, the packages and the closures are applied."""
    package = store(
        None, "F-1", [{"op": "rename", "unit": sor(regions.herlev), "name": "Herlev og Gentofte"}]
    )
    data = services.UnitData.from_unit(regions.team)
    data.name = "Team Ét"
    services.unit_update(actor=None, unit=regions.team, data=data, effective_date=DAY, reason="Nyt navn")
    from hierarchy.services import due as due_module

    original = due_module.unit_snapshot

    def fail_for_team(unit):
        if unit.pk == regions.team.pk:
            raise RuntimeError("disk full")
        return original(unit)

    monkeypatch.setattr(due_module, "unit_snapshot", fail_for_team)
    with on_day(DAY):
        _out, error = nightly()
    assert error is not None and error.returncode == 1
    assert regions.team.sor_id in str(error)
    assert refresh(regions.team).name == "Team 1"
    assert refresh(package).status == "applied"
    everything_else_was_applied(regions, due, failed_unit=regions.team)


# --- item 3: the author's rights on the day it is applied ------------------------------------


def test_a_municipal_package_is_refused_when_its_unit_has_left_the_kommune(tree, other_kommune, sds_user):
    """Allerød's administrator stores a package for 01-03-2027 renaming a unit and moving
    another under it; SDS has stored one for 01-02-2027 moving the first unit to Aarhus. On
    01-03 the Allerød package would rename an Aarhus unit and move an Allerød unit into Aarhus'
    tree: it is refused alone, with the administrator's refusal of that day, in Danish."""
    admin = get_user_model().objects.create_user(username="admin.allerod", password="demo")
    admin.groups.add(Group.objects.get_or_create(name=permissions.GROUP_MUNICIPAL_ADMIN)[0])
    AdministratorScope.objects.create(user=admin, institution_owner=tree.ie)
    aarhus_si = factories.si(other_kommune, "Sundhed og Omsorg Aarhus")
    sds = store(
        sds_user, "SDS-1", [{"op": "move", "unit": sor(tree.tand), "to": sor(aarhus_si)}], date(2027, 2, 1)
    )
    allerod = store(
        admin,
        "ALL-1",
        [
            {"op": "rename", "unit": sor(tree.tand), "name": "Tandplejen Allerød Nord"},
            {"op": "move", "unit": sor(tree.skole), "to": sor(tree.tand)},
        ],
        date(2027, 3, 1),
    )
    with on_day(date(2027, 2, 1)):
        assert nightly()[1] is None
    assert refresh(sds).status == "applied" and refresh(tree.tand).tree_id == other_kommune.tree_id
    with on_day(date(2027, 3, 1)):
        out, error = nightly()
    assert error is not None and error.returncode == 1
    allerod = refresh(allerod)
    assert allerod.status == "pending"
    assert "uden for din kommunes organisation" in allerod.last_error
    assert refresh(tree.tand).name == tree.tand.name
    assert refresh(tree.skole).parent == tree.pleje and refresh(tree.skole).tree_id == tree.ie.tree_id
    assert "Omstrukturering gennemført" not in out


def test_a_package_whose_author_lost_the_role_is_refused(tree, municipal_admin):
    package = store(
        municipal_admin, "ALL-2", [{"op": "rename", "unit": sor(tree.tand), "name": "Ny Tandpleje"}]
    )
    municipal_admin.groups.clear()
    with on_day(DAY):
        _out, error = nightly()
    assert error is not None
    package = refresh(package)
    assert package.status == "pending" and permissions.MSG_NOT_ADMIN in package.last_error
    assert refresh(tree.tand).name == tree.tand.name


def test_a_package_of_a_deleted_author_is_refused_not_applied_as_the_system(tree, municipal_admin):
    package = store(
        municipal_admin, "ALL-3", [{"op": "rename", "unit": sor(tree.tand), "name": "Ny Tandpleje"}]
    )
    municipal_admin.delete()
    with on_day(DAY):
        _out, error = nightly()
    assert error is not None
    package = refresh(package)
    assert package.status == "pending" and "findes ikke længere" in package.last_error
    assert refresh(tree.tand).name == tree.tand.name


def test_a_municipal_package_within_its_rights_is_applied_on_its_date(tree, municipal_admin):
    """The date minimums (a move from tomorrow, a close from today + 7) were checked when the
    package was stored; on its date only the rights are checked again."""
    package = store(
        municipal_admin,
        "ALL-4",
        [
            {"op": "rename", "unit": sor(tree.tand), "name": "Ny Tandpleje"},
            {"op": "move", "unit": sor(tree.skole), "to": sor(tree.tand)},
            {"op": "close", "unit": sor(tree.lillerod)},
        ],
    )
    with on_day(DAY):
        _out, error = nightly()
    assert error is None, error
    assert refresh(package).status == "applied"
    assert refresh(tree.tand).name == "Ny Tandpleje" and refresh(tree.skole).parent == tree.tand


# --- item 4: never the future -----------------------------------------------------------------


def test_a_date_after_today_is_refused_and_nothing_is_written(tree, today):
    services.unit_move(
        actor=None, unit=tree.blovstrod, new_parent=tree.skole, effective_date=date(2026, 3, 4), reason="x"
    )
    events = AuditEvent.objects.count()
    _out, error = nightly("--on", "10-03-2026")
    assert error is not None and error.returncode == 2
    assert "10-03-2026" in str(error) and "efter i dag" in str(error)
    assert refresh(tree.blovstrod).parent == tree.tand
    assert AuditEvent.objects.count() == events and UnitVersion.objects.filter(applied=False).exists()


# --- item 5: lokationsnummer closures on schedule ---------------------------------------------


def test_a_closed_lokationsnummer_leaves_its_unit_the_night_after_its_last_day(tree, today):
    number = location_numbers.location_number_create(
        actor=None, unit=tree.si, gln=make_gln("579000011111"), reason="Testændring"
    )
    location_numbers.location_number_close(
        actor=None, location_number=number, closing_date=date(2026, 3, 10), reason="Nedlagt"
    )
    with on_day(date(2026, 3, 10)):
        assert nightly()[1] is None
    assert LocationNumber.objects.filter(gln=number.gln).exists()
    with on_day(date(2026, 3, 11)):
        out, error = nightly()
    assert error is None
    assert not LocationNumber.objects.filter(gln=number.gln).exists()
    assert "1 lokationsnummer" in out
    assert AuditEvent.objects.filter(action=location_numbers.APPLY_CLOSE, object_id=number.gln).count() == 1


def test_a_closure_that_fails_does_not_stop_the_others(tree, today, monkeypatch):
    first = location_numbers.location_number_create(
        actor=None, unit=tree.si, gln=make_gln("579000011111"), reason="Testændring"
    )
    second = location_numbers.location_number_create(
        actor=None, unit=tree.tand, gln=make_gln("579000022222"), reason="Testændring"
    )
    for number in (first, second):
        location_numbers.location_number_close(
            actor=None, location_number=number, closing_date=date(2026, 3, 10), reason="Nedlagt"
        )
    original = location_numbers._remove

    def fail_first(number, closure):
        if number.gln == first.gln:
            raise RuntimeError("disk full")
        return original(number, closure)

    monkeypatch.setattr(location_numbers, "_remove", fail_first)
    with on_day(date(2026, 3, 11)):
        _out, error = nightly()
    assert error is not None and error.returncode == 1 and first.gln in str(error)
    assert LocationNumber.objects.filter(gln=first.gln).exists()
    assert not LocationNumber.objects.filter(gln=second.gln).exists()


# --- item 11: only the run that applied a package reports it ---------------------------------


def test_a_package_applied_by_another_run_meanwhile_is_not_reported(regions, monkeypatch):
    """The other run applies the package between this run's reading of the due packages and
    its taking the package's lock: this run finds it applied under the lock and says nothing."""
    package = store(
        None, "P-1", [{"op": "rename", "unit": sor(regions.herlev), "name": "Herlev og Gentofte"}]
    )
    original = Reorganisation.objects.select_for_update
    calls = []

    def other_run_first(*args, **kwargs):
        if not calls:
            calls.append(1)
            with on_day(DAY):
                reorg_services.reorganisation_apply(package=refresh(package), on=DAY)
        return original(*args, **kwargs)

    monkeypatch.setattr(Reorganisation.objects, "select_for_update", other_run_first)
    with on_day(DAY):
        out, error = nightly()
    assert error is None and calls
    assert refresh(package).status == "applied"
    assert "Omstrukturering gennemført" not in out
    assert AuditEvent.objects.filter(action="reorganisation.package.apply").count() == 1
