"""The type-ahead endpoints the GUI uses (addresses/urls.py)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from addresses.providers import NOTICE_FALLBACK

pytestmark = pytest.mark.django_db

URL_NAMES = [
    "postal_codes",
    "postal_code_options",
    "postal_code_lookup",
    "postal_code_name",
    "streets",
    "street_options",
    "address_search",
    "house_numbers",
    "house_number_options",
    "dar_lookup",
]


@pytest.fixture
def client_in(client):
    user = get_user_model().objects.create_user(username="adresse.test", password="demo")
    client.force_login(user)
    return client


def get(client, name, **params):
    return client.get(reverse(f"addresses:{name}"), params)


@pytest.mark.parametrize("name", URL_NAMES)
def test_login_required(client, name):
    response = get(client, name, q="34", postnr="3450")
    assert response.status_code == 401
    assert response.json() == {"error": "Log ind for at slå adresser op."}


@pytest.mark.parametrize("name", URL_NAMES)
def test_get_only(client_in, name):
    assert client_in.post(reverse(f"addresses:{name}")).status_code == 405


def test_urls_live_under_adresser():
    assert reverse("addresses:street_options") == "/adresser/veje/options/"
    assert reverse("addresses:postal_code_lookup") == "/adresser/postnummer/"


def test_postal_codes_json(client_in):
    data = get(client_in, "postal_codes", q="lynge").json()
    assert data["source"] == "offline" and data["notice"] == ""
    assert data["results"][0] == {
        "nr": "3540",
        "navn": "Lynge",
        "tekst": "3540 Lynge",
        "stormodtager": False,
        "kommunekoder": ["0190", "0201", "0219", "0240"],
        "vejliste_komplet": False,
    }


def test_postal_code_options_fragment(client_in):
    response = get(client_in, "postal_code_options", q="345")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.decode() == '<option value="3450">3450 Allerød</option>'


def test_postal_code_lookup(client_in):
    data = get(client_in, "postal_code_lookup", postnr="3450").json()
    assert (data["found"], data["nr"], data["navn"]) == (True, "3450", "Allerød")
    assert get(client_in, "postal_code_lookup", nr="8000").json()["navn"] == "Aarhus C"
    missing = get(client_in, "postal_code_lookup", postnr="9999")
    assert missing.status_code == 404
    assert missing.json()["error"] == "Postnummeret 9999 findes ikke."
    assert get(client_in, "postal_code_lookup").json()["error"] == "Angiv et postnummer."


def test_postal_code_name_fragment_for_htmx(client_in):
    assert get(client_in, "postal_code_name", postnr="3540").content.decode() == (
        '<span class="address-city">Lynge</span>'
    )
    unknown = get(client_in, "postal_code_name", postal_address_postal_code="9999")
    assert unknown.status_code == 200
    assert "Postnummeret 9999 findes ikke." in unknown.content.decode()


def test_streets_json(client_in):
    data = get(client_in, "streets", postnr="3540", q="gadek").json()
    assert data == {
        "postnr": "3540",
        "results": [
            {"navn": "Ved Gadekæret", "tekst": "Ved Gadekæret", "kommunekode": "0201", "vejkode": ""}
        ],
        "komplet": False,
        "source": "offline",
        "notice": "",
    }


def test_street_options_fragment_escapes_and_accepts_form_field_names(client_in):
    response = get(client_in, "street_options", postnr="3450", q="vej")
    assert response.content.decode() == (
        '<option value="Bjarkesvej"></option><option value="Kongevejen"></option>'
        '<option value="Sortemosevej"></option><option value="Toftevej"></option>'
    )
    # Wired with hx-include on the address inputs: their own names instead of q/postnr.
    same = get(
        client_in, "street_options", visiting_address_postal_code="3450", visiting_address_street_name="vej"
    )
    assert same.content == response.content
    assert get(client_in, "street_options", postnr="3450", q="<script>").content == b""


def test_limit_parameter(client_in):
    assert len(get(client_in, "streets", postnr="5000", q="", limit="3").json()["results"]) == 3
    assert len(get(client_in, "streets", postnr="5000", q="", limit="x").json()["results"]) == 20


def test_address_search_offline_finds_addresses_in_use(client_in):
    from addresses.services import AddressInput, address_get_or_create

    address_get_or_create(AddressInput("3540", "Ved Gadekæret", "15A"), field="p")
    data = get(client_in, "address_search", q="gadekær 15").json()
    assert [r["tekst"] for r in data["results"]] == ["Ved Gadekæret 15A, 3540 Lynge"]


def test_fallback_notice_reaches_the_browser(client_in, av_settings, av):
    av.answer("/husnumre/soeg", b"", status=502)
    data = get(client_in, "streets", postnr="3540", q="gadek").json()
    assert (data["notice"], data["source"]) == (NOTICE_FALLBACK, "offline")
    assert [r["navn"] for r in data["results"]] == ["Ved Gadekæret"]
    response = get(client_in, "street_options", postnr="3540", q="gadek")
    assert response.content.decode() == '<option value="Ved Gadekæret"></option>'
    assert json.loads(response["HX-Trigger"]) == {"sorAddressNotice": NOTICE_FALLBACK}
    assert response["X-Address-Source"] == "offline"


def test_live_service_answers_through_our_server(client_in, av_settings, av):
    from .conftest import recorded

    av.answer("/husnumre/soeg", recorded("husnumre-soeg-tekst-lynge.json"))
    response = get(client_in, "street_options", postnr="3540", q="lynge")
    assert (
        response.content.decode()
        == '<option value="Lynge Bygade"></option><option value="Lyngevej"></option>'
    )
    assert response["X-Address-Source"] == "adressevaelger"
    assert "HX-Trigger" not in response


def test_house_numbers_from_adressevaelger(client_in, av_settings, av):
    from .conftest import answer_gadekaeret

    answer_gadekaeret(av)
    response = get(
        client_in,
        "house_number_options",
        postal_address_postal_code="3540",
        postal_address_street_name="Ved Gadekæret",
        postal_address_house_number="15",
    )
    assert response.content.decode() == '<option value="15A"></option><option value="15B"></option>'
    assert av.requests[-1][1]["husnummer"] == "15"
    data = get(client_in, "house_numbers", postnr="3540", vejnavn="Ved Gadekæret").json()
    assert data["results"][0]["husnummer_id"] == "6c1d2b0e-3a7f-4c1e-9d41-2f0b5e8a7c15"
    assert data["source"] == "adressevaelger"


def test_house_numbers_offline_are_the_addresses_in_use(client_in):
    from addresses.services import AddressInput, address_get_or_create

    address_get_or_create(AddressInput("3540", "Ved Gadekæret", "15A"), field="p")
    response = get(client_in, "house_number_options", postnr="3540", vejnavn="Ved Gadekæret")
    assert response.content.decode() == '<option value="15A"></option>'


def test_dar_lookup(client_in, av_settings, av):
    from .conftest import recorded

    av.answer("/adresser/197b47fd-050a-40cb-85a9-11418e009374", recorded("adresser-id-nr-bjertvej-87a.json"))
    av.answer("/husnumre/0a3f5090-48fe-32b8-e044-0003ba298018", recorded("husnumre-id-nr-bjertvej-87a.json"))
    data = get(client_in, "dar_lookup", id="197b47fd-050a-40cb-85a9-11418e009374").json()
    assert (data["found"], data["tekst"], data["kommunekode"]) == (
        True,
        "Nr. Bjertvej 87A, Nr Bjert, 6000 Kolding",
        "0621",
    )
    data = get(client_in, "dar_lookup", husnummer_id="0a3f5090-48fe-32b8-e044-0003ba298018").json()
    assert data["husnummer_id"] == "0a3f5090-48fe-32b8-e044-0003ba298018"
    missing = get(client_in, "dar_lookup", id="00000000-0000-0000-0000-000000000000")
    assert (missing.status_code, missing.json()["error"]) == (404, "Adressen findes ikke i DAR.")
