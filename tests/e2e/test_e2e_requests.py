"""Anmodninger in the browser (issue 25): admin.allerod asks to rename Allerød's SI, `sds`
approves it in the queue, the SI carries the new name from the requested date, and the
Ændringslog shows the request beside the change."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from hierarchy import permissions
from hierarchy.dates import today
from hierarchy.models import UnitVersion
from tests.e2e import test_e2e_accessibility as accessibility
from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e
# The accessibility test's page with axe allowed in, and its audit.
axe_page = accessibility.axe_page
audit = accessibility.audit

NEW_NAME = "Center for Sundhed, Omsorg og Ældre"


def test_file_then_approve(page, live_server, demo):
    sds = get_user_model().objects.create_user(username="sds", password=PASSWORD, first_name="Sofie")
    sds.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SDS)[0])
    day = today() + timedelta(days=3)
    shown_day = day.strftime("%d-%m-%Y")

    login(page, live_server)
    page.goto(f"{live_server.url}/enhed/{demo.si.sor_id}/")
    page.get_by_role("link", name="Anmod om ændring").click()
    expect(page.get_by_role("heading", name="Anmod om ændring")).to_be_visible()
    page.get_by_label("Navn", exact=True).fill(NEW_NAME)
    page.get_by_label("Gældende fra").fill(shown_day)
    page.get_by_label("Begrundelse").fill("Byrådet har lagt ældreområdet ind under centret.")
    page.get_by_role("button", name="Send anmodning").click()
    expect(page.get_by_role("status").filter(has_text="er sendt til Sundhedsdatastyrelsen")).to_be_visible()
    expect(page.locator("#request-status")).to_have_text("Modtaget")

    page.context.clear_cookies()
    login(page, live_server, username="sds")
    page.get_by_role("link", name="Anmodninger", exact=True).click()
    queue = page.locator("#requests")
    expect(queue).to_contain_text("Center for Sundhed og Omsorg")
    queue.get_by_role("link", name="nr.").first.click()
    diff = page.locator("#request-diff")
    expect(diff).to_contain_text(f"Pr. {shown_day}")
    expect(diff).to_contain_text(NEW_NAME)
    # Another date in the approve form shows the difference on that date (htmx), and back.
    approve_date = page.locator("#approve-form").get_by_label("Gældende fra")
    other_day = (day + timedelta(days=1)).strftime("%d-%m-%Y")
    approve_date.fill(other_day)
    approve_date.press("Tab")
    expect(page.locator("#request-diff")).to_contain_text(f"Pr. {other_day}")
    approve_date = page.locator("#approve-form").get_by_label("Gældende fra")
    approve_date.fill(shown_day)
    approve_date.press("Tab")
    expect(page.locator("#request-diff")).to_contain_text(f"Pr. {shown_day}")
    page.get_by_role("button", name="Godkend").click()
    expect(page.locator("#request-status")).to_have_text("Godkendt")
    history = page.locator("#request-history")
    expect(history).to_contain_text("Enhed ændret")
    expect(history).to_contain_text("Anmodning godkendt")

    # The new name from the requested date, not before.
    version = UnitVersion.objects.get(unit=demo.si, valid_from=day)
    assert version.name == NEW_NAME
    assert version.reason.startswith("Anmodning nr. ")

    page.goto(f"{live_server.url}/aendringslog/?sor_kode={demo.si.sor_id}")
    events = page.locator("#audit-events tbody")
    expect(events.locator("tr").nth(0)).to_contain_text("Anmodning godkendt")
    expect(events.locator("tr").nth(1)).to_contain_text("Enhed ændret")
    expect(events.locator("tr").nth(1)).to_contain_text("Anmodning nr. ")
    expect(events).to_contain_text("Anmodning modtaget")


def test_no_axe_violations_on_the_request_pages(axe_page, live_server, demo):
    from change_requests import services

    sds = get_user_model().objects.create_user(username="sds", password=PASSWORD)
    sds.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SDS)[0])
    request = services.request_file(
        actor=demo.user,
        unit=demo.si,
        kind="rediger",
        proposed={"name": NEW_NAME},
        effective_date=today() + timedelta(days=3),
        reason="Test",
    )
    page, base, violations, incomplete = axe_page, live_server.url, [], []
    login(page, live_server)
    for url in (f"/anmodninger/ny/{demo.si.sor_id}/", "/anmodninger/", f"/anmodninger/{request.pk}/"):
        page.goto(base + url)
        violations += audit(page, url, incomplete)
    page.goto(f"{base}/anmodninger/ny/{demo.si.sor_id}/")
    page.get_by_role("button", name="Send anmodning").click()  # errors: Begrundelse, date
    expect(page.locator('[data-module="error-summary"]')).to_be_visible()
    violations += audit(page, "form with errors", incomplete)
    page.context.clear_cookies()
    login(page, live_server, username="sds")
    for url in ("/anmodninger/", f"/anmodninger/{request.pk}/"):
        page.goto(base + url)
        violations += audit(page, f"sds {url}", incomplete)
    print("\n".join(incomplete))
    assert violations == []
