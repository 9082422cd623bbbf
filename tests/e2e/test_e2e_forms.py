"""Opret OE, Rediger OE, Flyt OE and Luk OE in a real browser (R2-R5), including the refused
cases, each with its Danish message and nothing saved."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hierarchy.models import Unit, UnitVersion

pytestmark = pytest.mark.e2e


def _d(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d-%m-%Y")


def _open(page, live_server, unit, tab=None):
    page.goto(f"{live_server.url}/enhed/{unit.sor_id}/?mine=1")
    if tab:
        page.locator("#details").get_by_role("link", name=tab).click()
        expect(page.locator("#details .tab-button[aria-current='page']")).to_have_text(tab)
        # Every form has a date picker; once it is enhanced the swapped panel is initialised.
        expect(page.locator("#details .date-picker.date-picker--initialized")).to_have_count(1)


def _group(page, legend):
    return page.get_by_role("group", name=legend)


def _fill_postal(page, *, postal_code="3540", street="Ved Gadekæret", number="15A", floor="2", door="222"):
    postal = _group(page, "Postadresse")
    postal.get_by_label("Postnummer").fill(postal_code)
    postal.get_by_label("Vejnavn").fill(street)
    postal.get_by_label("Husnummer").fill(number)
    postal.get_by_label("Etage").fill(floor)
    postal.get_by_label("Dør").fill(door)


def test_create_with_type_ahead_and_same_as_addresses(admin_page, live_server, demo, screenshot):
    page = admin_page
    _open(page, live_server, demo.tandpleje, "Opret OE")
    form = page.locator("#create-form")
    expect(form.get_by_label("Gældende fra")).to_have_value(_d(7))
    form.get_by_label("Navn", exact=True).fill("Tandplejen Lynge Skole")
    unit_type = form.get_by_label("Enhedstype")
    unit_type.press_sequentially("tand")
    options = page.locator("#unit-type-options option")
    expect(options).to_have_count(3)  # tandlægepraksis, tandplejeklinik, tandteknisk klinik
    expect(page.locator('#unit-type-options option[value="tandplejeklinik"]')).to_have_count(1)
    unit_type.fill("tandplejeklinik")
    _fill_postal(page)
    visiting = _group(page, "Besøgsadresse")
    expect(visiting.get_by_label("Samme som postadresse")).to_be_checked()
    expect(visiting.get_by_label("Postnummer")).to_be_hidden()
    # Unticking shows the fields, ticking hides them again.
    visiting.get_by_label("Samme som postadresse").uncheck()
    expect(visiting.get_by_label("Postnummer")).to_be_visible()
    visiting.get_by_label("Samme som postadresse").check()
    expect(_group(page, "Aktivitetsadresse").get_by_label("Samme som besøgsadresse")).to_be_checked()
    form.get_by_label("Telefonnummer").fill("48 10 01 00")
    form.get_by_label("E-mail").fill("lynge.tand@alleroed.dk")
    form.get_by_label("Hjemmeside").fill("www.alleroed.dk")
    form.get_by_label("Begrundelse").fill("Ny klinik")
    screenshot("04-opret-oe")
    form.get_by_role("button", name="Opret").click()
    expect(page.get_by_role("heading", name="Tandplejen Lynge Skole", level=2)).to_be_visible()
    unit = Unit.objects.get(name="Tandplejen Lynge Skole")
    expect(page).to_have_url(re.compile(rf"/enhed/{unit.sor_id}/"))
    expect(page.get_by_role("status")).to_contain_text(f"gælder fra {_d(7)}")
    details = page.locator("#details")
    expect(details).to_contain_text("Ved Gadekæret 15A, 2. 222, 3540 Lynge")
    expect(details).to_contain_text("(samme som postadresse)")
    expect(details).to_contain_text("(samme som besøgsadresse)")
    expect(details).to_contain_text("Fremtidig fra")
    tree = page.get_by_role("list", name="Organisationstræ")
    expect(tree.get_by_role("link", name="Tandplejen Lynge Skole")).to_be_visible()
    expect(tree).to_contain_text(f"Fremtidig fra {_d(7)}")
    assert unit.parent_id == demo.tandpleje.pk
    assert unit.unit_type.name == "tandplejeklinik"
    assert unit.visiting_same_as_postal and unit.activity_same_as_visiting
    screenshot("05-oprettet")


def test_create_refused_without_phone(admin_page, live_server, demo, screenshot):
    page = admin_page
    before = Unit.objects.count()
    _open(page, live_server, demo.tandpleje, "Opret OE")
    form = page.locator("#create-form")
    form.get_by_label("Navn", exact=True).fill("Tandplejen uden telefon")
    form.get_by_label("Enhedstype").fill("tandplejeklinik")
    _fill_postal(page)
    form.get_by_label("Begrundelse").fill("Ny klinik")  # required for every write (issue 23 item 8)
    form.get_by_role("button", name="Opret").click()
    summary = page.locator('[data-module="error-summary"]')
    expect(summary).to_contain_text("Telefonnummer er obligatorisk.")
    expect(summary).to_be_focused()
    expect(form.locator(".form-error")).to_contain_text("Telefonnummer er obligatorisk.")
    # The user's input is kept.
    expect(form.get_by_label("Navn", exact=True)).to_have_value("Tandplejen uden telefon")
    expect(_group(page, "Postadresse").get_by_label("Vejnavn")).to_have_value("Ved Gadekæret")
    summary.get_by_role("link", name="Telefonnummer er obligatorisk.").click()
    expect(form.get_by_label("Telefonnummer")).to_be_focused()
    screenshot("06-opret-fejl")
    assert Unit.objects.count() == before


def test_edit_unit(admin_page, live_server, demo, screenshot):
    page = admin_page
    unit = demo.tandplejen_blovstrod
    _open(page, live_server, unit, "Rediger OE")
    form = page.locator("#edit-form")
    expect(form.get_by_label("Navn", exact=True)).to_have_value("Tandplejen Blovstrød Skole")
    expect(form.get_by_label("Gældende fra")).to_have_value(_d(0))
    expect(form.get_by_label("Enhedstype")).to_have_value("tandplejeklinik")
    form.get_by_label("Navn", exact=True).fill("Tandplejen Blovstrød")
    form.get_by_label("Gældende fra").fill(_d(14))
    visiting = _group(page, "Besøgsadresse")
    visiting.get_by_label("Samme som postadresse").uncheck()
    visiting.get_by_label("Postnummer").fill("3450")
    visiting.get_by_label("Vejnavn").fill("Kongevejen")
    visiting.get_by_label("Husnummer").fill("8")
    form.get_by_label("Begrundelse").fill("Nyt navn og besøgsadresse")
    screenshot("07-rediger-oe")
    form.get_by_role("button", name="Gem ændringer").click()
    expect(page.get_by_role("status")).to_contain_text(f"gælder fra {_d(14)}")
    expect(page.locator("#details")).to_contain_text("Planlagt ændring")
    unit.refresh_from_db()
    assert unit.name == "Tandplejen Blovstrød Skole"  # today's name until the change takes effect
    future = UnitVersion.objects.get(unit=unit, valid_from=timezone.localdate() + timedelta(days=14))
    assert future.name == "Tandplejen Blovstrød"
    assert future.visiting_address.street_name == "Kongevejen"
    expect(page.get_by_role("list", name="Organisationstræ")).to_contain_text(f"Ændring pr. {_d(14)}")


def test_edit_refused_when_stale(admin_page, live_server, demo):
    from hierarchy import services

    page = admin_page
    unit = demo.tandplejen_blovstrod
    _open(page, live_server, unit, "Rediger OE")
    concurrent = services.UnitData.from_unit(unit)
    concurrent.phone = "48 77 77 77"  # a real change: a save without changes writes nothing
    services.unit_update(actor=None, unit=unit, data=concurrent, reason="samtidig")
    page.locator("#edit-form").get_by_label("Navn", exact=True).fill("Mit nye navn")
    page.locator("#edit-form").get_by_role("button", name="Gem ændringer").click()
    # 409: the message, and a fresh form with the stored values instead of the stale input.
    expect(page.get_by_role("status").filter(has_text="ændret af en anden")).to_be_visible()
    expect(page.locator("#edit-form").get_by_label("Navn", exact=True)).to_have_value(unit.name)
    assert not UnitVersion.objects.filter(name="Mit nye navn").exists()


def test_move_by_sor_code(admin_page, live_server, demo, screenshot):
    page = admin_page
    unit = demo.tandplejen_blovstrod
    _open(page, live_server, unit, "Flyt OE")
    form = page.locator("#move-form")
    expect(form.get_by_label("Dato for flytning")).to_have_value(_d(1))
    form.get_by_label("Ny overliggende enhed (SOR-kode)").fill(demo.blovstrod_skole.sor_id)
    form.get_by_label("Begrundelse").fill("Klinikken hører til skolen")
    form.get_by_role("button", name="Flyt til ny overliggende enhed").click()
    expect(page.get_by_role("status")).to_contain_text(f"flyttes til Blovstrød Skole pr. {_d(1)}")
    version = UnitVersion.objects.get(unit=unit, valid_from=timezone.localdate() + timedelta(days=1))
    assert version.parent_id == demo.blovstrod_skole.pk


def test_move_by_clicking_in_the_tree(admin_page, live_server, demo, screenshot):
    page = admin_page
    unit = demo.tandplejen_blovstrod
    _open(page, live_server, unit, "Flyt OE")
    tree = page.get_by_role("list", name="Organisationstræ")
    page.get_by_role("button", name="Underenheder til Skoler og Dagtilbud").click()
    tree.get_by_role("link", name="Blovstrød Skole", exact=True).click()
    form = page.locator("#move-form")
    expect(form.get_by_label("Ny overliggende enhed (SOR-kode)")).to_have_value(demo.blovstrod_skole.sor_id)
    expect(page.locator("#move-picked")).to_have_text(
        f"Valgt: Blovstrød Skole ({demo.blovstrod_skole.sor_id})"
    )
    # Still on the move form: the click picked the unit instead of opening it.
    expect(page.get_by_role("heading", name="Tandplejen Blovstrød Skole", level=2)).to_be_visible()
    form.get_by_label("Dato for flytning").fill(_d(30))
    form.get_by_label("Begrundelse").fill("Flyttes under skolen")
    screenshot("08-flyt-oe")
    form.get_by_role("button", name="Flyt til ny overliggende enhed").click()
    expect(page.get_by_role("status")).to_contain_text(f"pr. {_d(30)}")
    version = UnitVersion.objects.get(unit=unit, valid_from=timezone.localdate() + timedelta(days=30))
    assert version.parent_id == demo.blovstrod_skole.pk


def test_move_refused_outside_kommune(admin_page, live_server, demo, screenshot):
    page = admin_page
    unit = demo.tandplejen_blovstrod
    _open(page, live_server, unit, "Flyt OE")
    form = page.locator("#move-form")
    form.get_by_label("Ny overliggende enhed (SOR-kode)").fill(demo.other_oe.sor_id)
    form.get_by_label("Begrundelse").fill("Forkert kommune")
    form.get_by_role("button", name="Flyt til ny overliggende enhed").click()
    message = "Flytning skal foretages inden for egen kommune."
    expect(page.locator('[data-module="error-summary"]')).to_contain_text(message)
    expect(form.locator(".form-error")).to_contain_text(message)
    expect(form.get_by_label("Ny overliggende enhed (SOR-kode)")).to_have_value(demo.other_oe.sor_id)
    screenshot("09-flyt-fejl")
    assert UnitVersion.objects.filter(unit=unit).count() == 1


def test_move_refused_today(admin_page, live_server, demo):
    page = admin_page
    unit = demo.tandplejen_blovstrod
    _open(page, live_server, unit, "Flyt OE")
    form = page.locator("#move-form")
    form.get_by_label("Ny overliggende enhed (SOR-kode)").fill(demo.blovstrod_skole.sor_id)
    form.get_by_label("Dato for flytning").fill(_d(0))
    form.get_by_label("Begrundelse").fill("I dag")
    form.get_by_role("button", name="Flyt til ny overliggende enhed").click()
    expect(form.locator(".form-error")).to_contain_text(
        f"Dato for flytning skal tidligst være i morgen ({_d(1)})."
    )
    assert UnitVersion.objects.filter(unit=unit).count() == 1


def test_close_through_the_dialog(admin_page, live_server, demo, screenshot):
    page = admin_page
    unit = demo.aeldre
    _open(page, live_server, unit, "Luk OE")
    form = page.locator("#close-form")
    expect(form.get_by_label("Dato for enhedens ophør")).to_have_value(_d(7))
    form.get_by_label("Dato for enhedens ophør").fill(_d(10))
    form.get_by_label("Begrundelse").fill("Plejehjemmet lukker")
    form.get_by_role("button", name="Luk enhed").click()
    dialog = page.get_by_role("dialog", name=f"Luk {unit.name}?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(_d(10))
    screenshot("10-luk-oe-dialog", full_page=False)
    # Annuller closes the dialog and changes nothing.
    dialog.get_by_role("button", name="Annuller").click()
    expect(dialog).to_be_hidden()
    unit.refresh_from_db()
    assert unit.valid_to is None
    form.get_by_role("button", name="Luk enhed").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="OK").click()
    expect(page.get_by_role("status")).to_contain_text(f"Sidste gyldige dag er {_d(10)}")
    unit.refresh_from_db()
    assert unit.valid_to == timezone.localdate() + timedelta(days=10)
    expect(page.locator("#details")).to_contain_text(f"Lukker {_d(10)}")


def test_close_refused_before_today_plus_7(admin_page, live_server, demo, screenshot):
    """A close that cannot succeed is refused at once: no "Sidste gyldige dag bliver …?" first."""
    page = admin_page
    unit = demo.aeldre
    _open(page, live_server, unit, "Luk OE")
    form = page.locator("#close-form")
    form.get_by_label("Dato for enhedens ophør").fill(_d(3))
    form.get_by_role("button", name="Luk enhed").click()
    message = f"Dato for enhedens ophør skal tidligst være {_d(7)} (dags dato + 7 dage)."
    summary = page.locator('[data-module="error-summary"]')
    expect(summary).to_contain_text(message)
    # Every problem of the submit at once: the date and the missing Begrundelse.
    expect(summary).to_contain_text("Angiv en begrundelse.")
    expect(form.locator(".form-error").first).to_contain_text(message)
    expect(form.get_by_label("Dato for enhedens ophør")).to_have_value(_d(3))
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(form.get_by_role("button", name="OK")).to_have_count(0)
    screenshot("11-luk-fejl")
    unit.refresh_from_db()
    assert unit.valid_to is None


def test_close_refused_with_open_sub_units_before_the_dialog(admin_page, live_server, demo):
    page = admin_page
    _open(page, live_server, demo.tandpleje, "Luk OE")
    form = page.locator("#close-form")
    form.get_by_label("Begrundelse").fill("Lukker")
    form.get_by_role("button", name="Luk enhed").click()
    expect(page.locator('[data-module="error-summary"]')).to_contain_text(
        "fordi disse underenheder stadig er åbne"
    )
    expect(page.get_by_role("dialog")).to_have_count(0)
    demo.tandpleje.refresh_from_db()
    assert demo.tandpleje.valid_to is None


def test_close_date_picker_starts_at_today_plus_7(admin_page, live_server, demo):
    page = admin_page
    _open(page, live_server, demo.aeldre, "Luk OE")
    earliest = (timezone.localdate() + timedelta(days=7)).isoformat()
    expect(page.locator("#details .date-picker")).to_have_attribute("data-min-date", earliest)


def test_street_type_ahead(admin_page, live_server, demo):
    page = admin_page
    _open(page, live_server, demo.tandpleje, "Opret OE")
    postal = _group(page, "Postadresse")
    postal.get_by_label("Postnummer").fill("3540")
    postal.get_by_label("Vejnavn").press_sequentially("Ved")
    expect(page.locator('#postal_address-street-options option[value="Ved Gadekæret"]')).to_have_count(1)
    expect(page.locator('#postal_address-street-options option[value="Idrætsvej"]')).to_have_count(0)


def test_date_picker_works_after_swaps(admin_page, live_server, demo):
    """DKFDS components are initialised once per swapped fragment: a calendar opened after
    several htmx swaps opens (a double-bound button would open and close it at once)."""
    page = admin_page
    _open(page, live_server, demo.aeldre, "Rediger OE")
    details = page.locator("#details")
    details.get_by_role("link", name="Flyt OE").click()
    details.get_by_role("link", name="Luk OE").click()
    expect(details.get_by_label("Dato for enhedens ophør")).to_be_visible()
    expect(page.locator(".date-picker")).to_have_count(1)
    page.get_by_role("button", name="Åbn kalender").click()
    expect(page.locator(".date-picker__calendar")).to_be_visible()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Åbn kalender").click()
    expect(page.locator(".date-picker__calendar")).to_be_visible()


def test_close_tab_screenshot_and_modal_after_swap(admin_page, live_server, demo, screenshot):
    page = admin_page
    _open(page, live_server, demo.aeldre, "Luk OE")
    screenshot("12-luk-oe")
    form = page.locator("#close-form")
    form.get_by_label("Begrundelse").fill("Lukker")
    form.get_by_role("button", name="Luk enhed").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Annuller").click()
    # Switching tabs and back, then asking again, leaves exactly one dialog.
    page.locator("#details").get_by_role("link", name="Detaljer").click()
    expect(page.locator(".fds-modal")).to_have_count(0)
    page.locator("#details").get_by_role("link", name="Luk OE").click()
    form.get_by_label("Begrundelse").fill("Lukker")
    form.get_by_role("button", name="Luk enhed").click()
    expect(dialog).to_be_visible()
    expect(page.locator(".fds-modal")).to_have_count(1)
