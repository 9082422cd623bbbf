"""AdressevaelgerProvider against a real local HTTP server answering in Adressevælgeren's
documented shapes (recorded/README.md), and what happens when it does not."""

import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from addresses.adressevaelger import AdressevaelgerProvider, floor_door_from_title
from addresses.checks import address_provider_settings
from addresses.providers import NOTICE_FALLBACK, OfflineProvider, get_provider

from .conftest import answer_gadekaeret, recorded

pytestmark = pytest.mark.django_db

LYNGE = recorded("husnumre-soeg-tekst-lynge.json")


@pytest.fixture
def provider(av_settings):
    return get_provider()


def test_settings_choose_the_provider(settings, av_settings):
    provider = get_provider()
    assert isinstance(provider, AdressevaelgerProvider)
    assert (provider.base_url, provider.token) == (av_settings.ADDRESS_HTTP_BASE_URL, "test-token")
    settings.ADDRESS_HTTP_BASE_URL = ""
    assert get_provider().base_url == "https://adressevaelger.dk"
    settings.ADDRESS_HTTP_BASE_URL = "ftp://example.dk"
    with pytest.raises(ImproperlyConfigured):
        get_provider()
    settings.ADDRESS_PROVIDER = "offline"
    assert isinstance(get_provider(), OfflineProvider)
    settings.ADDRESS_PROVIDER = "google"
    with pytest.raises(ImproperlyConfigured):
        get_provider()


@pytest.mark.parametrize("retired", ["http", "dawa"])
def test_the_retired_dawa_provider_warns_and_answers_offline(settings, retired):
    settings.ADDRESS_PROVIDER = retired
    settings.ADDRESS_HTTP_BASE_URL = "https://api.dataforsyningen.dk"
    assert isinstance(get_provider(), OfflineProvider)
    (warning,) = address_provider_settings(None)
    assert warning.id == "addresses.W003"
    assert "DAWA lukkede 1. oktober 2026" in warning.msg
    assert "SOR_ADDRESS_PROVIDER=adressevaelger" in warning.hint


def test_settings_check(settings):
    assert address_provider_settings(None) == []
    settings.ADDRESS_PROVIDER = "google"
    assert [e.id for e in address_provider_settings(None)] == ["addresses.E001"]
    settings.ADDRESS_PROVIDER = "adressevaelger"
    settings.ADDRESS_HTTP_BASE_URL = ""
    assert address_provider_settings(None) == []
    settings.ADDRESS_HTTP_BASE_URL = "ftp://example.dk"
    assert [e.id for e in address_provider_settings(None)] == ["addresses.E002"]


def test_street_type_ahead_within_the_postnummer(provider, av):
    av.answer("/husnumre/soeg", LYNGE)
    result = provider.streets("3540", "lynge")
    # One name per street, husnummer hits folded into their street, 3520 Farum dropped.
    assert [h.name for h in result.items] == ["Lynge Bygade", "Lyngevej"]
    assert (result.source, result.notice, result.complete) == ("adressevaelger", "", True)
    assert av.requests == [
        ("/husnumre/soeg", {"tekst": "lynge", "postnummer": "3540", "maksimum": "100", "token": "test-token"})
    ]


def test_postnumre_come_from_the_offline_register_without_a_request(provider, av):
    assert provider.postal_code("3540").first().text == "3540 Lynge"
    assert provider.postal_codes("lyng").first().nr == "3540"
    assert not provider.postal_code("3540").fallback
    assert av.requests == []


def test_street_match_is_exact(provider, av):
    av.answer("/husnumre/soeg", LYNGE)
    assert [h.name for h in provider.street_match("3540", "lynge bygade").items] == ["Lynge Bygade"]
    assert provider.street_match("3540", "Lynge").items == ()
    assert av.requests[0][1]["vejnavn"] == "lynge bygade"


def test_house_numbers_of_a_street(provider, av):
    answer_gadekaeret(av)
    hits = provider.house_numbers("3540", "Ved Gadekæret", "15").items
    assert [(h.house_number, h.dar_house_number_id) for h in hits] == [
        ("15A", "6c1d2b0e-3a7f-4c1e-9d41-2f0b5e8a7c15"),
        ("15B", "7d2e3c1f-4b8a-4d2f-a052-3a1c6f9b8d16"),
    ]
    assert av.requests[0][1] == {
        "vejnavn": "Ved Gadekæret",
        "husnummer": "15",
        "postnummer": "3540",
        "maksimum": "20",
        "token": "test-token",
    }


