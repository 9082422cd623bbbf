"""Cross-cutting browser checks: a strict Content-Security-Policy holds (no inline scripts,
styles or handlers), the narrow layout is usable, and the main screen at 1280x800."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"


def test_strict_csp_holds_through_a_whole_flow(page, live_server, demo):
    violations = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )

    def add_csp(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": CSP}
        route.fulfill(response=response, headers=headers)

    page.route(f"{live_server.url}/**", add_csp)
    login(page, live_server)
    page.get_by_label("Kun mine enheder").check()
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("button", name="Underenheder til Allerød Kommune").click()
    page.get_by_role("button", name="Underenheder til Center for Sundhed og Omsorg").click()
    page.get_by_role("link", name="Ældreplejen Lyngehus").click()
    details = page.locator("#details")
    details.get_by_role("link", name="Opret OE").click()
    expect(details.locator(".date-picker.date-picker--initialized")).to_have_count(1)
    details.get_by_label("Enhedstype").press_sequentially("tand")
    expect(page.locator('#unit-type-options option[value="tandplejeklinik"]')).to_have_count(1)
    details.get_by_role("button", name="Opret").click()
    expect(page.locator('[data-module="error-summary"]')).to_be_visible()
    details.get_by_role("link", name="Luk OE").click()
    expect(details.locator(".date-picker.date-picker--initialized")).to_have_count(1)  # panel initialised
    # The dialog opens only for a close the server has checked (issue 11, item 16): with a reason.
    close_form = details.locator("#close-form")
    expect(close_form).to_be_visible()
    close_form.get_by_label("Begrundelse").fill("Test af CSP")
    close_form.get_by_role("button", name="Luk enhed").click()
    page.get_by_role("dialog").get_by_role("button", name="Annuller").click()
    page.get_by_role("button", name="Åbn kalender").click()
    expect(page.locator(".date-picker__calendar")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the calendar's icons too
    page.unroute_all(behavior="wait")
    assert violations == []


def test_narrow_screen_is_usable(page, live_server, demo, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server)
    page.get_by_label("Navn", exact=True).fill("*skole")
    page.get_by_label("Navn", exact=True).press("Enter")
    page.get_by_role("list", name="Søgeresultat").get_by_role(
        "link", name="Blovstrød Skole", exact=True
    ).click()
    heading = page.get_by_role("heading", name="Blovstrød Skole", level=2)
    expect(heading).to_be_in_viewport()
    page.locator("#details").get_by_role("link", name="Rediger OE").click()
    expect(page.locator("#edit-form").get_by_label("Navn", exact=True)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    screenshot("13-smal-skaerm")


def test_log_out_reachable_on_narrow_screen(page, live_server, demo, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server)
    logout = page.get_by_role("button", name="Log ud")
    expect(logout).to_be_in_viewport()
    screenshot("14-smal-start", full_page=False)
    logout.click()
    expect(page.get_by_role("button", name="Log ind")).to_be_visible()
