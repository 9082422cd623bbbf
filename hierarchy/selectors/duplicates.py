"""Units with the same name under the same parent: two such units cannot be told apart where
another system lets a user pick a recipient or a place (the Kvalitetstjek's rule
`generelt.navn_dublet`, quality/rules/generelt.py, finds them afterwards; Opret OE warns before
a second one is made, issue 23 item 6)."""

from datetime import date

from ..models import Unit, UnitVersion
from ..periods import open_on


def same_name_units(parent: Unit, name: str, day: date, *, exclude: Unit | None = None) -> list[Unit]:
    """The units with `name` (case and spacing aside) directly under `parent` in a version not
    closed by `day`, i.e. that are there on `day` or will be: a unit created from `day` would sit
    beside them. `exclude`: the unit being renamed or moved, which is no twin of itself."""
    spaced = " ".join((name or "").split())  # iexact below: case aside
    if not spaced:
        return []
    unit_ids = (
        UnitVersion.objects.filter(open_on(day), parent=parent, name__iexact=spaced)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    units = Unit.objects.filter(pk__in=unit_ids).filter(open_on(day))
    if exclude is not None:
        units = units.exclude(pk=exclude.pk)
    return list(units.order_by("name", "sor_id"))


def folded_name(name: str) -> str:
    """A name as `same_name_units` compares it: case and runs of spaces aside."""
    return " ".join((name or "").split()).casefold()


def is_rename(current: str, new: str) -> bool:
    """Whether `new` names the unit differently from `current`; a change of case or spacing
    alone is not a rename (and needs no same-name warning)."""
    return folded_name(new) != folded_name(current)
