"""Historik and Vis pr. dato in a real browser: the Historik tab, withdrawing a planned move,
and the tree on a date, with no CSP violations."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from hierarchy import services
from tests.factories import refresh

pytestmark = pytest.mark.e2e


def test_history_withdraw_and_as_of(admin_page, live_server, demo, screenshot):
    page = admin_page
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    day = services.today() + timedelta(days=10)
    services.unit_move(
        actor=demo.user,
        unit=demo.tandplejen_blovstrod,
        new_parent=demo.blovstrod_skole,
        effective_date=day,
        reason="Flyttes til skolen",
    )
    page.goto(f"{live_server.url}/enhed/{demo.tandplejen_blovstrod.sor_id}/")
    page.get_by_role("link", name="Historik").click()
    expect(page.get_by_role("heading", name="Historik", exact=True)).to_be_visible()
    for heading in ("Fortid", "Nu", "Fremtid"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    future = page.locator("#historik-future")
    expect(future).to_contain_text("Flyttes til skolen")
    screenshot("history-01-future")

    page.get_by_role("link", name="Vis pr. dato").click()
    page.get_by_label("Dato", exact=True).fill(day.strftime("%d-%m-%Y"))
    page.get_by_role("button", name="Vis pr. dato").click()
    tree = page.locator("#as-of-tree")
    expect(tree.locator("li", has_text="Blovstrød Skole").last).to_contain_text("Tandplejen Blovstrød Skole")
    screenshot("history-02-as-of")

    page.goto(f"{live_server.url}/enhed/{demo.tandplejen_blovstrod.sor_id}/historik/")
    future = page.locator("#historik-future")
    future.get_by_label("Begrundelse").fill("Fortrudt")
    future.get_by_role("button", name="Tilbagetræk ændringen").click()
    expect(page.locator("#historik-future")).to_contain_text("Ingen versioner.")
    assert not refresh(demo.tandplejen_blovstrod).versions.filter(valid_from=day).exists()
    assert not [p for p in problems if "Content Security Policy" in p], problems
