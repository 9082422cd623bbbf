"""HttpProvider against a real local HTTP server answering with recorded DAWA responses."""

import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from addresses.providers import NOTICE_FALLBACK, HttpProvider, OfflineProvider, get_provider

from .conftest import recorded

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(http_provider_settings):
    return get_provider()


def test_settings_choose_the_provider(settings, http_provider_settings):
    assert isinstance(get_provider(), HttpProvider)
    settings.ADDRESS_PROVIDER = "offline"
    assert isinstance(get_provider(), OfflineProvider)
    settings.ADDRESS_PROVIDER = "dawa"
    with pytest.raises(ImproperlyConfigured):
        get_provider()
    settings.ADDRESS_PROVIDER = "http"
    settings.ADDRESS_HTTP_BASE_URL = ""
    with pytest.raises(ImproperlyConfigured):
        get_provider()
    settings.ADDRESS_HTTP_BASE_URL = "ftp://example.dk"
    with pytest.raises(ImproperlyConfigured):
        get_provider()


def test_postnummer_full_shape(provider, dawa):
    dawa.answer("/postnumre", recorded("postnumre-1050.json"))
    result = provider.postal_code("1050")
    assert (result.source, result.notice, result.fallback) == ("http", "", False)
    hit = result.first()
    assert (hit.nr, hit.name, hit.municipality_codes, hit.is_large_volume_receiver) == (
        "1050",
        "København K",
        ("0101",),
        False,
    )
    assert dawa.requests == [("/postnumre", {"nr": "1050"})]


def test_postnummer_spanning_two_kommuner(provider, dawa):
    dawa.answer("/postnumre", recorded("postnumre-2791.json"))
    assert provider.postal_code("2791").first().municipality_codes == ("0155", "0185")


def test_postnummer_autocomplete(provider, dawa):
    dawa.answer("/postnumre/autocomplete", recorded("postnumre-autocomplete-aarhus.json"))
    result = provider.postal_codes("aarhus")
    assert [h.text for h in result.items] == ["8000 Aarhus C", "8200 Aarhus N"]
    assert dawa.requests[0] == ("/postnumre/autocomplete", {"q": "aarhus", "per_side": "20"})


def test_street_autocomplete(provider, dawa):
    dawa.answer("/vejnavne/autocomplete", recorded("vejnavne-autocomplete-margrethe.json"))
    result = provider.streets("8000", "margrethe")
    assert [h.name for h in result.items] == ["Margrethepladsen"]
    assert result.source == "http" and result.complete
    assert dawa.requests[0] == (
        "/vejnavne/autocomplete",
        {"postnr": "8000", "per_side": "20", "q": "margrethe"},
    )


def test_street_match_is_exact(provider, dawa):
    dawa.answer("/vejnavne/autocomplete", recorded("vejnavne-autocomplete-margrethe.json"))
    assert [h.name for h in provider.street_match("8000", "margrethepladsen").items] == ["Margrethepladsen"]
    assert provider.street_match("8000", "Margrethe").items == ()


def test_address_autocomplete(provider, dawa):
    dawa.answer("/adresser/autocomplete", recorded("adresser-autocomplete-hilversumvej.json"))
    hit = provider.addresses("hilversumvej 60").first()
    assert (hit.text, hit.street_name, hit.house_number, hit.postal_code, hit.municipality_code) == (
        "Hilversumvej 60C, 2791 Dragør",
        "Hilversumvej",
        "60C",
        "2791",
        "0185",
    )
    assert (hit.floor, hit.door, hit.dar_id) == ("", "", "0a3f50a7-44a6-32b8-e044-0003ba298018")


def test_empty_answer_is_not_a_failure(provider, dawa):
    dawa.answer("/vejnavne/autocomplete", b"[]")
    result = provider.streets("3540", "zzz")
    assert (result.items, result.source, result.notice) == ((), "http", "")
    dawa.answer("/postnumre", b"[]")
    assert provider.postal_code("9999").first() is None


def test_answers_are_cached(provider, dawa):
    dawa.answer("/vejnavne/autocomplete", recorded("vejnavne-autocomplete-margrethe.json"))
    for _ in range(3):
        assert provider.streets("8000", "margrethe").first().name == "Margrethepladsen"
    assert len(dawa.requests) == 1
    provider.streets("8000", "margrethep")
    assert len(dawa.requests) == 2


def _assert_fell_back_to_offline(result, names):
    assert result.source == "offline"
    assert result.fallback
    assert result.notice == NOTICE_FALLBACK
    assert [h.name for h in result.items] == names


@pytest.mark.parametrize(
    ("status", "body", "delay"),
    [
        pytest.param(500, b'{"type":"InternalServerError"}', 0, id="http-500"),
        pytest.param(503, b"", 0, id="http-503"),
        pytest.param(200, b"<html>not json</html>", 0, id="malformed-json"),
        pytest.param(200, b'{"type":"object, not a list"}', 0, id="wrong-shape"),
        pytest.param(200, b'[{"tekst":"x"}]', 0, id="missing-keys"),
        pytest.param(200, b"[]", 1.0, id="timeout"),
        pytest.param(404, b'{"type":"ResourceNotFoundError"}', 0, id="http-404"),
    ],
)
def test_failures_fall_back_to_the_offline_register_with_a_notice(provider, dawa, status, body, delay):
    dawa.answer("/vejnavne/autocomplete", body, status=status, delay=delay)
    started = time.monotonic()
    result = provider.streets("3540", "gadek")
    assert time.monotonic() - started < 0.9  # the 0.3 s timeout, not the 1 s delay
    _assert_fell_back_to_offline(result, ["Ved Gadekæret"])
    assert result.notice == "Adresseservicen svarer ikke; viser data fra det lokale register."


def test_unreachable_service_falls_back(settings, dawa):
    settings.ADDRESS_PROVIDER = "http"
    settings.ADDRESS_HTTP_BASE_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.ADDRESS_HTTP_TIMEOUT = 0.3
    provider = get_provider()
    _assert_fell_back_to_offline(provider.streets("3540", "gadek"), ["Ved Gadekæret"])
    assert provider.postal_code("3450").first().name == "Allerød"
    assert provider.postal_codes("lynge").first().nr == "3540"


def test_after_a_failure_the_service_is_left_alone_for_a_while(provider, dawa):
    dawa.answer("/vejnavne/autocomplete", b"oops", status=500)
    provider.streets("3540", "gadek")
    dawa.answer("/vejnavne/autocomplete", recorded("vejnavne-autocomplete-margrethe.json"))
    result = provider.streets("8000", "margrethe")
    assert result.fallback and result.source == "offline"
    assert len(dawa.requests) == 1  # not asked again while marked down
    assert [h.name for h in result.items] == ["Margrethepladsen"]  # offline has it too


def test_every_lookup_falls_back(provider, dawa):
    for path in ("/postnumre", "/postnumre/autocomplete", "/vejnavne/autocomplete", "/adresser/autocomplete"):
        dawa.answer(path, b"{", status=200)
    assert provider.postal_code("3450").first().name == "Allerød"
    assert provider.postal_code("3450").fallback
    assert provider.postal_codes("3540").first().name == "Lynge"
    assert provider.street_match("3540", "Ved Gadekæret").first().name == "Ved Gadekæret"
    assert provider.addresses("bjarkesvej").fallback


def test_no_postnummer_no_request(provider, dawa):
    assert provider.streets("", "a").items == ()
    assert provider.street_match("34", "Bjarkesvej").items == ()
    assert provider.postal_code("x").items == ()
    assert dawa.requests == []
