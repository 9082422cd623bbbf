"""Issue 23 item 6 in a real browser: Opret OE warns of a second unit with the same name under
the parent and creates it once the user confirms (by keyboard), and Rediger OE tells of a
planned change; axe-core finds nothing on either panel."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from hierarchy import services
from hierarchy.models import Unit
from tests.e2e.conftest import login
from tests.e2e.test_e2e_accessibility import audit, axe_page  # noqa: F401 (fixture)
from tests.e2e.test_e2e_forms import _fill_postal, _open

pytestmark = pytest.mark.e2e


def test_duplicate_name_is_warned_and_created_after_confirmation(axe_page, live_server, demo):  # noqa: F811
    page = axe_page
    login(page, live_server)
    twin = demo.tandplejen_blovstrod
    _open(page, live_server, demo.tandpleje, "Opret OE")
    form = page.locator("#create-form")
    form.get_by_label("Navn", exact=True).fill(twin.name)
    form.get_by_label("Enhedstype").fill("tandplejeklinik")
    _fill_postal(page)
    form.get_by_label("Telefonnummer").fill("48 10 01 00")
    form.get_by_label("Begrundelse").fill("Ny klinik på skolen")
    form.get_by_role("button", name="Opret").click()
    warning = page.locator("#duplicate-warning")
    expect(warning).to_contain_text(
        f"Der findes allerede en enhed med samme navn under {demo.tandpleje.name}"
    )
    expect(warning).to_contain_text(twin.sor_id)
    assert Unit.objects.filter(name=twin.name).count() == 1
    incomplete: list[str] = []
    assert audit(page, "Opret OE: samme navn", incomplete) == []
    confirm = form.get_by_label("Opret alligevel: enhederne skal have samme navn")
    confirm.focus()
    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    form.get_by_role("button", name="Opret").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="er oprettet med SOR-koden")).to_be_visible()
    assert Unit.objects.filter(name=twin.name, parent=demo.tandpleje).count() == 2


def test_edit_tells_of_the_planned_change(axe_page, live_server, demo):  # noqa: F811
    page = axe_page
    unit = demo.tandplejen_blovstrod
    day = services.today() + timedelta(days=10)
    services.unit_move(
        actor=demo.user, unit=unit, new_parent=demo.blovstrod_skole, effective_date=day, reason="Flyttes"
    )
    login(page, live_server)
    _open(page, live_server, Unit.objects.get(pk=unit.pk), "Rediger OE")
    notice = page.locator("#edit-planned")
    expect(notice).to_contain_text("Der er allerede planlagt en ændring af enheden")
    expect(notice).to_contain_text(f"Pr. {day:%d-%m-%Y} (Flyttes).")
    incomplete: list[str] = []
    assert audit(page, "Rediger OE: planlagt ændring", incomplete) == []
