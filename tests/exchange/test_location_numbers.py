"""SDS moves and closes lokationsnumre; MedCom sets message types; municipal administrators
read only (R6). Services, commands and the simple pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditEvent
from exchange import location_numbers
from exchange.models import LocationNumberClosure, LocationNumberExtra
from hierarchy import services
from hierarchy.models import LocationNumber

GLN = "5790000123117"


@pytest.fixture
def number(tree):
    return location_numbers.location_number_create(
        actor=None,
        unit=tree.tand,
        gln=GLN,
        message_types=services.message_types_by_code("XDIS19", "DIS91"),
        reason="Testændring",
    )


def test_sds_moves_a_gln_with_its_message_types(number, tree, sds_user):
    moved = location_numbers.location_number_move(
        actor=sds_user, location_number=number, new_unit=tree.pleje, reason="Ny EOJ-placering"
    )
    assert moved.unit == tree.pleje
    assert {t.code for t in moved.message_types.all()} == {"XDIS19", "DIS91"}
    event = AuditEvent.objects.get(action="exchange.location_number.move")
    assert (event.actor, event.object_id, event.reason) == (sds_user, GLN, "Ny EOJ-placering")
    assert event.before["unit"] == tree.tand.sor_id and event.after["unit"] == tree.pleje.sor_id
    assert {u["sor_id"] for u in event.after["impact"]["subunits"]} == {
        tree.blovstrod.sor_id,
        tree.lillerod.sor_id,
    }
    assert event.scope_id == tree.ie.sor_id


@pytest.mark.parametrize("who", ["municipal_admin", "medcom_user", "support_user"])
def test_only_sds_moves_or_closes(request, number, tree, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        location_numbers.location_number_move(
            actor=user, location_number=number, new_unit=tree.pleje, reason="x"
        )
    with pytest.raises(PermissionDenied):
        location_numbers.location_number_close(actor=user, location_number=number, reason="x")
    with pytest.raises(PermissionDenied):
        location_numbers.location_number_update(
            actor=user, location_number=number, note="x", reason="Testændring"
        )
    assert LocationNumber.objects.get(gln=GLN).unit == tree.tand


def test_move_refuses_a_unit_with_its_own_gln_and_needs_a_reason(number, tree, sds_user):
    location_numbers.location_number_create(
        actor=None, unit=tree.pleje, gln="5790000141227", reason="Testændring"
    )
    with pytest.raises(ValidationError) as exc:
        location_numbers.location_number_move(
            actor=sds_user, location_number=number, new_unit=tree.pleje, reason="x"
        )
    assert "allerede sit eget lokationsnummer (5790000141227)" in exc.value.message_dict["new_unit"][0]
    with pytest.raises(ValidationError) as exc:
        location_numbers.location_number_move(
            actor=sds_user, location_number=number, new_unit=tree.skole, reason=" "
        )
    assert "reason" in exc.value.message_dict


def test_close_today_keeps_it_until_the_day_is_over(number, tree, sds_user, today):
    closure = location_numbers.location_number_close(actor=sds_user, location_number=number, reason="Nedlagt")
    assert closure.closing_date == today and closure.applied_at is None
    assert LocationNumber.objects.filter(gln=GLN).exists()
    assert location_numbers.location_number_apply_closures(on=today) == 0
    assert location_numbers.location_number_apply_closures(on=today + timedelta(days=1)) == 1
    assert not LocationNumber.objects.filter(gln=GLN).exists()
    assert location_numbers.location_number_apply_closures(on=today + timedelta(days=2)) == 0
    assert (
        AuditEvent.objects.filter(action="exchange.location_number.apply_close", object_id=GLN).count() == 1
    )
    # The closed GLN is never handed out again through this app's import.
    assert LocationNumberClosure.objects.get(gln=GLN).snapshot["unit"] == tree.tand.sor_id


def test_close_in_the_past_removes_at_once(number, sds_user, today):
    closure = location_numbers.location_number_close(
        actor=sds_user, location_number=number, closing_date=today - timedelta(days=1), reason="Fejloprettet"
    )
    assert closure.applied_at is not None
    assert not LocationNumber.objects.filter(gln=GLN).exists()
    event = AuditEvent.objects.get(action="exchange.location_number.close")
    assert event.after["removed"] is True and event.before["message_types"]


def test_closing_twice_and_moving_a_closing_gln_are_refused(number, tree, sds_user, today):
    location_numbers.location_number_close(
        actor=sds_user, location_number=number, closing_date=today + timedelta(days=5), reason="x"
    )
    with pytest.raises(ValidationError):
        location_numbers.location_number_close(actor=sds_user, location_number=number, reason="x")
    with pytest.raises(ValidationError):
        location_numbers.location_number_move(
            actor=sds_user, location_number=number, new_unit=tree.pleje, reason="x"
        )


def test_update_attributes_writes_only_changes(number, sds_user):
    location_numbers.location_number_update(
        actor=sds_user, location_number=number, system_supplier="641000055002", reason="Testændring"
    )
    location_numbers.location_number_update(
        actor=sds_user, location_number=number, system_supplier="641000055002", reason="Testændring"
    )
    assert AuditEvent.objects.filter(action="exchange.location_number.update").count() == 1
    location_numbers.location_number_update(
        actor=sds_user, location_number=number, region_code="1084", reason="Testændring"
    )
    assert LocationNumberExtra.objects.get(location_number=number).region_code == "1084"
    with pytest.raises(ValidationError):
        location_numbers.location_number_update(
            actor=sds_user, location_number=number, colour="blå", reason="Testændring"
        )


# --- commands ---------------------------------------------------------------------------------


def test_command_creates_moves_sets_types_and_closes(tree, sds_user, capsys, today):
    call_command(
        "lokationsnummer", "--reason", "Bestilt", "opret", GLN, tree.tand.sor_id, "--typer", "XDIS19"
    )
    call_command(
        "lokationsnummer",
        "--bruger",
        sds_user.username,
        "--reason",
        "Flyttet",
        "flyt",
        GLN,
        tree.pleje.sor_id,
    )
    call_command("lokationsnummer", "--reason", "Nye typer", "meddelelsestyper", GLN, "XDIS19", "DIS91")
    call_command("lokationsnummer", "vis", GLN)
    out = capsys.readouterr().out
    assert f"{GLN} ligger nu på Sundhedsplejen Allerød" in out
    assert "DIS91" in out
    assert AuditEvent.objects.filter(object_id=GLN, source="command:lokationsnummer").count() == 3
    call_command(
        "lokationsnummer",
        "--reason",
        "Nedlagt",
        "luk",
        GLN,
        "--dato",
        (today - timedelta(days=1)).isoformat(),
    )
    assert not LocationNumber.objects.filter(gln=GLN).exists()


def test_command_applies_the_users_rights(number, tree, municipal_admin):
    with pytest.raises(CommandError, match="Lokationsnumre vedligeholdes af Sundhedsdatastyrelsen"):
        call_command(
            "lokationsnummer",
            "--bruger",
            municipal_admin.username,
            "--reason",
            "x",
            "flyt",
            GLN,
            tree.pleje.sor_id,
        )
    with pytest.raises(CommandError, match="Angiv en begrundelse"):
        call_command("lokationsnummer", "flyt", GLN, tree.pleje.sor_id)


# --- pages ------------------------------------------------------------------------------------


def test_municipal_admin_reads_only(client, number, municipal_admin):
    client.force_login(municipal_admin)
    page = client.get(reverse("exchange_gui:location_number", args=[GLN])).content.decode()
    assert GLN in page and "XDIS19" in page
    assert "Flyt lokationsnummer" not in page and "Gem ændringer" not in page
    response = client.post(
        reverse("exchange_gui:location_number", args=[GLN]),
        {"action": "close", "close-reason": "x"},
    )
    assert response.status_code == 403
    assert LocationNumber.objects.filter(gln=GLN).exists()


def test_medcom_sets_message_types_in_the_page(client, number, medcom_user):
    from hierarchy.models import EdiMessageType

    client.force_login(medcom_user)
    page = client.get(reverse("exchange_gui:location_number", args=[GLN])).content.decode()
    assert "Gem ændringer" in page and "Flyt lokationsnummer" not in page
    wanted = EdiMessageType.objects.filter(code__in=["XDIS15", "XREF15"])
    response = client.post(
        reverse("exchange_gui:location_number", args=[GLN]),
        {"action": "types", "types-message_types": [t.pk for t in wanted], "types-reason": "Ny aftale"},
    )
    assert response.status_code == 302
    assert {t.code for t in LocationNumber.objects.get(gln=GLN).message_types.all()} == {"XDIS15", "XREF15"}


def test_sds_moves_in_the_page_and_sees_errors(client, number, tree, sds_user):
    client.force_login(sds_user)
    url = reverse("exchange_gui:location_number", args=[GLN])
    page = client.post(url, {"action": "move", "move-new_unit": "11000016002", "move-reason": "x"})
    assert (
        page.status_code == 200
        and "Der findes ingen enhed med SOR-koden 11000016002" in page.content.decode()
    )
    response = client.post(
        url, {"action": "move", "move-new_unit": tree.pleje.sor_id, "move-reason": "Ny placering"}
    )
    assert response.status_code == 302
    assert LocationNumber.objects.get(gln=GLN).unit == tree.pleje
    listing = client.get(reverse("exchange_gui:location_numbers"), {"q": tree.pleje.sor_id}).content.decode()
    assert GLN in listing


def test_every_gln_write_is_one_modules_with_one_prefix(number, tree, sds_user, medcom_user):
    """exchange/location_numbers.py writes every lokationsnummer, each audited as
    exchange.location_number.<verb>; no other module writes the models or the codes."""
    import re
    from pathlib import Path

    location_numbers.location_number_set_message_types(
        actor=medcom_user,
        location_number=number,
        message_types=services.message_types_by_code("XDIS19"),
        reason="Testændring",
    )
    location_numbers.location_number_update(
        actor=sds_user, location_number=number, note="Ny note", reason="Testændring"
    )
    moved = location_numbers.location_number_move(
        actor=sds_user, location_number=number, new_unit=tree.pleje, reason="Flyttes"
    )
    location_numbers.location_number_close(
        actor=sds_user,
        location_number=moved,
        closing_date=services.today() - timedelta(days=1),
        reason="Lukkes",
    )
    codes = set(
        AuditEvent.objects.filter(object_type="hierarchy.location_number").values_list("action", flat=True)
    )
    assert codes == {
        location_numbers.CREATE,
        location_numbers.SET_MESSAGE_TYPES,
        location_numbers.UPDATE,
        location_numbers.MOVE,
        location_numbers.CLOSE,
    }
    assert all(code.startswith("exchange.location_number.") for code in codes)
    root = Path(__file__).resolve().parents[2]
    write = re.compile(
        r"LocationNumber(Closure|Extra)?\.objects\.(create|bulk_create|get_or_create|update_or_create)"
        r"|[\"'](hierarchy|exchange)\.location_number\.[a-z_]+[\"']"
    )
    writers = {
        path.relative_to(root).as_posix()
        for app in ("hierarchy", "exchange", "addresses", "auditlog")  # the runtime apps
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
        and path.name not in ("audit_actions.py", "generator.py")  # the vocabulary; a bench loader
        and write.search(path.read_text(encoding="utf-8"))
    }
    assert writers == {"exchange/location_numbers.py"}
