"""A closing date on the last date there is (9999-12-31) is refused or accepted by the rules, not a
500: the open-children check added a day to it (found by tests/hierarchy/test_forms_fuzz.py)."""

from datetime import date

from hierarchy import services
from hierarchy.models import Unit
from hierarchy.periods import open_after, open_on


def test_open_after_is_open_on_the_next_day(tree, today):
    for day in (today, date(2030, 1, 1)):
        after = set(Unit.objects.filter(open_after(day)).values_list("pk", flat=True))
        next_day = set(
            Unit.objects.filter(open_on(date.fromordinal(day.toordinal() + 1))).values_list("pk", flat=True)
        )
        assert after == next_day


def test_closing_on_the_last_date_there_is(tree, sds_user):
    services.unit_close(
        actor=sds_user, unit=tree.lillerod, closing_date=date.max, reason="Luk til sidst", validate_only=True
    )
