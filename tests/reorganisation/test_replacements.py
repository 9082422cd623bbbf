"""'Erstattet af' (services.unit_replace): stored, audited, refused where it does not fit, and
written to SOR XML as ReplacedByEntity / ReplacesEntity (SIs and OEs; the schema has no such
element for IEs)."""

import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from lxml import etree

from audit.models import AuditEvent
from exchange.exporter import iter_sor_xml
from exchange.sorxml import q, schema_problems
from hierarchy import services
from hierarchy.models import UnitReplacement
from tests import factories
from tests.factories import refresh


@pytest.fixture
def closing(tree, today):
    """Lillerød closes in 10 days; Blovstrød takes over."""
    services.unit_close(
        actor=None, unit=tree.lillerod, closing_date=today + timedelta(days=10), reason="Lukkes"
    )
    return refresh(tree.lillerod)


def test_a_closing_unit_is_replaced_by_its_successor_and_exported(tree, closing, municipal_admin, today):
    services.unit_replace(actor=municipal_admin, unit=closing, successor=tree.blovstrod, reason="Samles")
    link = UnitReplacement.objects.get()
    assert (link.replaced, link.successor, link.effective_date) == (
        closing,
        tree.blovstrod,
        today + timedelta(days=11),
    )
    event = AuditEvent.objects.get(action="hierarchy.unit.replace")
    assert event.object_id == closing.sor_id and event.after["replaced_by"] == tree.blovstrod.sor_id
    doc = etree.parse(io.BytesIO(b"".join(iter_sor_xml())))
    assert schema_problems(doc) == []
    units = {e.findtext(q("SorIdentifier")): e for e in doc.getroot().iter(q("OrganizationalUnit"))}
    replaced_by = units[closing.sor_id].find(q("ReplacedByEntityCollection"))
    assert [e.text for e in replaced_by.iter(q("SorIdentifier"))] == [tree.blovstrod.sor_id]
    replaces = units[tree.blovstrod.sor_id].find(q("ReplacesEntityCollection"))
    assert [e.text for e in replaces.iter(q("SorIdentifier"))] == [closing.sor_id]
    with pytest.raises(ValidationError, match="allerede markeret"):
        services.unit_replace(
            actor=None, unit=refresh(closing), successor=tree.blovstrod, reason="Testændring"
        )


def test_replacement_refusals(tree, closing, municipal_admin, other_kommune):
    with pytest.raises(ValidationError, match="ingen ophørsdato"):
        services.unit_replace(actor=None, unit=tree.blovstrod, successor=closing, reason="Testændring")
    with pytest.raises(ValidationError, match="samme niveau"):
        services.unit_replace(actor=None, unit=closing, successor=tree.si, reason="Testændring")
    with pytest.raises(ValidationError, match="sig selv"):
        services.unit_replace(actor=None, unit=closing, successor=closing, reason="Testændring")
    later = factories.oe(tree.tand, "Ny tandpleje", valid_from=closing.valid_to + timedelta(days=5))
    with pytest.raises(ValidationError, match=re.escape("ikke aktiv pr.")):
        services.unit_replace(actor=None, unit=closing, successor=later, reason="Testændring")
    foreign = factories.oe(factories.si(other_kommune), "Fremmed enhed")
    with pytest.raises(PermissionDenied):
        services.unit_replace(actor=municipal_admin, unit=closing, successor=foreign, reason="Testændring")
    assert not UnitReplacement.objects.exists()
