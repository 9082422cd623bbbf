"""Kvalitetstjek in the browser (issue 24): a municipal administrator opens /kvalitet/, follows a
finding's link to the unit's tab, fixes the unit, runs the check again: the finding is gone and
the trend has a new point."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import login, settled

pytestmark = pytest.mark.e2e

DUPLICATE = "generelt.navn_dublet"


def test_follow_a_finding_fix_it_and_run_again(page, live_server, demo):
    from hierarchy import services
    from quality.runs import run_checks

    original = demo.tandplejen_blovstrod
    data = services.UnitData.from_unit(original)
    twin = services.unit_create(
        actor=None,
        kind="OE",
        parent=original.parent,
        data=data,
        valid_from=timezone.localdate(),
        reason="To enheder med samme navn",
    )
    run_checks(actor=None)

    login(page, live_server)
    page.goto(f"{live_server.url}/kvalitet/")
    expect(page).to_have_title("Kvalitetstjek: Allerød – Sundhedsvæsenets Organisationsregister")
    row = page.locator(f'tr[data-rule="{DUPLICATE}"][data-sor-id="{twin.sor_id}"]')
    expect(row).to_be_visible()
    expect(page.locator("#trend tbody tr")).to_have_count(1)
    expect(page.locator("svg.quality-trend circle")).to_have_count(1)

    row.get_by_role("link").click()
    form = page.locator("#edit-form")
    expect(form.get_by_label("Navn", exact=True)).to_have_value(original.name)
    form.get_by_label("Navn", exact=True).fill(f"{original.name}, afdeling 2")
    form.get_by_label("Begrundelse").fill("Navnet var brugt to gange under samme enhed")
    form.get_by_role("button", name="Gem ændringer").click()
    expect(page.get_by_role("status")).to_contain_text("gælder fra")
    settled(page)

    page.goto(f"{live_server.url}/kvalitet/")
    page.get_by_role("button", name="Kør kvalitetstjek af Allerød nu").click()
    expect(page.locator("#trend tbody tr")).to_have_count(2)
    expect(page.locator(f'tr[data-rule="{DUPLICATE}"]')).to_have_count(0)
    chart = page.locator("svg.quality-trend")
    expect(chart.locator("circle")).to_have_count(2)  # the new point
    expect(chart.locator("desc")).to_contain_text("2 kørsler")
