import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from exchange import location_numbers
from hierarchy import services
from hierarchy.identifiers import make_gln
from hierarchy.models import UnitType
from tests import factories

REGION_TYPE = "550881000005103"
PLAN_FILE = (
    Path(__file__).resolve().parents[2] / "data" / "reorganisations" / "region-oestdanmark-2027-01-01.json"
)


def region(name: str):
    data = factories.UnitDataFactory(name=name, unit_type=UnitType.objects.get(code=REGION_TYPE))
    return services.unit_create(
        actor=None, kind="IE", parent=None, data=data, valid_from=factories.LONG_AGO, reason="Region"
    )


@pytest.fixture
def regions(today, kommune, sds_user):
    """Region Hovedstaden (Rigshospitalet with its own GLN → Hjertecentret → Team 1; Herlev
    Hospital) and Region Sjælland (Sjællands Universitetshospital → Akutafdelingen), one
    administrator of Region Hovedstaden, and a kommune that the plan does not touch."""
    hovedstaden, sjaelland = region("Region Hovedstaden"), region("Region Sjælland")
    rigs = factories.si(hovedstaden, "Rigshospitalet")
    herlev = factories.si(hovedstaden, "Herlev Hospital")
    suh = factories.si(sjaelland, "Sjællands Universitetshospital")
    hjerte = factories.oe(rigs, "Hjertecentret")
    team = factories.oe(hjerte, "Team 1")
    akut = factories.oe(suh, "Akutafdelingen")
    gln = location_numbers.location_number_create(
        actor=None,
        unit=rigs,
        gln=make_gln("579000012345"),
        message_types=services.message_types_by_code("XDIS15"),
        reason="Testændring",
    )
    admin = get_user_model().objects.create_user(username="region.admin", password="demo")
    services.administrator_scope_add(actor=None, user=admin, institution_owner=hovedstaden)
    return type(
        "Regions",
        (),
        dict(
            hovedstaden=hovedstaden,
            sjaelland=sjaelland,
            rigs=rigs,
            herlev=herlev,
            suh=suh,
            hjerte=hjerte,
            team=team,
            akut=akut,
            gln=gln,
            admin=admin,
            kommune=kommune,
        ),
    )


def plan_text(extra_operations=(), **changes) -> str:
    plan = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    plan.update(changes)
    plan["operations"] += list(extra_operations)
    return json.dumps(plan, ensure_ascii=False)