def test_address_suggestions_carry_etage_dor_and_both_ids(provider, av):
    answer_gadekaeret(av)
    hits = provider.addresses("ved gadekæret 15a", postnr="3540").items
    assert [(h.text, h.floor, h.door) for h in hits] == [
        ("Ved Gadekæret 15A, 1. 111, 3540 Lynge", "1", "111"),
        ("Ved Gadekæret 15A, 2. 222, 3540 Lynge", "2", "222"),
        ("Ved Gadekæret 15A, 3540 Lynge", "", ""),
    ]
    assert hits[1].dar_id == "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e22"
    assert hits[1].dar_house_number_id == "6c1d2b0e-3a7f-4c1e-9d41-2f0b5e8a7c15"


def test_dar_match_finds_the_adresse_for_etage_and_door(provider, av):
    answer_gadekaeret(av)
    hit = provider.dar_match("3540", "Ved Gadekæret", "15A", "2", "222").first()
    assert (hit.dar_house_number_id, hit.dar_id) == (
        "6c1d2b0e-3a7f-4c1e-9d41-2f0b5e8a7c15",
        "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e22",
    )
    assert provider.dar_match("3540", "Ved Gadekæret", "15A").first().dar_id.endswith("7e00")
    # An etage DAR does not have: the husnummer is known, the adresse is not.
    hit = provider.dar_match("3540", "Ved Gadekæret", "15A", "3", "333").first()
    assert (hit.dar_house_number_id, hit.dar_id) == ("6c1d2b0e-3a7f-4c1e-9d41-2f0b5e8a7c15", "")
    assert provider.dar_match("3540", "Ved Gadekæret", "99").items == ()


def test_lookup_by_id(provider, av):
    av.answer("/adresser/197b47fd-050a-40cb-85a9-11418e009374", recorded("adresser-id-nr-bjertvej-87a.json"))
    av.answer("/husnumre/0a3f5090-48fe-32b8-e044-0003ba298018", recorded("husnumre-id-nr-bjertvej-87a.json"))
    hit = provider.address_by_id("197b47fd-050a-40cb-85a9-11418e009374").first()
    assert (hit.street_name, hit.house_number, hit.floor, hit.door) == ("Nr. Bjertvej", "87A", "", "")
    assert (hit.postal_code, hit.postal_name, hit.municipality_code) == ("6000", "Kolding", "0621")
    assert (hit.dar_id, hit.dar_house_number_id) == (
        "197b47fd-050a-40cb-85a9-11418e009374",
        "0a3f5090-48fe-32b8-e044-0003ba298018",
    )
    assert hit.text == "Nr. Bjertvej 87A, Nr Bjert, 6000 Kolding"
    number = provider.house_number_by_id("0a3f5090-48fe-32b8-e044-0003ba298018")
    assert number.first().dar_house_number_id == "0a3f5090-48fe-32b8-e044-0003ba298018"
    # An id DAR does not know is "not found", not "service down".
    missing = provider.address_by_id("00000000-0000-0000-0000-000000000000")
    assert (missing.items, missing.fallback) == ((), False)
    assert provider.address_by_id("../../etc").items == ()


def test_empty_answer_is_not_a_failure(provider, av):
    av.answer("/husnumre/soeg")
    result = provider.streets("3540", "zzz")
    assert (result.items, result.source, result.notice) == ((), "adressevaelger", "")


def test_answers_are_cached(provider, av):
    av.answer("/husnumre/soeg", LYNGE)
    for _ in range(3):
        assert provider.streets("3540", "lynge").first().name == "Lynge Bygade"
    assert len(av.requests) == 1
    provider.streets("3540", "lyng")
    assert len(av.requests) == 2


