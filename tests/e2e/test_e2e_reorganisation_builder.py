"""Omstruktureringer step by step in the browser: SDS builds a small package in the builder
(header, an opret with its own contact and postadresse, a flyt, one operation removed), sees a
refused step's Danish message, previews and stores it and finds it in the list; a second tab
that acts on a draft it has not seen is refused."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from hierarchy import permissions, services
from reorganisation.models import Reorganisation
from tests import factories
from tests.reorganisation.conftest import region

from .conftest import PASSWORD, login

pytestmark = pytest.mark.e2e


@pytest.fixture
def sds(page, live_server, transactional_db):
    from hierarchy import reference

    reference.load_all()
    hovedstaden, sjaelland = region("Region Hovedstaden"), region("Region Sjælland")
    rigs = factories.si(hovedstaden, "Rigshospitalet")
    factories.si(sjaelland, "Sjællands Universitetshospital")
    user = get_user_model().objects.create_user(username="sds.builder", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SDS)[0])
    login(page, live_server, username="sds.builder")
    page.wait_for_url(f"{live_server.url}/")
    return type("Data", (), dict(hovedstaden=hovedstaden, sjaelland=sjaelland, rigs=rigs))


def choose(page, label: str):
    page.locator("#draft-choose").get_by_label("Operation").select_option(label=label)
    page.locator("#draft-choose").get_by_role("button", name="Vælg").click()
    return page.locator("#draft-operation")


def test_build_step_by_step_preview_store_and_list(sds, page, live_server, screenshot):
    day = services.today() + timedelta(days=30)
    page.get_by_role("link", name="Omstruktureringer").click()
    page.get_by_role("link", name="Opret trin for trin").click()
    page.get_by_role("heading", name="Ny omstrukturering trin for trin", level=1).wait_for()

    header = page.locator("#draft-header")
    header.get_by_label("Navn", exact=True).fill("Hospital Øst")
    header.get_by_label("Sagsnummer").fill("SDS-E2E-01")
    header.get_by_label("Begrundelse").fill("Rigshospitalet flyttes til Region Sjælland.")
    header.get_by_label("Gælder fra").fill(f"{day:%d-%m-%Y}")
    header.get_by_role("button", name="Gem og tilføj operationer").click()
    page.get_by_text("Oplysningerne er gemt i kladden.").wait_for()

    # opret, with the fields of the plan format beyond name, type and parent
    form = choose(page, "Opret")
    form.get_by_label("Niveau").select_option("SI")
    form.get_by_label("Navn", exact=True).fill("Hospital Øst")
    form.get_by_label("Enhedstype").select_option(factories.SUNDHEDSFORVALTNING)
    form.get_by_label("Overliggende enhed").fill(sds.hovedstaden.sor_id)
    contact = form.locator("fieldset fieldset", has=page.get_by_text("Kontaktoplysninger", exact=True))
    contact.get_by_label("Telefonnummer").fill("35 45 00 00")
    contact.get_by_label("E-mail").fill("oest@regionh.dk")
    postal = form.locator("fieldset fieldset", has=page.get_by_text("Postadresse", exact=True))
    postal.get_by_label("Postnummer", exact=True).fill("3450")
    postal.get_by_label("Vejnavn", exact=True).fill("Bjarkesvej")
    postal.get_by_label("Husnummer", exact=True).fill("2")
    form.get_by_role("button", name="Tilføj operationen").click()
    page.get_by_text("Operation 1 er tilføjet kladden.").wait_for()
    operations = page.locator("#draft-operations")
    expect(operations).to_contain_text("Opret SI «Hospital Øst» (ny-1)")
    expect(operations).to_contain_text(
        "telefon 35 45 00 00, e-mail oest@regionh.dk, postadresse Bjarkesvej 2, 3450"
    )

    # a refused step: a SOR-kode that names no unit, said in Danish; nothing is added
    form = choose(page, "Flyt")
    form.get_by_label("Enheder, der flyttes").fill("999999")
    form.get_by_label("Ny overliggende enhed").fill(sds.sjaelland.sor_id)
    form.get_by_role("button", name="Tilføj operationen").click()
    summary = page.locator("#draft-operation [data-module='error-summary']")
    expect(summary).to_contain_text("Operation 2 (flyt): ingen enhed matcher SOR-koden 999999.")
    expect(page.get_by_role("heading", name="2. Operationer (1)")).to_be_visible()

    # the same form, corrected: the flyt
    form = page.locator("#draft-operation")
    form.get_by_label("Enheder, der flyttes").fill(sds.rigs.sor_id)
    form.get_by_role("button", name="Tilføj operationen").click()
    page.get_by_text("Operation 2 er tilføjet kladden.").wait_for()
    expect(operations).to_contain_text(f"Flyt Rigshospitalet ({sds.rigs.sor_id}) til Region Sjælland")

    # a second tab shows the draft; the first then adds an omdøb
    other = page.context.new_page()
    other.goto(f"{live_server.url}/omstruktureringer/ny/")
    form = choose(page, "Omdøb")
    form.get_by_label("Enhed", exact=True).fill(sds.rigs.sor_id)
    form.get_by_label("Nyt navn").fill("Rigshospitalet Øst")
    form.get_by_role("button", name="Tilføj operationen").click()
    page.get_by_text("Operation 3 er tilføjet kladden.").wait_for()
    # the second tab's page is of the older draft: its discard is refused, the draft kept
    other.get_by_role("button", name="Kassér kladden").click()
    expect(other.get_by_role("alert")).to_contain_text("Kladden er ændret, siden siden blev vist")
    expect(other.get_by_role("heading", name="2. Operationer (3)")).to_be_visible()
    other.close()

    # the omdøb is removed again
    page.get_by_role("button", name="Fjern operation 3").click()
    page.get_by_text("Operation 3 er fjernet fra kladden.").wait_for()
    expect(page.get_by_role("heading", name="2. Operationer (2)")).to_be_visible()
    expect(operations).not_to_contain_text("Rigshospitalet Øst")
    screenshot("omstrukturering-trin-for-trin")

    page.get_by_role("button", name="Forhåndsvis").click()
    page.get_by_role("heading", name="Konsekvenser af Hospital Øst").wait_for()
    assert not Reorganisation.objects.exists()
    page.get_by_role("button", name="Gem omstruktureringen").click()
    page.get_by_text(f"er gemt og gennemføres {day:%d-%m-%Y}").wait_for()
    assert page.locator("#package-status").inner_text() == "Afventer"
    package = Reorganisation.objects.get()
    assert [op["op"] for op in package.operations] == ["create", "move"]
    assert package.operations[0]["phone"] == "35 45 00 00"

    page.get_by_role("link", name="Omstruktureringer", exact=True).click()
    row = page.locator("#packages tr", has_text="Hospital Øst")
    expect(row).to_contain_text("SDS-E2E-01")
    expect(row).to_contain_text("Afventer")
    # the stored draft is gone from the builder
    page.goto(f"{live_server.url}/omstruktureringer/ny/")
    expect(page.locator("#draft-operations")).to_have_count(0)
