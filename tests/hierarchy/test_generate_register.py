"""generate_register (issue 6): a synthetic register whose units the search and the tree checks
treat like any other. The 100k-unit run is measured by bench/bench_register.py, not here."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from hierarchy import integrity, selectors, services
from hierarchy.models import Unit, UnitSearch


def test_small_register_is_complete_and_searchable(db, sds_user):
    call_command("generate_register", units=1500, stdout=StringIO())
    count = Unit.objects.count()
    assert count >= 1500
    # every unit has its search keys (bulk_create skips Unit.save())
    assert UnitSearch.objects.count() == count
    assert integrity.tree_problems() == []
    assert integrity.search_key_problems() == []  # units' and versions' keys as save() writes them
    unit = Unit.objects.filter(kind="OE", valid_to__isnull=True).order_by("pk").first()
    keys = UnitSearch.objects.get(unit=unit)
    assert keys.name == unit.name.lower() and f"\n{unit.sor_id}\n" in keys.text
    found = selectors.search_units(sds_user, navn=unit.name, limit=1000)
    assert unit.pk in {u.pk for u in found.units}
    assert unit.pk in {u.pk for u in selectors.search_units(sds_user, fritekst=unit.sor_id).units}


def test_small_register_is_audited_in_the_one_chain(db):
    """One creation event per unit, appended through the public bulk writer: verify_audit
    accepts the chain, also for events written after them."""
    call_command("generate_register", units=300, stdout=StringIO())
    events = AuditEvent.objects.filter(action="hierarchy.unit.create", source="command:generate_register")
    assert events.count() == Unit.objects.count()
    unit = Unit.objects.filter(kind="OE").order_by("pk").first()
    data = services.UnitData.from_unit(unit)
    data.name = "Omdøbt efter indlæsning"
    services.unit_update(
        actor=None, unit=unit, data=data, effective_date=services.today(), reason="Testændring"
    )
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert f"Kæden er verificeret til hændelse {AuditEvent.objects.count()}" in out.getvalue()


def test_refuses_a_register_that_is_not_empty(kommune):
    with pytest.raises(CommandError, match="ikke tomt"):
        call_command("generate_register", units=100, stdout=StringIO())
