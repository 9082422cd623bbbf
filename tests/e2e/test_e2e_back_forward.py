"""Back, Forward and reload after every kind of htmx navigation always show a whole page (issue
13): a URL that htmx pushed answers with the whole page when loaded directly, and the browser
never shows a stored fragment in its place. The back-forward cache is off in these browsers
(conftest), so every Back really loads the page."""

import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _traverse(page, go):
    """Back or Forward as the user presses it, then waits for the page it brings. Every Back and
    Forward loads a whole page here (module docstring): to an address htmx pushed, htmx reloads it
    (refreshOnHistoryMiss, no history cache), a moment after the browser has changed the address,
    which can also abort Playwright's own wait for the history navigation. So the old document is
    marked, and the step ends when a new, completely loaded document has replaced it: the next
    Back then never arrives before htmx's history handler is installed (at DOMContentLoaded)."""
    page.evaluate("window.__sorOldPage = true")
    try:
        go()
    except PlaywrightError as exc:
        if "ERR_ABORTED" not in str(exc) and "Not attached" not in str(exc):
            raise
    deadline = time.monotonic() + 10
    while True:
        try:
            if page.evaluate("() => !window.__sorOldPage && document.readyState === 'complete'"):
                return
        except PlaywrightError:
            pass  # the document is being replaced
        assert time.monotonic() < deadline, "Back/Forward loaded no new page within 10 s"
        page.wait_for_timeout(50)


def _back(page):
    _traverse(page, page.go_back)


def _forward(page):
    _traverse(page, page.go_forward)


def _whole_page(page, heading=None):
    """The header, the navigator and (if given) the unit's heading: not a bare fragment."""
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()
    expect(page.locator("link[rel=stylesheet]")).not_to_have_count(0)
    if heading:
        expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()


def test_back_forward_reload_after_tree_navigation(admin_page, live_server, demo):
    page = admin_page
    page.get_by_label("Kun mine enheder").check()
    page.get_by_label("Kun mine enheder").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/?mine=1")
    tree = page.get_by_role("list", name="Organisationstræ")
    tree.get_by_role("link", name="Allerød Kommune").click()
    expect(page).to_have_url(re.compile(rf"/enhed/{demo.kommune.sor_id}/\?mine=1$"))
    page.get_by_role("button", name="Underenheder til Allerød Kommune").click()
    tree.get_by_role("link", name="Center for Sundhed og Omsorg").click()
    _whole_page(page, "Center for Sundhed og Omsorg")
    page.locator("#details").get_by_role("link", name="Opret OE").click()
    expect(page).to_have_url(re.compile(r"/opret/\?mine=1$"))
    page.get_by_role("link", name="Vis pr. dato").click()
    expect(page.get_by_role("heading", name="Vis pr. dato", level=1)).to_be_visible()

    _back(page)
    expect(page).to_have_url(re.compile(r"/opret/\?mine=1$"))
    _whole_page(page, "Center for Sundhed og Omsorg")
    expect(page.locator("#details").get_by_role("button", name="Opret")).to_be_visible()
    _back(page)
    _whole_page(page, "Center for Sundhed og Omsorg")
    _back(page)
    expect(page).to_have_url(re.compile(rf"/enhed/{demo.kommune.sor_id}/\?mine=1$"))
    _whole_page(page, "Allerød Kommune")
    page.reload()
    _whole_page(page, "Allerød Kommune")
    _back(page)
    expect(page).to_have_url(f"{live_server.url}/?mine=1")
    _whole_page(page)
    expect(tree.get_by_role("link", name="Allerød Kommune")).to_be_visible()
    _forward(page)
    _whole_page(page, "Allerød Kommune")
    _forward(page)
    _whole_page(page, "Center for Sundhed og Omsorg")


def test_back_forward_after_search_and_pushed_url(admin_page, live_server, demo):
    page = admin_page
    page.get_by_label("Navn", exact=True).fill("*blovstrød*")
    page.get_by_label("Navn", exact=True).press("Enter")
    results = page.get_by_role("list", name="Søgeresultat")
    expect(results.get_by_role("link", name="Blovstrød Skole", exact=True)).to_be_visible()
    # The pushed URL holds the search and nothing empty.
    expect(page).to_have_url(f"{live_server.url}/?navn=%2Ablovstr%C3%B8d%2A")
    results.get_by_role("link", name="Blovstrød Skole", exact=True).click()
    _whole_page(page, "Blovstrød Skole")
    # A search made while a unit is open keeps the unit in the URL.
    page.get_by_label("Navn", exact=True).fill("*skole")
    page.get_by_label("Navn", exact=True).press("Enter")
    expect(results.get_by_role("link", name="Tandplejen Blovstrød Skole")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/?navn=%2Askole&enhed={demo.blovstrod_skole.sor_id}")
    shared = page.url
    page.get_by_role("link", name="Vis pr. dato").click()
    _back(page)
    expect(page).to_have_url(shared)
    _whole_page(page, "Blovstrød Skole")
    expect(results.get_by_role("link", name="Tandplejen Blovstrød Skole")).to_be_visible()
    _back(page)
    _whole_page(page, "Blovstrød Skole")
    _back(page)
    _whole_page(page)
    expect(results.get_by_role("link", name="Blovstrød Skole", exact=True)).to_be_visible()
    _forward(page)
    _whole_page(page, "Blovstrød Skole")

    # The shared URL, opened in a new tab, reproduces the search and the selected unit.
    other = page.context.new_page()
    other.goto(shared)
    expect(other.get_by_label("Navn", exact=True)).to_have_value("*skole")
    expect(
        other.get_by_role("list", name="Søgeresultat").get_by_role("link", name="Tandplejen Blovstrød Skole")
    ).to_be_visible()
    expect(other.get_by_role("heading", name="Blovstrød Skole", level=2)).to_be_visible()


def test_kun_mine_enheder_brings_the_tree_into_view(admin_page, live_server, demo):
    page = admin_page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_label("Kun mine enheder").check()
    page.get_by_label("Kun mine enheder").press("Enter")
    tree = page.get_by_role("list", name="Organisationstræ")
    expect(tree.get_by_role("link", name="Allerød Kommune")).to_be_in_viewport()
    hint = page.locator("#details")
    expect(hint).not_to_contain_text("Sæt kryds i Kun mine enheder")
    expect(hint).to_contain_text("Klik på en enhed i træet")
