"""Log ind med MitID Erhverv in a real browser: the login page's button, the test OpenID
provider on 127.0.0.1 (tests/accounts/provider.py), back with the role and kommune from the
claims, and Log ud ending the session at the provider too."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.provider import serving

pytestmark = pytest.mark.e2e


@pytest.fixture
def provider(settings):
    with serving(settings) as op:
        yield op


def test_login_with_mitid_erhverv_gives_the_kommune_and_the_write_tabs(
    page, live_server, demo, provider, screenshot
):
    provider.claims = {
        "sub": "emp-1",
        "name": "Bente Broker",
        "roles": ["sor-kommune-admin"],
        "kommunekoder": ["0201"],
    }
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Log ind med MitID Erhverv").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("Bente Broker, Allerød Kommune")).to_be_visible()
    page.goto(f"{live_server.url}/enhed/{demo.tandpleje.sor_id}/")
    for tab in ("Opret OE", "Rediger OE", "Flyt OE", "Luk OE"):
        expect(page.get_by_role("link", name=tab)).to_be_visible()
    screenshot("40-oidc-login")
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(re.escape(provider.issuer) + r"/logout\?"))
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))


def test_a_person_without_a_sor_role_is_told_how_to_get_one(page, live_server, demo, provider):
    provider.claims = {"sub": "emp-2", "name": "Carl Uden Rolle", "roles": []}
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Log ind med MitID Erhverv").click()
    expect(page.get_by_role("heading", name="Du har ingen rolle i SOR")).to_be_visible()
    expect(page.get_by_text("brugeradministration")).to_be_visible()
