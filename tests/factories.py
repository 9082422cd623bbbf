"""Test data built through the services, so every fixture obeys the same rules as real data."""

import itertools
from datetime import date

import factory

from addresses.services import AddressInput
from hierarchy import services
from hierarchy.models import Municipality, Unit, UnitType

LONG_AGO = date(2015, 1, 1)
_counter = itertools.count(1)

# Real enhedstyper (data/sor/sor-enhedstyper.csv).
KOMMUNE = "547211000005108"
SUNDHEDSFORVALTNING = "554041000005106"
TANDPLEJEKLINIK = "550691000005104"
PLEJEHJEM = "42665001"


def address(postal_code="3450", street="Bjarkesvej", number="2") -> AddressInput:
    return AddressInput(postal_code=postal_code, street_name=street, house_number=number)


class UnitDataFactory(factory.Factory):
    class Meta:
        model = services.UnitData

    name = factory.Sequence(lambda n: f"Enhed {n}")
    unit_type = factory.LazyFunction(lambda: UnitType.objects.get(code=TANDPLEJEKLINIK))
    phone = "48 10 01 00"
    email = "post@example.dk"
    website = ""
    postal_address = factory.LazyFunction(address)


def kommune_ie(code: str) -> Unit:
    municipality = Municipality.objects.get(code=code)
    existing = Unit.objects.filter(municipality=municipality).first()
    if existing:
        return existing
    data = UnitDataFactory(name=f"{municipality.name} Kommune", unit_type=UnitType.objects.get(code=KOMMUNE))
    return services.unit_create(
        actor=None,
        kind="IE",
        parent=None,
        data=data,
        valid_from=LONG_AGO,
        municipality=municipality,
        reason="Testændring",
    )


def si(parent: Unit, name="Center for Sundhed og Omsorg", **kwargs) -> Unit:
    kwargs.setdefault("reason", "Testdata")  # every write has a Begrundelse (issue 23 item 8)
    data = UnitDataFactory(name=name, unit_type=UnitType.objects.get(code=SUNDHEDSFORVALTNING))
    return services.unit_create(
        actor=None, kind="SI", parent=parent, data=data, valid_from=LONG_AGO, **kwargs
    )


def oe(parent: Unit, name=None, valid_from=LONG_AGO, **kwargs) -> Unit:
    kwargs.setdefault("reason", "Testdata")  # every write has a Begrundelse (issue 23 item 8)
    data = UnitDataFactory(name=name or f"Enhed {next(_counter)}")
    return services.unit_create(
        actor=None, kind="OE", parent=parent, data=data, valid_from=valid_from, **kwargs
    )


def refresh(obj):
    return type(obj).objects.get(pk=obj.pk)
