"""Godkendt afvigelse: required Begrundelse, optional end date, listed apart, audited, scoped."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit import registry
from audit.models import AuditEvent
from quality.deviations import deviation_accept, deviation_withdraw
from quality.models import AcceptedDeviation
from quality.runs import run_checks
from tests import factories

from .conftest import make_unit

RULE = "generelt.telefon_mangler"


@pytest.fixture
def finding_unit(tree):
    unit = make_unit(tree.si, "Uden telefon", strict=False, phone="", email="c@example.dk")
    run_checks(actor=None)
    return unit


def test_codes_have_danish_labels():
    assert registry.action_label("quality.deviation.accept") == "Godkendt afvigelse registreret"
    assert registry.action_label("quality.deviation.withdraw") == "Godkendt afvigelse trukket tilbage"


def test_begrundelse_is_required(finding_unit, municipal_admin):
    with pytest.raises(ValidationError, match="Skriv en begrundelse"):
        deviation_accept(actor=municipal_admin, unit=finding_unit, rule_id=RULE, reason="  ")
    assert not AcceptedDeviation.objects.exists()


def test_end_date_not_in_the_past(finding_unit, municipal_admin, today):
    with pytest.raises(ValidationError, match="Slutdatoen"):
        deviation_accept(
            actor=municipal_admin,
            unit=finding_unit,
            rule_id=RULE,
            reason="Ok",
            end_date=today - timedelta(days=1),
        )


def test_accept_moves_the_finding_apart_and_withdraw_brings_it_back(client, finding_unit, municipal_admin):
    client.force_login(municipal_admin)
    response = client.post(
        reverse("quality:accept"),
        {
            "rule_id": RULE,
            "sor_id": finding_unit.sor_id,
            "reason": "Telefon via vagtcentralen",
            "end_date": "",
        },
    )
    assert response.status_code == 302
    deviation = AcceptedDeviation.objects.get()
    event = AuditEvent.objects.get(action="quality.deviation.accept")
    assert event.reason == "Telefon via vagtcentralen"
    assert event.actor == municipal_admin
    html = client.get(reverse("quality:index")).content.decode()
    assert f'data-rule="{RULE}" data-sor-id="{finding_unit.sor_id}"' not in html
    assert "Telefon via vagtcentralen" in html  # listed apart under Godkendte afvigelser

    client.post(reverse("quality:withdraw", args=[deviation.pk]))
    assert AuditEvent.objects.filter(action="quality.deviation.withdraw").count() == 1
    html = client.get(reverse("quality:index")).content.decode()
    assert f'data-rule="{RULE}" data-sor-id="{finding_unit.sor_id}"' in html


def test_allerod_cannot_accept_or_withdraw_for_aarhus(client, municipal_admin, other_kommune, today):
    aarhus_unit = make_unit(
        factories.si(other_kommune), "Aarhus uden telefon", strict=False, phone="", email="a@b.dk"
    )
    with pytest.raises(PermissionDenied):
        deviation_accept(actor=municipal_admin, unit=aarhus_unit, rule_id=RULE, reason="Nej")
    client.force_login(municipal_admin)
    response = client.post(
        reverse("quality:accept"), {"rule_id": RULE, "sor_id": aarhus_unit.sor_id, "reason": "x"}
    )
    assert response.status_code == 403
    deviation = deviation_accept(actor=None, unit=aarhus_unit, rule_id=RULE, reason="SDS")
    assert client.post(reverse("quality:withdraw", args=[deviation.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        deviation_withdraw(actor=municipal_admin, deviation=deviation)
    assert AcceptedDeviation.objects.get().withdrawn_at is None


def test_an_ended_deviation_no_longer_hides_the_finding(
    finding_unit, municipal_admin, today, time_machine, client
):
    deviation_accept(
        actor=municipal_admin, unit=finding_unit, rule_id=RULE, reason="Midlertidigt", end_date=today
    )
    client.force_login(municipal_admin)
    marker = f'data-rule="{RULE}" data-sor-id="{finding_unit.sor_id}"'
    assert marker not in client.get(reverse("quality:index")).content.decode()
    time_machine.move_to("2026-03-03 12:00 +01:00", tick=False)
    client.force_login(municipal_admin)  # a new day's session
    assert marker in client.get(reverse("quality:index")).content.decode()
