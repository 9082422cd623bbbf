"""Omstruktureringer in the browser: SDS uploads the Region Østdanmark plan, sees its impact,
stores it and withdraws it."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from hierarchy import permissions, services
from tests import factories
from tests.reorganisation.conftest import PLAN_FILE, region

from .conftest import PASSWORD, login

pytestmark = pytest.mark.e2e


@pytest.fixture
def sds_page(page, live_server, transactional_db):
    from hierarchy import reference

    reference.load_all()
    hovedstaden, sjaelland = region("Region Hovedstaden"), region("Region Sjælland")
    factories.si(hovedstaden, "Rigshospitalet")
    factories.si(sjaelland, "Sjællands Universitetshospital")
    user = get_user_model().objects.create_user(username="sds.e2e", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SDS)[0])
    login(page, live_server, username="sds.e2e")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_upload_preview_store_and_withdraw(sds_page, live_server, screenshot, tmp_path):
    page = sds_page
    # The shipped plan, moved to a date a month ahead so the test does not age.
    day = services.today() + timedelta(days=30)
    text = PLAN_FILE.read_text(encoding="utf-8").replace("01-01-2027", f"{day:%d-%m-%Y}")
    text = text.replace("31-12-2026", f"{day - timedelta(days=1):%d-%m-%Y}")
    plan = tmp_path / "plan.json"
    plan.write_text(text, encoding="utf-8")
    page.get_by_role("link", name="Omstruktureringer").click()
    page.get_by_role("heading", name="Omstruktureringer", level=1).wait_for()
    page.get_by_label("Planfil (JSON)").set_input_files(str(plan))
    page.get_by_role("button", name="Vis konsekvenser").click()
    page.get_by_role("heading", name="Konsekvenser af Region Østdanmark").wait_for()
    ies = page.locator("#impact-ies").inner_text()
    assert "Region Hovedstaden" in ies and "Region Østdanmark" in ies
    screenshot("omstrukturering-konsekvenser")
    page.get_by_role("button", name="Gem omstruktureringen").click()
    page.get_by_text(f"er gemt og gennemføres {day:%d-%m-%Y}").wait_for()
    assert page.locator("#package-status").inner_text() == "Afventer"
    page.get_by_label("Begrundelse").fill("Sammenlægningen er udskudt.")
    page.get_by_role("button", name="Tilbagetræk").click()
    page.get_by_text("er tilbagetrukket").wait_for()
    assert page.locator("#package-status").inner_text() == "Tilbagetrukket"
