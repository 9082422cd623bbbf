"""R6, one rule (`hierarchy.inheritance`): a unit's lokationsnummer is its own, else its nearest
ancestor's. The details panel and the unit services, the SorEntity export, the JSON API and an
omstrukturering's impact report give the same answer on a tree with nested numbers, and the
services' "who inherits through this unit" is its inverse."""

import csv
import io

import pytest
from django.urls import reverse

from exchange import location_numbers
from exchange.auth import token_issue
from exchange.exporter.entity_csv import iter_sor_entity_csv
from hierarchy import inheritance, services
from hierarchy.identifiers import make_gln
from hierarchy.models import LocationNumber
from reorganisation.impact import register_on
from tests import factories
from tests.factories import refresh

A, B, C = make_gln("579000012301"), make_gln("579000012302"), make_gln("579000012303")


@pytest.fixture
def nested(tree):
    """Allerød Kommune (A) → SI → Tandpleje (B) → {Blovstrød → Dyb, Lillerød (C)};
    SI → Sundhedspleje → Blovstrød Skole."""
    tree.deep = factories.oe(tree.blovstrod, "Dyb enhed")
    for unit, gln in ((tree.ie, A), (tree.tand, B), (tree.lillerod, C)):
        location_numbers.location_number_create(
            actor=None,
            unit=unit,
            gln=gln,
            message_types=services.message_types_by_code("XDIS19"),
            reason="Testændring",
        )
    expected = {
        tree.ie: A,
        tree.si: A,
        tree.tand: B,
        tree.blovstrod: B,
        tree.deep: B,
        tree.lillerod: C,
        tree.pleje: A,
        tree.skole: A,
    }
    return tree, {refresh(u): gln for u, gln in expected.items()}


def test_details_and_services(nested):
    _tree, expected = nested
    assert {u: services.inherited_location_number(u).gln for u in expected} == expected


def test_the_sor_entity_export(nested):
    _tree, expected = nested
    text = b"".join(iter_sor_entity_csv()).decode("utf-8-sig")
    rows = {r["SorId"].strip('="'): r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert {u: rows[u.sor_id]["EanLocationCode"].strip('="') for u in expected} == expected
    assert rows[nested[0].blovstrod.sor_id]["EanLocationCodeInheritance"] == "nedarvet"
    assert rows[nested[0].tand.sor_id]["EanLocationCodeInheritance"] == "egen"


def test_the_api(nested, client):
    tree, expected = nested
    token = token_issue(actor=None, name="FMK test")[1]

    def answer(unit):
        body = client.get(
            reverse("exchange:api_unit", args=[unit.sor_id]), headers={"Authorization": f"Token {token}"}
        ).json()
        return body["location_number"]

    assert {u: answer(u)["gln"] for u in expected} == expected
    assert answer(tree.deep)["holder_sor_id"] == tree.tand.sor_id and answer(tree.deep)["inherited"]
    assert answer(tree.lillerod)["inherited"] is False


def test_the_reorganisation_impact(nested, today):
    _tree, expected = nested
    gln_by_id = dict(LocationNumber.objects.values_list("pk", "gln"))
    found = register_on(today).glns_of([u.pk for u in expected])
    assert {u: gln_by_id[found[u.pk]] for u in expected} == expected


def test_who_inherits_through_a_unit_is_the_inverse(nested):
    tree, _expected = nested
    closing_tand = services.location_impact(refresh(tree.tand), closing=True)
    assert closing_tand["own"]["gln"] == B
    assert {u["sor_id"] for u in closing_tand["subunits"]} == {tree.blovstrod.sor_id, tree.deep.sor_id}
    moving_pleje = services.location_impact(refresh(tree.pleje), new_parent=refresh(tree.tand))
    assert (moving_pleje["before"]["gln"], moving_pleje["after"]["gln"]) == (A, B)
    assert {u["sor_id"] for u in moving_pleje["subunits"]} == {tree.pleje.sor_id, tree.skole.sor_id}


def test_the_rule_on_its_own():
    parent = {"oe": "si", "si": "ie", "ie": None, "loop1": "loop2", "loop2": "loop1"}
    own = {"ie": "A"}
    assert inheritance.location_numbers(["oe", "ie", "loop1", "orphan"], parent, own) == {
        "oe": "A",
        "si": "A",
        "ie": "A",
        "loop1": None,  # a cycle of parents inherits nothing
        "loop2": None,
        "orphan": None,  # no parent known: a top without a number
    }
    assert inheritance.lineage_location_number(["oe", "si", "ie"], {"si": "S", "ie": "A"}) == "S"
    assert inheritance.lineage_location_number(["oe", "si"], {}) is None
    assert inheritance.location_number("own", "parents") == "own"
    assert inheritance.location_number(None, "parents") == "parents"
