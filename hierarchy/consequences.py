"""Consequences of a move or close that other apps know about, named in the action's impact step
beside R7's lokationsnumre (`services.location_impact`). The register imports none of the apps
above it (ARCHITECTURE.md, "The layers"), so they register a check here from their AppConfig's
ready(): the Kvalitetstjek names the rules a change would newly break (quality/impact.py).

A check takes the unit and either `new_parent` (a move) or `closing_date` (a close) and returns
Danish lines; it must write nothing that outlives it."""

from collections.abc import Callable
from datetime import date

from .models import Unit

Check = Callable[..., list[str]]
_checks: list[Check] = []


def register(check: Check) -> None:
    if check not in _checks:
        _checks.append(check)


def lines(unit: Unit, *, new_parent: Unit | None = None, closing_date: date | None = None) -> list[str]:
    found: list[str] = []
    for check in _checks:
        found += check(unit, new_parent=new_parent, closing_date=closing_date)
    return found
