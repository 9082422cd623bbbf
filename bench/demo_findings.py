"""What the Kvalitetstjek finds in the demo register, made on purpose: a few realistic findings
per pack in Allerød and Aarhus, so that a new user sees /kvalitet/ at work. Each is a thing that
happens in the real register (a lokationsnummer that MedCom has not yet given its message types,
a unit that closes with its own number, a number moved up to the parent as in the source slides'
pakketabel example, a new behandlingssted registered without its own address). Idempotent: what
exists is left alone, and the first control run is made only on a register that has none.

Et Samlet Patientoverblik's rule (an OE without any aktivitetsadresse, own or inherited) has
nothing to find here: every demo kommune's IE has a postadresse, which all its OEs inherit, as
in the real register."""

from datetime import timedelta

from exchange import location_numbers
from hierarchy import services
from hierarchy.models import LocationNumber, Unit
from quality.models import QualityRun
from quality.runs import run_checks

REASON = "Demodata: Kvalitetstjek"


def _unit(ie: Unit, name: str) -> Unit:
    return Unit.objects.get(node__tree_id=ie.tree_id, name=name)


def _closing_holder(seeder, unit: Unit, codes, days: int) -> None:
    """`unit` holds its own lokationsnummer and closes in `days` days."""
    seeder.gln(unit, codes)
    if unit.valid_to is None:
        services.unit_close(
            actor=None,
            unit=unit,
            closing_date=seeder.today + timedelta(days=days),
            reason=REASON,
            confirm_impact=True,
        )


def _moved_up(seeder, unit: Unit, codes) -> None:
    """The number of `unit` moved to its parent (the slides' pakketabel example)."""
    parent = unit.parent
    if LocationNumber.objects.filter(unit=parent).exists():
        return
    seeder.gln(unit, codes)
    location_numbers.location_number_move(
        actor=None,
        location_number=LocationNumber.objects.get(unit=unit),
        new_unit=parent,
        reason=REASON,
    )


def _imported_without_address(seeder, parent: Unit, name: str, type_code: str, phone: str) -> None:
    """A behandlingssted as a SOR import brings it (`strict=False`, the importer's mode): with a
    telephone number but no address of its own; it inherits its parent's."""
    if Unit.objects.filter(parent=parent, name=name).exists():
        return
    services.unit_create(
        actor=None,
        kind=Unit.Kind.ORGANISATIONAL_UNIT,
        parent=parent,
        data=seeder.data(name, type_code, phone=phone),
        valid_from=max(parent.valid_from, seeder.today - timedelta(days=365)),
        strict=False,
        reason="Demodata: Kvalitetstjek (indlæst fra SOR uden egen adresse)",
    )


def add(seeder, allerod: Unit, aarhus: Unit, *, types: dict[str, str], codes) -> None:
    # Allerød
    seeder.gln(_unit(allerod, "Plejecenter Skovvang"), ())  # no message types yet
    _closing_holder(seeder, _unit(allerod, "Hjemmeplejen Syd"), codes, 21)
    _moved_up(seeder, _unit(allerod, "Hjemmeplejen Nord"), codes)
    tand = _unit(allerod, "Allerød Kommunes Tandpleje")
    _imported_without_address(seeder, tand, "Tandplejen Engholm Skole", types["tandpleje"], "48 10 08 50")
    # Aarhus
    seeder.gln(_unit(aarhus, "Plejehjemmet Kongsgården"), ())
    _closing_holder(seeder, _unit(aarhus, "Tandplejen Aarhus"), codes, 14)
    _moved_up(seeder, _unit(aarhus, "Sundhedsplejen Aarhus"), codes)
    omsorg = _unit(aarhus, "Sundhedsplejen Aarhus").parent
    _imported_without_address(seeder, omsorg, "Hjemmeplejen Trøjborg", types["hjemmepleje"], "89 40 20 00")
    if not QualityRun.objects.exists():
        run_checks(actor=None, source="command:seed_demo")
