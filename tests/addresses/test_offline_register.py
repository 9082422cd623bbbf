"""The offline register as loaded by the migrations from the real files in data/dk."""

import pytest

from addresses.models import PostalCode, PostalCodeMunicipality, Street, StreetPostalCode
from addresses.providers import OfflineProvider
from addresses.reference import load_all
from addresses.text import danish_sort_key, search_key

pytestmark = pytest.mark.django_db


def names(result):
    return [hit.name for hit in result.items]


def test_all_postnumre_with_stormodtagere_and_their_kommuner():
    assert PostalCode.objects.count() == 1109
    assert PostalCode.objects.filter(is_large_volume_receiver=True).count() == 19
    lynge = PostalCode.objects.get(nr="3540")
    assert lynge.name == "Lynge"
    assert sorted(lynge.municipality_parts.values_list("municipality_code", flat=True)) == [
        "0190",
        "0201",
        "0219",
        "0240",
    ]
    assert lynge.municipality_codes == ["0190", "0201", "0219", "0240"]
    assert not PostalCode.objects.filter(streets_complete=True).exists()
    assert not PostalCodeMunicipality.objects.filter(streets_complete=True).exists()


def test_shipped_streets_without_former_names():
    assert Street.objects.filter(source="cpr-sample").count() == 212  # 217 rows, 5 former names
    # 16 demo rows; Margrethepladsen is also in the CPR sample, so the demo row only adds 8000.
    assert Street.objects.filter(source="demo").count() == 15
    margrethe = Street.objects.get(name="Margrethepladsen")
    assert (margrethe.municipality_code, margrethe.code, margrethe.source) == ("0751", "5286", "cpr-sample")
    assert list(margrethe.postal_codes.values_list("nr", flat=True)) == ["8000"]
    assert Street.objects.filter(name="Munke Bjergbyvej", municipality_code="0340", code="0522").exists()
    assert not Street.objects.filter(name="Munke Bjærgbyvej").exists()
    assert Street.objects.get(municipality_code="0101", code="0728").addressing_name == "Borgm Christiansensg"


def test_single_postnummer_kommune_streets_are_linked_to_it():
    # Dragør Kommune (0155) has one postnummer, 2791; Tårnby (0185) has several.
    dragor = Street.objects.filter(municipality_code="0155")
    assert dragor.count() == 18
    assert StreetPostalCode.objects.filter(street__in=dragor, postal_code="2791", derived=False).count() == 18
    tarnby = StreetPostalCode.objects.filter(street__municipality_code="0185")
    assert not tarnby.filter(derived=False).exists()
    assert set(tarnby.values_list("postal_code", flat=True)) == set(
        PostalCodeMunicipality.objects.filter(municipality_code="0185").values_list("postal_code", flat=True)
    )


def test_seed_street_resolves_in_lynge():
    result = OfflineProvider().street_match("3540", "Ved Gadekæret")
    assert names(result) == ["Ved Gadekæret"]
    assert result.source == "offline" and not result.complete and not result.fallback
    assert result.extra["municipality_code"] == "0201"


def test_street_match_uses_a_postal_code_already_read_and_only_that_one(django_assert_num_queries):
    lynge, allerod = PostalCode.objects.get(nr="3540"), PostalCode.objects.get(nr="3450")
    with django_assert_num_queries(1):  # the streets only
        assert names(OfflineProvider().street_match("3540", "Ved Gadekæret", known=lynge)) == [
            "Ved Gadekæret"
        ]
    # Another postal code's row is not taken for this one: 3540 is read and answers.
    with django_assert_num_queries(2):
        result = OfflineProvider().street_match("3540", "Ved Gadekæret", known=allerod)
    assert names(result) == ["Ved Gadekæret"] and result.extra["municipality_code"] == "0201"


@pytest.mark.parametrize(
    "q",
    ["gadek", "GADEK", "gadekær", "gadekaer", "ved gade", "kæret", "KÆRET", "  ved   gadekæret "],
)
def test_street_type_ahead_prefix_infix_case_and_aeoeaa(q):
    assert names(OfflineProvider().streets("3540", q)) == ["Ved Gadekæret"]


def test_street_type_ahead_aa_and_aa_spelling():
    provider = OfflineProvider()
    for q in ("åbo", "ÅBO", "aabo", "boulevard"):
        assert names(provider.streets("8000", q)) == ["Åboulevarden"], q


