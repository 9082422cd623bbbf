"""The same product everywhere, in a browser (issue 13): the footer and the
tilgængelighedserklæring from every page, the Django admin's header and its way back."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from hierarchy import permissions
from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e


def test_footer_and_accessibility_statement(admin_page, live_server, demo):
    page = admin_page
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("link", name="Sorpost@sundhedsdata.dk")).to_be_visible()
    expect(footer).to_contain_text("SOR-telefonen 32 68 53 41, mandag, onsdag og fredag")
    expect(footer.get_by_role("link", name="servicedesk@sundhedsdata.dk")).to_be_visible()
    expect(footer.get_by_role("link", name="sor@medcom.dk")).to_be_visible()
    footer.get_by_role("link", name="Tilgængelighedserklæring").click()
    expect(
        page.get_by_role("heading", name="Tilgængelighedserklæring for SOR Admin", level=1)
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Kendte mangler")).to_be_visible()
    # Open without login too, and the login page has the footer.
    page.get_by_role("button", name="Log ud").click()
    page.get_by_role("contentinfo").get_by_role("link", name="Tilgængelighedserklæring").click()
    expect(page.get_by_role("heading", name="Tilgængelighedserklæring for SOR Admin")).to_be_visible()


def test_django_admin_header_and_way_back(page, live_server, demo):
    user = get_user_model().objects.create_user(username="sds", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SDS)[0])
    login(page, live_server, username="sds")
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_title("Administration af registeret | SOR Admin")
    expect(page.get_by_role("link", name="SOR Admin — Sundhedsdatastyrelsen")).to_be_visible()
    expect(page.get_by_text("Django administration")).to_have_count(0)
    page.get_by_role("link", name="Til SOR Admin (organisationen)").click()
    expect(page.get_by_label("Kun mine enheder")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("Teknisk support")