@pytest.mark.parametrize(
    ("status", "body", "delay"),
    [
        pytest.param(500, b'{"status": "fejl"}', 0, id="http-500"),
        pytest.param(503, b"", 0, id="http-503"),
        pytest.param(429, b"Too Many Requests", 0, id="http-429"),
        pytest.param(401, recorded("fejl.json"), 0, id="http-401"),
        pytest.param(200, b"<html>not json</html>", 0, id="malformed-json"),
        pytest.param(200, b'{"status": "ok", "fund"', 0, id="truncated-json"),
        pytest.param(200, b"[]", 0, id="wrong-shape"),
        pytest.param(200, b'{"status": "ok", "fund": ["x"]}', 0, id="fund-not-objects"),
        pytest.param(200, recorded("fejl.json"), 0, id="status-fejl"),
        pytest.param(200, b'{"fund": []}', 0, id="status-missing"),
        pytest.param(200, b"{}", 1.0, id="timeout"),
    ],
)
def test_failures_fall_back_to_the_offline_register_with_a_notice(provider, av, status, body, delay):
    av.answer("/husnumre/soeg", body, status=status, delay=delay)
    started = time.monotonic()
    result = provider.streets("3540", "gadek")
    assert time.monotonic() - started < 0.9  # the 0.3 s timeout, not the 1 s delay
    assert (result.source, result.fallback) == ("offline", True)
    assert (
        result.notice == NOTICE_FALLBACK == "Adresseservicen svarer ikke; viser data fra det lokale register."
    )
    assert [h.name for h in result.items] == ["Ved Gadekæret"]


def test_unreachable_service_falls_back(settings, av_settings):
    settings.ADDRESS_HTTP_BASE_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    provider = get_provider()
    assert [h.name for h in provider.streets("3540", "gadek").items] == ["Ved Gadekæret"]
    assert provider.streets("3540", "gadek").notice == NOTICE_FALLBACK
    assert provider.dar_match("3540", "Ved Gadekæret", "15A").fallback


def test_after_a_failure_the_service_is_left_alone_for_a_while(provider, av):
    av.answer("/husnumre/soeg", b"oops", status=500)
    provider.streets("3540", "gadek")
    av.answer("/husnumre/soeg", LYNGE)
    result = provider.streets("3540", "lynge")
    assert result.fallback and result.source == "offline"
    assert len(av.requests) == 1  # not asked again while marked down


def test_every_lookup_falls_back(provider, av):
    for path in ("/husnumre/soeg", "/adresser/soeg"):
        av.answer(path, b"{", status=200)
    assert provider.street_match("3540", "Ved Gadekæret").first().name == "Ved Gadekæret"
    assert provider.addresses("bjarkesvej").fallback
    assert provider.house_numbers("3540", "Ved Gadekæret").fallback
    assert provider.dar_match("3540", "Ved Gadekæret", "15A").fallback
    assert provider.address_by_id("197b47fd-050a-40cb-85a9-11418e009374").fallback


def test_no_postnummer_no_request(provider, av):
    assert provider.streets("", "a").items == ()
    assert provider.street_match("34", "Bjarkesvej").items == ()
    assert provider.house_numbers("3540", "").items == ()
    assert provider.dar_match("3540", "Ved Gadekæret", "").items == ()
    # An empty text lists the postnummer's first streets from the offline register.
    assert provider.streets("3540", "").source == "offline"
    assert "Ved Gadekæret" in [h.name for h in provider.streets("3540", "", limit=100).items]
    assert av.requests == []


def test_the_token_never_reaches_the_log(provider, av, caplog):
    av.answer("/husnumre/soeg", b"", status=500)
    provider.streets("3540", "gadek")
    assert "test-token" not in caplog.text
    assert "/husnumre/soeg" in caplog.text


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ved Gadekæret 15A, 2. 222, 3540 Lynge", ("2", "222")),
        ("Ved Gadekæret 15A, st. th, Nr Bjert, 3540 Lynge", ("st", "th")),
        ("Ved Gadekæret 15A, kl., 3540 Lynge", ("kl", "")),
        ("Ved Gadekæret 15A, Nr Bjert, 3540 Lynge", ("", "")),
        ("Ved Gadekæret 15A, tv, 3540 Lynge", ("", "tv")),
        ("Ved Gadekæret 15A, 3540 Lynge", ("", "")),
        ("Andet 1, 3540 Lynge", None),
        ("Ved Gadekæret 15AB, 3540 Lynge", None),
    ],
)
def test_floor_and_door_from_the_address_text(title, expected):
    assert floor_door_from_title(title, "Ved Gadekæret", "15A", "3540") == expected