def test_prefix_matches_come_first_then_danish_order():
    # "vej" is a prefix of none and inside several 3450 names.
    assert names(OfflineProvider().streets("3450", "vej")) == [
        "Bjarkesvej",
        "Kongevejen",
        "Sortemosevej",
        "Toftevej",
    ]
    assert names(OfflineProvider().streets("3450", "s")) == ["Sortemosevej", "Søparken", "Bjarkesvej"]


def test_streets_are_per_postnummer():
    provider = OfflineProvider()
    assert names(provider.streets("3450", "gadek")) == []
    assert names(provider.streets("8000", "bjarke")) == []
    assert names(provider.streets("9999", "a")) == []
    assert names(provider.streets("", "a")) == []


def test_kommune_wide_streets_are_offered_in_each_postnummer_of_the_kommune():
    # The CPR sample has no postnumre; Odense Kommune (0461) spans 5000, 5200, 5210, ...
    provider = OfflineProvider()
    for nr in ("5000", "5200", "5210"):
        assert names(provider.streets(nr, "hans taus")) == ["Hans Tausens Gade"], nr
    assert names(provider.streets("8000", "hans taus")) == []


def test_empty_query_lists_first_streets_and_limit_applies():
    provider = OfflineProvider()
    listed = names(provider.streets("5000", "", limit=5))
    assert len(listed) == 5
    assert listed == sorted(listed, key=danish_sort_key)
    assert len(provider.streets("5000", "", limit=500).items) == 55  # Odense: 57 rows, 2 former names


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("3450", "3450"),
        ("34", "3400"),
        ("lynge", "3540"),
        ("aarhus", "8000"),
        ("århus", "8000"),
        ("3450 all", "3450"),
    ],
)
def test_postnummer_search(q, first):
    assert OfflineProvider().postal_codes(q).first().nr == first


def test_postnummer_lookup():
    hit = OfflineProvider().postal_code("3450").first()
    assert (hit.nr, hit.name, hit.text) == ("3450", "Allerød", "3450 Allerød")
    assert hit.municipality_codes == ("0201", "0210", "0219")
    assert OfflineProvider().postal_code("0999").first().is_large_volume_receiver
    for nr in ("9999", "345", "abcd", ""):
        assert OfflineProvider().postal_code(nr).first() is None


def test_loading_again_changes_nothing():
    before = (PostalCode.objects.count(), Street.objects.count(), StreetPostalCode.objects.count())
    assert load_all() == 0
    after = (PostalCode.objects.count(), Street.objects.count(), StreetPostalCode.objects.count())
    assert before == after


def test_search_key_and_danish_order():
    assert search_key("  Ved  Gadekæret ") == "ved gadekaeret"
    assert search_key("Åboulevarden") == search_key("Aaboulevarden") == "aaboulevarden"
    assert search_key("Søndergade") == "soendergade"
    assert search_key("Café Allé") == "cafe alle"
    ordered = sorted(["Åvej", "Ølgade", "Ærøvej", "Zinkvej", "Aavej", "Avej"], key=danish_sort_key)
    assert ordered == ["Avej", "Zinkvej", "Ærøvej", "Ølgade", "Åvej", "Aavej"]


def test_run_time_load_restores_the_whole_register_after_a_flush():
    # hierarchy.reference.load_all calls load_postal_codes() after a test flush.
    from addresses.reference import load_postal_codes

    StreetPostalCode.objects.all().delete()
    Street.objects.all().delete()
    PostalCodeMunicipality.objects.all().delete()
    PostalCode.objects.all().delete()
    assert load_postal_codes() == 1109
    assert Street.objects.count() == 227
    assert PostalCode.objects.get(nr="3540").name_search == "lynge"
    assert [h.name for h in OfflineProvider().streets("3540", "gadek").items] == ["Ved Gadekæret"]


def test_type_ahead_indexes_exist_for_this_database():
    from django.db import connection

    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "addresses_streetpostalcode")
    assert indexes["streetpostalcode_search"]["columns"][:2] == ["postal_code_id", "name_search"]
    if connection.vendor == "postgresql":
        assert indexes["streetpostalcode_name_trgm"]["type"] == "gin"


@pytest.mark.parametrize("q", ["%", "_", "\\", "bjar%", "b_arke"])
def test_like_wildcards_are_literal(q):
    assert names(OfflineProvider().streets("3450", q)) == []
