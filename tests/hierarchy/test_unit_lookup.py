"""SOR-kode → unit (issue 27 item 8): one lookup (`selectors.unit_for_sor_id`) for the move form,
the admin, the lokationsnummer page, the unit pages and the API. Spaces anywhere are ignored, a
value that is no SOR-kode is named as such before the register is asked, and a code no unit has
gets one message wherever it is typed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from exchange import location_numbers
from exchange.auth import token_issue
from hierarchy import forms, selectors, services
from hierarchy.identifiers import MSG_SOR_ID_CHECK, make_sor_id
from hierarchy.models import Unit
from tests.hierarchy.test_admin import add_payload

UNKNOWN = make_sor_id(999999)
WRONG_CHECK_DIGIT = "11000016003"
NO_UNIT = f"Der findes ingen enhed med SOR-koden {UNKNOWN}."
GLN = "5790000123117"


def spaced(sor_id: str) -> str:
    """As copied from a letter: the running number apart, the namespace in two groups."""
    return f"{sor_id[:-10]} {sor_id[-10:-3]} {sor_id[-3:]}"


def test_lookup_finds_a_spaced_code(tree):
    assert selectors.unit_for_sor_id(spaced(tree.blovstrod.sor_id)) == tree.blovstrod
    assert selectors.unit_for_sor_id(f"\t{tree.blovstrod.sor_id}\n") == tree.blovstrod


def test_lookup_names_a_wrong_check_digit_without_asking_the_register(tree, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        selectors.unit_for_sor_id(WRONG_CHECK_DIGIT)
    assert refused.value.messages == [MSG_SOR_ID_CHECK.format(value=WRONG_CHECK_DIGIT)]


def test_lookup_of_a_code_no_unit_has(tree):
    with pytest.raises(ValidationError) as refused:
        selectors.unit_for_sor_id(UNKNOWN)
    assert refused.value.messages == [NO_UNIT]
    assert refused.value.code == "unit_not_found"


def test_move_form_uses_the_one_lookup(tree):
    def errors(value):
        form = forms.MoveUnitForm({"new_parent": value}, unit=tree.blovstrod)
        form.is_valid()
        return form.errors.get("new_parent"), form.cleaned_data.get("new_parent")

    assert errors(spaced(tree.pleje.sor_id)) == (None, tree.pleje)
    assert errors(UNKNOWN)[0] == [NO_UNIT]


@pytest.fixture
def sds_client(client, sds_user):
    client.force_login(sds_user)
    return client


def test_admin_finds_a_spaced_parent_code(tree, sds_client, today):
    """Refused before: the admin stripped only the ends, so a pasted code failed the format check."""
    response = sds_client.post(
        reverse("admin:hierarchy_unit_add"), add_payload(tree.tand, parent_sor_id=spaced(tree.tand.sor_id))
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Unit.objects.get(name="Tandplejen Engholm Skole").parent == tree.tand


def test_admin_names_a_code_no_unit_has(tree, sds_client, today):
    response = sds_client.post(
        reverse("admin:hierarchy_unit_add"), add_payload(tree.tand, parent_sor_id=UNKNOWN)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent_sor_id"] == [NO_UNIT]


@pytest.fixture
def gln_page(tree):
    location_numbers.location_number_create(
        actor=None,
        unit=tree.tand,
        gln=GLN,
        message_types=services.message_types_by_code("XDIS19"),
        reason="Testændring",
    )
    return reverse("exchange_gui:location_number", args=[GLN])


def move_gln(client, url, value):
    response = client.post(url, {"action": "move", "move-new_unit": value, "move-reason": "Ny placering"})
    return response.status_code, response.context["move_form"].errors.get(
        "new_unit"
    ) if response.context else None


def test_gln_move_names_a_wrong_check_digit(tree, sds_client, gln_page):
    """Before: "no unit has this code", where every other form says the check digit is wrong."""
    assert move_gln(sds_client, gln_page, WRONG_CHECK_DIGIT) == (
        200,
        [MSG_SOR_ID_CHECK.format(value=WRONG_CHECK_DIGIT)],
    )
    assert move_gln(sds_client, gln_page, UNKNOWN) == (200, [NO_UNIT])
    assert move_gln(sds_client, gln_page, spaced(tree.pleje.sor_id))[0] == 302


def test_unit_page_of_a_code_no_unit_has_says_so(tree, sds_client):
    response = sds_client.get(reverse("hierarchy:unit_detail", args=[UNKNOWN]))
    assert response.status_code == 404
    assert NO_UNIT in response.content.decode()


def test_api_says_the_same_with_its_404_shape(tree, client):
    token = token_issue(actor=None, name="FMK test")[1]
    response = client.get(
        reverse("exchange:api_unit", args=[UNKNOWN]), headers={"Authorization": f"Token {token}"}
    )
    assert response.status_code == 404
    assert response.json()["code"] == "unit_not_found"
    assert response.json()["error"] == NO_UNIT
