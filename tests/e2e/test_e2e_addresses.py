"""Opret OE with SOR_ADDRESS_PROVIDER=adressevaelger against a local server speaking
Adressevælgeren's shapes: the Vejnavn type-ahead offers that server's streets and saving stores
the DAR ids; with the server stopped the form still works from the offline register and says so."""

import pytest
from playwright.sync_api import expect

from addresses.providers import NOTICE_FALLBACK
from hierarchy.models import Unit

# clear_cache (autouse, imported so it applies here): the live server's process keeps the
# provider's answers and its "service down" flag in the cache, keyed by the server's URL; a reused
# port must not find another test's.
from tests.addresses.conftest import FakeAdressevaelger, clear_cache, recorded  # noqa: F401

from .test_e2e_forms import _group, _open

pytestmark = pytest.mark.e2e

HUSNUMMER_ID = "0b9e8d7c-6f5a-4b3c-9d2e-1f0a9b8c7d6e"  # Lynge Bygade 1 in the recording
ADRESSE_ID = "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c"


@pytest.fixture
def av(settings):
    fake = FakeAdressevaelger()
    fake.thread.start()
    settings.ADDRESS_PROVIDER = "adressevaelger"
    settings.ADDRESS_HTTP_BASE_URL = fake.url
    settings.ADDRESS_TOKEN = "e2e-token"
    # Generous: the fake server shares the live server's process, and one stall past the timeout
    # marks the service down for 30 s. The "stopped" case needs no short timeout: a closed port on
    # 127.0.0.1 refuses at once.
    settings.ADDRESS_HTTP_TIMEOUT = 5
    fake.answer("/husnumre/soeg", recorded("husnumre-soeg-tekst-lynge.json"))
    fake.answer(
        "/adresser/soeg",
        {
            "status": "ok",
            "beskrivelse": "",
            "fund": [
                {
                    "type": "adresse",
                    "id": ADRESSE_ID,
                    "titel": "Lynge Bygade 1, 3540 Lynge",
                    "vejnavn": "Lynge Bygade",
                    "husnummer": "1",
                    "postnr": "3540",
                    "postdistrikt": "Lynge",
                    "husnummerId": HUSNUMMER_ID,
                }
            ],
        },
    )
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def _create(page, live_server, demo, name, street_typed, street, number):
    _open(page, live_server, demo.tandpleje, "Opret OE")
    form = page.locator("#create-form")
    form.get_by_label("Navn", exact=True).fill(name)
    form.get_by_label("Enhedstype").fill("tandplejeklinik")
    postal = _group(page, "Postadresse")
    postal.get_by_label("Postnummer").fill("3540")
    expect(page.locator("#id_postal_address_postal_code_city")).to_have_text("3540 Lynge")
    postal.get_by_label("Vejnavn").press_sequentially(street_typed)
    expect(page.locator(f'#postal_address-street-options option[value="{street}"]')).to_have_count(1)
    postal.get_by_label("Vejnavn").fill(street)
    postal.get_by_label("Husnummer").fill(number)
    if street == "Lynge Bygade":  # the server's husnumre are offered for the street
        expect(page.locator('#id_postal_address_house_number-options option[value="1"]')).to_have_count(1)
    form.get_by_label("Telefonnummer").fill("48 10 01 00")
    form.get_by_label("Begrundelse").fill("Ny klinik")
    return form


def test_opret_oe_against_adressevaelger_and_without_it(admin_page, live_server, demo, av, screenshot):
    page = admin_page
    form = _create(page, live_server, demo, "Tandplejen Lynge Bygade", "lynge", "Lynge Bygade", "1")
    assert (
        "/husnumre/soeg",
        {"tekst": "lynge", "postnummer": "3540", "maksimum": "100", "token": "e2e-token"},
    ) in (av.requests)
    expect(form.locator("[data-address-notice]")).to_be_hidden()
    form.get_by_role("button", name="Opret").click()
    expect(page.get_by_role("heading", name="Tandplejen Lynge Bygade", level=2)).to_be_visible()
    details = page.locator("#details")
    expect(details).to_contain_text("Lynge Bygade 1, 3540 Lynge Valideret i DAR")
    address = Unit.objects.get(name="Tandplejen Lynge Bygade").postal_address
    assert (address.dar_house_number_id, address.dar_id) == (HUSNUMMER_ID, ADRESSE_ID)
    screenshot("20-opret-oe-adressevaelger")

    av.server.shutdown()
    av.server.server_close()
    form = _create(page, live_server, demo, "Tandplejen Ved Gadekæret", "gadek", "Ved Gadekæret", "15A")
    expect(form.locator("[data-address-notice]")).to_have_text(NOTICE_FALLBACK)
    form.get_by_role("button", name="Opret").click()
    expect(page.get_by_role("heading", name="Tandplejen Ved Gadekæret", level=2)).to_be_visible()
    expect(page.locator("#details")).to_contain_text("Ved Gadekæret 15A, 3540 Lynge Ikke valideret")
    address = Unit.objects.get(name="Tandplejen Ved Gadekæret").postal_address
    assert (address.dar_house_number_id, address.dar_id) == ("", "")
    screenshot("21-opret-oe-adressevaelger-nede")


def test_a_street_not_found_gives_a_short_message_at_the_field(admin_page, live_server, demo, av, screenshot):
    page = admin_page
    av.answer(
        "/husnumre/soeg", {"status": "ok", "beskrivelse": "", "fund": []}, when={"vejnavn": "Lyngby Bygade"}
    )
    before = Unit.objects.count()
    form = _create(page, live_server, demo, "Tandplejen forkert vej", "lynge", "Lynge Bygade", "1")
    _group(page, "Postadresse").get_by_label("Vejnavn").fill("Lyngby Bygade")
    form.get_by_role("button", name="Opret").click()
    street = page.locator("#id_postal_address_street_name_error")
    expect(street).to_have_text("Fejl: «Lyngby Bygade» findes ikke i 3540 Lynge. Vælg et vejnavn fra listen.")
    # The message sits below its own input: the inputs of the address row stay in line. All four
    # tops are read in one layout and relative to the document: the error summary takes focus and
    # scrolls the page, and boxes read one call apart could straddle that scroll.
    tops = page.evaluate(
        """ids => ids.map(id => document.getElementById(id).getBoundingClientRect().top + window.scrollY)""",
        [
            f"id_postal_address_{part}"
            for part in ("postal_code", "street_name", "house_number", "street_name_error")
        ],
    )
    postal_code, street_name, house_number, street_error = (round(top) for top in tops)
    assert postal_code == street_name == house_number
    assert street_name < street_error
    screenshot("22-opret-oe-ukendt-vej")
    assert Unit.objects.count() == before
