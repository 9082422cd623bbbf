"""The screenshots of the README (docs/*.png), taken at 1366x768 and 390 px wide. They go to
artifacts/screenshots/ like every e2e screenshot; `scripts/screenshots` runs this test and
copies them into docs/ (viewport-sized, together about 300 KB)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from hierarchy import permissions, services
from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e


def test_readme_screenshots(page, live_server, demo, screenshot):
    services.unit_close(actor=demo.user, unit=demo.aeldre, reason="Plejehjemmet lukker")
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, live_server)
    page.goto(f"{live_server.url}/enhed/{demo.tandplejen_blovstrod.sor_id}/?mine=1")
    expect(page.get_by_role("heading", name="Tandplejen Blovstrød Skole", level=2)).to_be_visible()
    screenshot("readme-1366-enhed", full_page=False)
    page.locator("#details").get_by_role("link", name="Opret OE").click()
    page.locator("#create-form").get_by_role("button", name="Opret").click()
    expect(page.locator('[data-module="error-summary"]')).to_be_focused()
    screenshot("opret-fejl-1366", full_page=False)  # not in the README: four pictures are enough

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/?mine=1")
    page.get_by_role("button", name="Underenheder til Allerød Kommune").click()
    page.get_by_role("button", name="Underenheder til Center for Sundhed og Omsorg").click()
    page.locator("#navigator-results").evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)  # the arrows' turn (0.15 s) has ended
    screenshot("readme-390-trae", full_page=False)
    page.evaluate("window.scrollTo(0, 0)")
    page.get_by_role("button", name="Menu").click()
    expect(
        page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Vis pr. dato")
    ).to_be_visible()
    screenshot("readme-390-menu", full_page=False)
    page.goto(f"{live_server.url}/enhed/{demo.tandplejen_blovstrod.sor_id}/?mine=1")
    page.locator("#details").evaluate("el => el.scrollIntoView({block: 'start'})")
    screenshot("readme-390-enhed", full_page=False)
    page.get_by_role("button", name="Log ud").click()

    user = get_user_model().objects.create_user(
        username="support", password=PASSWORD, first_name="Sanne", last_name="Support"
    )
    user.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SUPPORT)[0])
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, live_server, username="support")
    page.goto(f"{live_server.url}/aendringslog/?kommune=Aller%C3%B8d")
    expect(page.locator("#audit-events tbody tr").first).to_be_visible()
    screenshot("readme-1366-aendringslog", full_page=False)
