"""A period of validity, one rule in Python and in SQL: from `valid_from` to `valid_to`, both days
included; no `valid_to` means open-ended (R11: a closing date is the unit's last valid day).

`InForce.in_force_on` answers for one object already loaded; `in_force_q` and `open_on` are the
same test as a filter for the database. Everything that asks "in force on a day" uses these."""

from datetime import date

from django.db.models import Q


class InForce:
    """Shared by a unit (from its start to its closing date) and its versions."""

    valid_from: date
    valid_to: date | None

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def open_on(day: date, prefix: str = "") -> Q:
    """Not yet closed on `day`: only the end of the period counts (it may start after `day`).
    `prefix` reaches the period through a relation, e.g. "unit__"."""
    return Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})


def open_after(day: date, prefix: str = "") -> Q:
    """Still open after `day` (in force the day after): open_on(day + 1 day), without the
    addition, which overflows on the last date there is (9999-12-31)."""
    return Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})


def in_force_q(day: date, prefix: str = "") -> Q:
    """In force on `day`: the SQL twin of `InForce.in_force_on`."""
    return Q(**{f"{prefix}valid_from__lte": day}) & open_on(day, prefix)
