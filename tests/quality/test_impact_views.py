"""Flyt OE and Luk OE name what the change would newly break in the Kvalitetstjek before anything
is saved (issue 24 item 5): a move is confirmed like R7's impact, a close in its confirm step."""

from datetime import timedelta

import pytest
from django.urls import reverse

from exchange import location_numbers
from hierarchy import services
from hierarchy.forms import (
    LABEL_CONFIRM_CONSEQUENCES,
    LABEL_CONFIRM_IMPACT,
    MSG_CONFIRM_CONSEQUENCES,
    MSG_CONFIRM_IMPACT,
)
from hierarchy.models import UnitVersion
from tests.factories import refresh

from .conftest import make_unit
from .test_rules import GLN, PLEJEHJEM


def day(n):
    return (services.today() + timedelta(days=n)).strftime("%d-%m-%Y")


@pytest.fixture
def training(tree, today):
    plejehjem = make_unit(tree.ie, "Plejecenter Skovvang", kind="SI", type_code=PLEJEHJEM)
    return make_unit(plejehjem, "Træningen Skovvang")


def move(client, unit, target, **extra):
    data = {
        "new_parent": target.sor_id,
        "effective_date": day(1),
        "reason": "Omorganisering",
        "expected_revision": str(refresh(unit).revision),
        **extra,
    }
    return client.post(reverse("hierarchy:unit_move", args=[unit.sor_id]), data)


def test_a_move_that_loses_reportability_is_shown_and_waits_for_confirmation(
    client, municipal_admin, tree, training
):
    client.force_login(municipal_admin)
    versions = UnitVersion.objects.count()
    first = move(client, training, tree.si)
    html = first.content.decode()
    assert 'id="impact-consequences"' in html
    assert "Ikke længere: Kan indberettes på efter det tidligere regelsæt – Træningen Skovvang" in html
    assert UnitVersion.objects.count() == versions  # nothing saved yet

    # No lokationsnummer is touched: the box and its error name the consequences shown, not R7's.
    assert f">{LABEL_CONFIRM_CONSEQUENCES}</label>" in html and LABEL_CONFIRM_IMPACT not in html
    unconfirmed = move(client, training, tree.si, impact_shown="1")
    assert MSG_CONFIRM_CONSEQUENCES in unconfirmed.content.decode()
    assert MSG_CONFIRM_IMPACT not in unconfirmed.content.decode()
    assert UnitVersion.objects.count() == versions

    confirmed = move(client, training, tree.si, impact_shown="1", confirm_impact="on")
    assert confirmed.status_code in (200, 302, 303)
    assert UnitVersion.objects.filter(unit=training, parent=tree.si).exists()


def test_a_move_without_consequences_saves_at_once(client, municipal_admin, tree):
    client.force_login(municipal_admin)
    response = move(client, tree.lillerod, tree.pleje)
    assert 'id="impact-consequences"' not in response.content.decode()
    assert UnitVersion.objects.filter(unit=tree.lillerod, parent=tree.pleje).exists()


def test_a_refused_move_shows_its_error_not_consequences(client, municipal_admin, tree, training):
    client.force_login(municipal_admin)
    response = move(client, training, tree.si, effective_date=day(0))  # a move from tomorrow at the earliest
    assert 'id="impact-consequences"' not in response.content.decode()
    assert not UnitVersion.objects.filter(unit=training, parent=tree.si).exists()


def test_the_close_confirm_step_names_the_closing_gln_holder(client, sds_user, tree, today):
    location_numbers.location_number_create(actor=None, unit=tree.blovstrod, gln=GLN, reason="Testændring")
    client.force_login(sds_user)
    response = client.post(
        reverse("hierarchy:unit_close", args=[tree.blovstrod.sor_id]),
        {
            "closing_date": day(20),
            "reason": "Lukker",
            "expected_revision": str(tree.blovstrod.revision),
            "confirm_impact": "on",
        },
    )
    html = response.content.decode()
    assert "Enhed med eget lokationsnummer ophører inden for 30 dage – Tandplejen Blovstrød Skole" in html
    assert refresh(tree.blovstrod).valid_to is None  # the confirm step saves nothing


def test_a_move_beside_a_sibling_of_the_same_name_is_named_before_saving(client, municipal_admin, tree):
    """Opret and Rediger warn of a twin name; Flyt OE names it among the consequences (the
    Kvalitetstjek's generelt.navn_dublet), to confirm like R7's impact."""
    make_unit(tree.pleje, "Tandplejen Lillerød Skole")  # the moved unit's name, in the target
    client.force_login(municipal_admin)
    response = move(client, tree.lillerod, tree.pleje)
    html = response.content.decode()
    assert 'id="impact-consequences"' in html
    assert "Samme navn to gange under samme enhed – Tandplejen Lillerød Skole" in html
    assert not UnitVersion.objects.filter(unit=tree.lillerod, parent=tree.pleje).exists()
