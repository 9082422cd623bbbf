"""The unit's Detaljer shows its open findings (issue 24 item 5), to those who may see that
kommune's findings on /kvalitet/."""

import re

import pytest
from django.urls import reverse

from quality.deviations import deviation_accept
from quality.models import Finding
from quality.runs import run_checks
from tests import factories

from .conftest import make_unit

PHONE = "generelt.telefon_mangler"


@pytest.fixture
def allerod_unit(tree):
    return make_unit(tree.si, "Allerød uden telefon", strict=False, phone="", email="b@example.dk")


@pytest.fixture
def aarhus_unit(other_kommune, today):
    si = factories.si(other_kommune, name="Sundhed og Omsorg")
    return make_unit(si, "Aarhus uden telefon", strict=False, phone="", email="a@example.dk")


def details(client, user, unit):
    client.force_login(user)
    response = client.get(reverse("hierarchy:unit_detail", args=[unit.sor_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_units_finding_is_in_its_details_with_the_tab_that_fixes_it(
    client, municipal_admin, allerod_unit
):
    run_checks(actor=None)
    html = details(client, municipal_admin, allerod_unit)
    assert 'id="kvalitetstjek"' in html
    assert f'data-rule="{PHONE}"' in html and "Telefonnummer mangler" in html
    assert reverse("hierarchy:unit_edit", args=[allerod_unit.sor_id]) in html


def test_the_details_list_exactly_the_units_open_findings(client, municipal_admin, tree, allerod_unit):
    run = run_checks(actor=None)
    for unit in (tree.blovstrod, allerod_unit):
        html = details(client, municipal_admin, unit)
        expected = set(Finding.objects.filter(run=run, unit=unit).values_list("rule_id", flat=True))
        assert set(re.findall(r'<li data-rule="([^"]+)"', html)) == expected
        assert ("Ingen fund i kvalitetstjekket" in html) == (not expected)
    assert PHONE not in set(
        Finding.objects.filter(run=run, unit=tree.blovstrod).values_list("rule_id", flat=True)
    )


def test_a_unit_without_findings_says_so(client, municipal_admin, tree, allerod_unit):
    run = run_checks(actor=None)
    for finding in Finding.objects.filter(run=run, unit=tree.blovstrod):
        deviation_accept(actor=municipal_admin, rule_id=finding.rule_id, unit=tree.blovstrod, reason="Kendt")
    html = details(client, municipal_admin, tree.blovstrod)
    assert "Ingen fund i kvalitetstjekket" in html and "<li data-rule=" not in html


def test_no_section_before_the_first_run(client, municipal_admin, allerod_unit):
    assert 'id="kvalitetstjek"' not in details(client, municipal_admin, allerod_unit)


def test_another_kommunes_findings_are_not_shown_to_a_municipal_admin(
    client, municipal_admin, aarhus_unit, allerod_unit
):
    run_checks(actor=None)
    html = details(client, municipal_admin, aarhus_unit)
    assert 'id="kvalitetstjek"' not in html and "Telefonnummer mangler" not in html


def test_support_and_sds_see_any_kommunes_findings(client, support_user, sds_user, aarhus_unit):
    run_checks(actor=None)
    assert f'data-rule="{PHONE}"' in details(client, support_user, aarhus_unit)
    assert f'data-rule="{PHONE}"' in details(client, sds_user, aarhus_unit)


def test_an_accepted_deviation_is_not_an_open_finding(client, municipal_admin, allerod_unit):
    run_checks(actor=None)
    deviation_accept(actor=municipal_admin, rule_id=PHONE, unit=allerod_unit, reason="Telefon via omstilling")
    html = details(client, municipal_admin, allerod_unit)
    assert f'data-rule="{PHONE}"' not in html


def test_no_link_to_a_tab_the_user_may_not_use(client, municipal_admin, tree):
    """An IE's finding (no telephone) is shown to its kommune's administrator, but without a link
    to Rediger OE, which the panel does not offer on an IE (it answered 403; seen in the load
    test, where simulated administrators followed it)."""
    from hierarchy import services

    data = services.UnitData.from_unit(tree.ie)
    data.phone = ""
    services.unit_update(actor=None, unit=tree.ie, data=data, strict=False, reason="Uden telefon")
    run_checks(actor=None)
    html = details(client, municipal_admin, tree.ie)
    assert f'data-rule="{PHONE}"' in html
    assert reverse("hierarchy:unit_edit", args=[tree.ie.sor_id]) not in html
