"""Words and focus in a browser (issue 13): one message per fault, the lokationsnummer impact as
a warning to confirm, the confirmation focused after a write, Kommunens kommunikation marked,
and a dialog whose close control cannot be read as the action."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exchange import location_numbers
from hierarchy import services
from hierarchy.identifiers import make_gln
from tests import factories
from tests.e2e.test_e2e_forms import _d, _open

pytestmark = pytest.mark.e2e


def test_tree_words_and_kommunens_kommunikation(admin_page, live_server, demo):
    page = admin_page
    adviser = factories.oe(demo.si, "Sygehusadviser, Allerød Kommune", is_municipal_communication=True)
    page.goto(f"{live_server.url}/enhed/{demo.si.sor_id}/?mine=1")
    tree = page.get_by_role("list", name="Organisationstræ")
    si_row = tree.locator(".sor-tree__row", has_text="Center for Sundhed og Omsorg")
    expect(si_row).to_contain_text("4 underenheder")
    tandpleje_row = tree.locator(".sor-tree__row", has_text="Allerød Kommunes Tandpleje")
    page.get_by_role("button", name="Underenheder til Center for Sundhed og Omsorg").click()
    expect(tandpleje_row).to_contain_text("1 underenhed")
    expect(tandpleje_row).not_to_contain_text("1 underenheder")
    expect(tandpleje_row.locator(".sor-count")).to_have_attribute("title", "1 underenhed")
    page.goto(f"{live_server.url}/enhed/{adviser.sor_id}/?mine=1")
    adviser_row = tree.locator(".sor-tree__row", has_text="Sygehusadviser, Allerød Kommune")
    expect(adviser_row).to_contain_text("Kommunens kommunikation, kan ikke ændres")
    adviser_row.get_by_role("link", name="Sygehusadviser, Allerød Kommune").click()
    details = page.locator("#details")
    expect(details.locator(".sor-details__sub")).to_contain_text("Kommunens kommunikation: kan ikke ændres")
    expect(details.get_by_role("link", name="Rediger OE")).to_have_count(0)


def test_one_message_per_fault(admin_page, live_server, demo):
    page = admin_page
    code = demo.blovstrod_skole.sor_id
    page.get_by_label("SOR-kode", exact=True).fill(code[:-1] + str((int(code[-1]) + 1) % 10))
    page.get_by_role("button", name="Søg").click()
    expect(page.locator("#navigator-results")).to_contain_text("forkert kontrolciffer")
    expect(page.locator("#navigator-results")).not_to_contain_text("Ingen enheder matcher")

    _open(page, live_server, demo.tandpleje, "Opret OE")
    form = page.locator("#create-form")
    form.get_by_label("Gældende fra").fill("31-02-2027")
    form.get_by_role("button", name="Opret").click()
    summary = page.locator('[data-module="error-summary"]')
    expect(summary).to_contain_text("Datoen 31-02-2027 findes ikke.")
    expect(summary).not_to_contain_text("Angiv en dato")
    expect(summary).not_to_contain_text("skal skrives som")


def test_impact_is_a_warning_and_the_confirmation_gets_focus(admin_page, live_server, demo, sds_user):
    page = admin_page
    unit = demo.tandplejen_blovstrod
    location_numbers.location_number_create(
        actor=sds_user,
        unit=unit,
        gln=make_gln("579000054321"),
        message_types=services.message_types_by_code("XDIS19"),
        reason="Testændring",
    )
    _open(page, live_server, unit, "Flyt OE")
    form = page.locator("#move-form")
    form.get_by_label("Ny overliggende enhed (SOR-kode)").fill(demo.blovstrod_skole.sor_id)
    form.get_by_label("Begrundelse").fill("Klinikken hører til skolen")
    form.get_by_role("button", name="Flyt til ny overliggende enhed").click()
    warning = page.locator("#impact-warning")
    expect(warning).to_be_focused()
    expect(warning).to_contain_text("Konsekvenser for lokationsnumre")
    expect(page.locator('[data-module="error-summary"]')).to_have_count(0)
    expect(page.get_by_text("Der er problemer")).to_have_count(0)
    form.get_by_label("Jeg har set konsekvenserne for lokationsnumre").check()
    form.get_by_role("button", name="Flyt til ny overliggende enhed").click()
    confirmation = page.get_by_role("status").filter(has_text="flyttes til Blovstrød Skole")
    expect(confirmation).to_be_focused()


def test_close_dialog_and_focus_after_close(admin_page, live_server, demo):
    page = admin_page
    unit = demo.aeldre
    _open(page, live_server, unit, "Luk OE")
    form = page.locator("#close-form")
    form.get_by_label("Begrundelse").fill("Plejehjemmet lukker")
    form.get_by_role("button", name="Luk enhed").click()
    dialog = page.get_by_role("dialog", name=f"Luk {unit.name}?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Luk", exact=True)).to_have_count(0)
    dialog.get_by_role("button", name="Annuller").click()
    expect(dialog).to_be_hidden()
    form.get_by_role("button", name="Luk enhed").click()
    dialog.get_by_role("button", name="OK").click()
    day = (timezone.localdate() + timedelta(days=7)).strftime("%d-%m-%Y")
    expect(page.get_by_role("status").filter(has_text=f"Sidste gyldige dag er {day}")).to_be_focused()
    assert _d(7) == day


def test_aendringslog_filter_bar(page, live_server, demo):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from hierarchy import permissions
    from tests.e2e.conftest import PASSWORD, login

    services.unit_close(actor=demo.user, unit=demo.aeldre, reason="Plejehjemmet lukker")
    user = get_user_model().objects.create_user(username="support", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SUPPORT)[0])
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, live_server, username="support")
    page.get_by_role("link", name="Ændringslog").click()
    page.get_by_label("Kommune").fill("Allerød")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_role("status").filter(has_text="Viser hændelser i Allerød Kommune.")).to_be_visible()
    first = page.locator("#audit-events tbody tr").first
    expect(first).to_contain_text("Plejehjemmet lukker")
    expect(first).to_be_in_viewport()  # the first events on the first screen
    expect(first.locator("td").first).to_have_text(re.compile(r"^\d{2}-\d{2}-\d{4} \d{2}:\d{2}$"))


def test_tree_at_390_px_keeps_names_and_badges_inside(admin_page, live_server, demo):
    page = admin_page
    services.unit_close(actor=demo.user, unit=demo.aeldre, reason="Plejehjemmet lukker")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/enhed/{demo.aeldre.sor_id}/?mine=1")
    row = page.locator(".sor-tree__row", has_text="Ældreplejen Lyngehus")
    badge = row.locator(".sor-badge")
    expect(badge).to_contain_text("Lukker")
    tree_box = page.get_by_role("list", name="Organisationstræ").bounding_box()
    badge_box, link_box = badge.bounding_box(), row.get_by_role("link").bounding_box()
    assert badge_box["x"] + badge_box["width"] <= tree_box["x"] + tree_box["width"] + 1
    assert link_box["x"] >= tree_box["x"]  # the name keeps its indentation
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # A long name wraps beside its arrow, not below it.
    center = page.locator(".sor-tree__row", has_text="Center for Sundhed og Omsorg").get_by_role("link")
    toggle = page.get_by_role("button", name="Underenheder til Center for Sundhed og Omsorg").bounding_box()
    assert center.bounding_box()["x"] > toggle["x"] + toggle["width"] - 1
