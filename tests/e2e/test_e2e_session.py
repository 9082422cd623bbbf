"""The session's end in a browser (issue 13): a warning a few minutes before, with a button to
stay logged in; after the end, a click sends the user to the login page and back again."""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e


def test_warning_before_the_session_ends_and_stay_logged_in(page, live_server, demo):
    page.clock.install()
    login(page, live_server)
    warning = page.locator("#session-warning")
    expect(page.get_by_label("Kun mine enheder")).to_be_visible()
    expect(warning).to_be_hidden()
    page.clock.fast_forward("07:54:00")  # 8 hours without requests, less 6 minutes
    expect(warning).to_be_hidden()
    page.clock.fast_forward("02:00")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Du bliver logget ud om 4 minutter")
    warning.get_by_role("button", name="Forbliv logget ind").click()
    expect(warning).to_be_hidden()
    page.clock.fast_forward("07:50:00")
    expect(warning).to_be_hidden()
    # Every request counts as activity: a click in the page starts the count again.
    page.get_by_label("Kun mine enheder").check()
    page.get_by_label("Kun mine enheder").press("Enter")
    expect(page.get_by_role("link", name="Allerød Kommune")).to_be_visible()
    page.clock.fast_forward("07:56:00")
    expect(warning).to_be_visible()
    page.clock.fast_forward("04:10")
    expect(warning.get_by_role("heading", name="Du er logget ud")).to_be_visible()
    expect(warning.get_by_role("link", name="Log ind igen")).to_have_attribute(
        "href", "/login/?next=%2F%3Fmine%3D1"
    )


def test_after_the_end_a_click_goes_to_login_and_back(admin_page, live_server, demo):
    page = admin_page
    page.get_by_label("Kun mine enheder").check()
    page.get_by_label("Kun mine enheder").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/?mine=1")
    Session.objects.all().delete()  # the session has ended on the server
    page.get_by_role("link", name="Allerød Kommune").click()
    expect(page).to_have_url(re.compile(r"/login/\?next=/%3Fmine%3D1$"))
    expect(page.locator("#details")).to_have_count(0)  # a whole login page, not a fragment
    page.get_by_label("Brugernavn").fill("admin.allerod")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(f"{live_server.url}/?mine=1")
    expect(page.get_by_role("link", name="Allerød Kommune")).to_be_visible()


def test_login_is_not_warned(page, live_server, demo):
    login(page, live_server)
    page.get_by_role("button", name="Log ud").click()
    expect(page.locator("#session-warning")).to_have_count(0)
