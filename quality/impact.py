"""What a move or close would newly break in the Kvalitetstjek, for the action's impact step
(`hierarchy.consequences`): "Flyttes enheden, bryder den og enhederne under den disse regler, som
de ikke bryder i dag". Rules that hold in the target state are evaluated on the data, not guessed:
the change is made through the services, as the system and as if it took effect today, inside a
savepoint that is always rolled back (nothing is written, no audit event survives), and the
rules are run on the unit and the units below it before and inside it. A change the services
refuse names nothing here: the action itself says why."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hierarchy import services
from hierarchy.dates import today
from hierarchy.models import Unit
from hierarchy.periods import in_force_q

from .rules import RULES, SEVERITY_ORDER, Rule

REASON = "Kvalitetstjek: konsekvens af ændringen (rulles tilbage)"


class _RollBack(Exception):
    pass


def _broken(unit_ids: list[int], day: date) -> set[tuple[str, int]]:
    units = Unit.objects.filter(in_force_q(day), pk__in=unit_ids)
    return {
        (rule.id, pk) for rule in RULES.values() for pk in rule.query(units, day).values_list("pk", flat=True)
    }


def newly_broken(
    unit: Unit, *, new_parent: Unit | None = None, closing_date: date | None = None
) -> list[tuple[Rule, list[str]]]:
    """[(rule, names of the units that would newly break it)], most severe first; for a
    capability rule (genoptræning's reportable units), the units that would lose it."""
    day = today()
    ids = [unit.pk, *unit.descendants().values_list("pk", flat=True)]
    before = _broken(ids, day)
    after: set[tuple[str, int]] = set()
    try:
        with transaction.atomic():
            if new_parent is not None:
                services.unit_move(
                    actor=None,
                    unit=unit,
                    new_parent=new_parent,
                    effective_date=max(day, unit.valid_from),
                    reason=REASON,
                    confirm_impact=True,
                )
            elif closing_date is not None:
                services.unit_close(
                    actor=None, unit=unit, closing_date=closing_date, reason=REASON, confirm_impact=True
                )
            after = _broken(ids, day)
            raise _RollBack
    except _RollBack:
        pass
    except (ValidationError, PermissionDenied):
        return []
    new = {(r, pk) for r, pk in after - before if not RULES[r].capability}
    new |= {(r, pk) for r, pk in before - after if RULES[r].capability}
    names = dict(Unit.objects.filter(pk__in={pk for _rule, pk in new}).values_list("pk", "name"))
    by_rule: dict[str, list[str]] = {}
    for rule_id, pk in new:
        by_rule.setdefault(rule_id, []).append(names[pk])
    ordered = sorted(by_rule, key=lambda r: (SEVERITY_ORDER[RULES[r].severity], r))
    return [(RULES[rule_id], sorted(by_rule[rule_id])) for rule_id in ordered]


def consequence_lines(
    unit: Unit, *, new_parent: Unit | None = None, closing_date: date | None = None
) -> list[str]:
    """The impact step's lines: one per rule, with its severity and the units."""
    return [
        f"Kvalitetstjek ({rule.severity_label.lower()}): "
        f"{'Ikke længere: ' if rule.capability else ''}{rule.title} – {', '.join(names)}."
        for rule, names in newly_broken(unit, new_parent=new_parent, closing_date=closing_date)
    ]
