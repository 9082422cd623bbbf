"""Write rules seen through the GUI views: a save without changes (issue 11 item 3) and a move
under a Kommunens kommunikation unit (R7, issue 11 item 15)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from exchange import location_numbers
from hierarchy import services
from hierarchy.models import UnitVersion
from tests import factories
from tests.factories import refresh
from tests.hierarchy.test_views_actions import edit_data


def test_edit_without_changes_says_so_and_writes_nothing(admin_client, tree):
    unit = tree.blovstrod
    revision, events = unit.revision, AuditEvent.objects.count()
    response = admin_client.post(reverse("hierarchy:unit_edit", args=[unit.sor_id]), edit_data(unit))
    assert response.status_code == 200
    assert services.MSG_NO_CHANGES in response.content.decode()
    assert 'id="edit-form"' in response.content.decode()
    assert refresh(unit).revision == revision and UnitVersion.objects.filter(unit=unit).count() == 1
    assert AuditEvent.objects.count() == events


def move_data(unit, target, **overrides):
    data = {
        "new_parent": target.sor_id,
        "effective_date": (services.today() + timedelta(days=1)).strftime("%d-%m-%Y"),
        "reason": "Omorganisering",
        "confirm_impact": "on",
        "expected_revision": str(unit.revision),
    }
    data.update(overrides)
    return data


@pytest.fixture
def advis(tree):
    unit = factories.oe(tree.si, "Sygehusadviser, Allerød Kommune", is_municipal_communication=True)
    location_numbers.location_number_create(
        actor=None,
        unit=unit,
        gln="5790000173624",
        message_types=services.message_types_by_code("DIS20"),
        reason="Testændring",
    )
    return refresh(unit)


def test_municipal_admin_cannot_move_an_oe_under_kommunens_kommunikation(admin_client, tree, advis):
    unit = tree.blovstrod
    response = admin_client.post(reverse("hierarchy:unit_move", args=[unit.sor_id]), move_data(unit, advis))
    assert response.status_code in (403, 422)
    assert "Kommunens kommunikation" in response.content.decode()
    assert refresh(unit).versions.count() == 1
    assert not AuditEvent.objects.filter(action="hierarchy.unit.move").exists()


def test_municipal_admin_moves_an_oe_under_an_ordinary_unit(admin_client, tree, advis):
    unit = tree.blovstrod
    response = admin_client.post(
        reverse("hierarchy:unit_move", args=[unit.sor_id]), move_data(unit, tree.skole)
    )
    assert response.status_code == 303
    assert refresh(unit).versions.count() == 2
