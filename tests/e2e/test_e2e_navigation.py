"""Login, Kun mine enheder, the tree and search in a real browser (R8, R9)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, settled

pytestmark = pytest.mark.e2e


def test_login_and_logout(page, live_server, demo, screenshot):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    page.get_by_label("Brugernavn").fill("admin.allerod")
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_contain_text("Forkert brugernavn eller adgangskode")
    expect(page.get_by_label("Brugernavn")).to_have_value("admin.allerod")
    screenshot("00-login-error")
    page.get_by_label("Adgangskode").fill("demo")
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("Anne Andersen, Allerød Kommune")).to_be_visible()
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    page.goto(f"{live_server.url}/enhed/{demo.tandpleje.sor_id}/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))


def test_mine_expand_and_details(admin_page, live_server, demo, screenshot):
    page = admin_page
    screenshot("01-start")
    page.get_by_label("Kun mine enheder").check()
    page.get_by_label("Kun mine enheder").press("Enter")
    tree = page.get_by_role("list", name="Organisationstræ")
    expect(tree.get_by_role("link", name="Allerød Kommune")).to_be_visible()
    expect(tree.get_by_role("link", name="Center for Sundhed og Omsorg")).to_be_hidden()
    # Other kommuner are not "mine".
    expect(page.get_by_role("link", name="Sundhed og Omsorg Aarhus")).to_have_count(0)
    page.get_by_role("button", name="Underenheder til Allerød Kommune").click()
    expect(tree.get_by_role("link", name="Center for Sundhed og Omsorg")).to_be_visible()
    # One level at a time: the grandchildren are not there yet.
    expect(tree.get_by_role("link", name="Allerød Kommunes Tandpleje")).to_be_hidden()
    page.get_by_role("button", name="Underenheder til Center for Sundhed og Omsorg").click()
    page.get_by_role("button", name="Underenheder til Allerød Kommunes Tandpleje").click()
    tree.get_by_role("link", name="Tandplejen Blovstrød Skole").click()
    expect(page.get_by_role("heading", name="Tandplejen Blovstrød Skole", level=2)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/enhed/{demo.tandplejen_blovstrod.sor_id}/\?mine=1$"))
    details = page.locator("#details")
    expect(details.get_by_text(demo.tandplejen_blovstrod.sor_id).first).to_be_visible()
    expect(details.get_by_role("navigation", name="Placering i SOR-hierarkiet")).to_contain_text(
        "Allerød Kommune"
    )
    for tab in ("Opret OE", "Rediger OE", "Flyt OE", "Luk OE"):
        expect(details.get_by_role("link", name=tab)).to_be_visible()
    screenshot("02-details")
    # Collapsing and expanding again does not load the level twice.
    toggle = page.get_by_role("button", name="Underenheder til Allerød Kommunes Tandpleje")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(tree.get_by_role("link", name="Tandplejen Blovstrød Skole")).to_have_count(1)
    # The details URL is real: a reload shows the same unit with the path open.
    page.reload()
    expect(page.get_by_role("heading", name="Tandplejen Blovstrød Skole", level=2)).to_be_visible()
    expect(
        page.get_by_role("list", name="Organisationstræ").get_by_role(
            "link", name="Tandplejen Blovstrød Skole"
        )
    ).to_have_attribute("aria-current", "true")


def test_ie_and_si_have_no_write_tabs_for_municipal_admin(admin_page, live_server, demo):
    page = admin_page
    page.goto(f"{live_server.url}/enhed/{demo.kommune.sor_id}/?mine=1")
    details = page.locator("#details")
    expect(details.get_by_role("heading", name="Allerød Kommune", level=2)).to_be_visible()
    for tab in ("Opret OE", "Rediger OE", "Flyt OE", "Luk OE"):
        expect(details.get_by_role("link", name=tab)).to_have_count(0)
    page.goto(f"{live_server.url}/enhed/{demo.si.sor_id}/")
    expect(details.get_by_role("link", name="Opret OE")).to_be_visible()
    expect(details.get_by_role("link", name="Rediger OE")).to_have_count(0)
    page.goto(f"{live_server.url}/enhed/{demo.other_oe.sor_id}/")
    expect(details.get_by_role("heading", name="Hjemmeplejen Aarhus Midt", level=2)).to_be_visible()
    for tab in ("Opret OE", "Rediger OE", "Flyt OE", "Luk OE"):
        expect(details.get_by_role("link", name=tab)).to_have_count(0)


def _results(page):
    return page.get_by_role("list", name="Søgeresultat")


@pytest.mark.parametrize(
    ("field", "text", "expected", "not_expected"),
    [
        (
            "Navn",
            "*blovstrød*",
            ["Tandplejen Blovstrød Skole", "Blovstrød Skole"],
            ["Allerød Kommunes Tandpleje"],
        ),
        ("Navn", "Blovstrød*", ["Blovstrød Skole"], ["Tandplejen Blovstrød Skole"]),
        ("Navn", "*skole", ["Tandplejen Blovstrød Skole", "Blovstrød Skole"], ["Skoler og Dagtilbud"]),
        ("Fritekst", "ÆLDRE", ["Ældreplejen Lyngehus"], ["Blovstrød Skole"]),
    ],
)
def test_search_patterns(admin_page, live_server, demo, field, text, expected, not_expected, screenshot):
    page = admin_page
    page.get_by_label(field, exact=True).fill(text)
    page.get_by_label(field, exact=True).press("Enter")
    results = _results(page)
    for name in expected:
        expect(results.get_by_role("link", name=name, exact=True)).to_be_visible()
    for name in not_expected:
        expect(results.get_by_role("link", name=name, exact=True)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/\?"))
    if text == "*blovstrød*":
        expect(results).to_contain_text(demo.tandplejen_blovstrod.sor_id)
        expect(results).to_contain_text("tandplejeklinik")
        expect(results).to_contain_text(
            "Allerød Kommune › Center for Sundhed og Omsorg › Allerød Kommunes Tandpleje"
        )
        screenshot("03-search-results")
        results.get_by_role("link", name="Tandplejen Blovstrød Skole").click()
        expect(page.get_by_role("heading", name="Tandplejen Blovstrød Skole", level=2)).to_be_visible()


def test_search_by_sor_code_with_search_button(admin_page, live_server, demo):
    page = admin_page
    page.get_by_label("SOR-kode", exact=True).fill(demo.blovstrod_skole.sor_id)
    page.get_by_role("button", name="Søg").click()
    results = _results(page)
    expect(results.get_by_role("listitem")).to_have_count(1)
    results.get_by_role("link", name="Blovstrød Skole").click()
    expect(page.get_by_role("heading", name="Blovstrød Skole", level=2)).to_be_visible()
    # The search result and the selected unit both survive a reload.
    page.reload()
    expect(_results(page).get_by_role("link", name="Blovstrød Skole")).to_be_visible()
    expect(page.get_by_role("heading", name="Blovstrød Skole", level=2)).to_be_visible()


def test_search_without_match(admin_page, live_server, demo):
    page = admin_page
    page.get_by_label("Navn", exact=True).fill("*findes ikke*")
    page.get_by_label("Navn", exact=True).press("Enter")
    expect(page.get_by_text("Ingen enheder matcher søgningen.")).to_be_visible()


def test_keyboard_only_navigation(page, live_server, demo):
    login(page, live_server)
    page.get_by_label("Kun mine enheder").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    settled(page)  # the search answer replaces the tree; act on the new one
    toggle = page.get_by_role("button", name="Underenheder til Allerød Kommune")
    expect(toggle).to_be_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    child_toggle = page.get_by_role("button", name="Underenheder til Center for Sundhed og Omsorg")
    expect(child_toggle).to_be_visible()  # the level is loaded on demand
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(child_toggle).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Allerød Kommune", level=2)).to_be_focused()
