"""One period rule (R11, ARCHITECTURE.md "Effective-dated versions"): the database filters
`in_force_q` and `open_on` answer as `InForce.in_force_on` does, day by day around the ends."""

from datetime import timedelta

import pytest

from hierarchy import services
from hierarchy.models import Unit, UnitVersion
from hierarchy.periods import in_force_q, open_on
from tests import factories


@pytest.fixture
def periods(tree, today):
    """Blovstrød closed after its last day today + 10; Lillerød open-ended; a unit that starts
    today + 5 (planned) and stays open."""
    last_day = today + timedelta(days=10)
    services.unit_close(actor=None, unit=tree.blovstrod, closing_date=last_day, reason="Enheden nedlægges")
    planned = factories.oe(tree.tand, "Ny klinik", valid_from=today + timedelta(days=5))
    return [tree.blovstrod, tree.lillerod, planned], today, last_day


def _days(today, last_day):
    start = factories.LONG_AGO
    return [
        start - timedelta(days=1),  # before every start
        start,  # the first day
        today,
        today + timedelta(days=4),  # the day before the planned unit starts
        today + timedelta(days=5),  # its first day
        last_day,  # Blovstrød's last day
        last_day + timedelta(days=1),  # the day after
    ]


def test_in_force_q_agrees_with_in_force_on_for_units_and_versions(periods):
    units, today, last_day = periods
    ids = [u.pk for u in units]
    assert Unit.objects.get(pk=units[0].pk).valid_to == last_day  # the period under test
    for day in _days(today, last_day):
        loaded = Unit.objects.filter(pk__in=ids)
        assert set(loaded.filter(in_force_q(day)).values_list("pk", flat=True)) == {
            u.pk for u in loaded if u.in_force_on(day)
        }, day
        versions = UnitVersion.objects.filter(unit_id__in=ids)
        assert set(versions.filter(in_force_q(day)).values_list("pk", flat=True)) == {
            v.pk for v in versions if v.in_force_on(day)
        }, day


def test_the_boundaries_in_sql(periods):
    (closed, open_ended, planned), today, last_day = periods

    def on(day):
        return set(Unit.objects.filter(in_force_q(day), pk__in=[closed.pk, open_ended.pk, planned.pk]))

    assert on(factories.LONG_AGO - timedelta(days=1)) == set()  # before the first day: refused
    assert on(factories.LONG_AGO) == {closed, open_ended}  # the first day counts
    assert on(last_day) == {closed, open_ended, planned}  # the last day counts
    assert on(last_day + timedelta(days=1)) == {open_ended, planned}  # the day after does not
    assert on(today + timedelta(days=3650)) == {open_ended, planned}  # open-ended: forever


def test_open_on_counts_only_the_end_and_follows_a_relation(periods):
    (closed, open_ended, planned), _today, last_day = periods
    ids = [closed.pk, open_ended.pk, planned.pk]
    before_start = factories.LONG_AGO - timedelta(days=1)
    # Not yet closed: a unit that has not started is still open on that day.
    assert set(Unit.objects.filter(open_on(before_start), pk__in=ids)) == {closed, open_ended, planned}
    assert set(Unit.objects.filter(open_on(last_day + timedelta(days=1)), pk__in=ids)) == {
        open_ended,
        planned,
    }
    # Through a relation: the versions whose unit is in force on the day after Blovstrød's last.
    via = UnitVersion.objects.filter(
        in_force_q(last_day + timedelta(days=1), prefix="unit__"), unit_id__in=ids
    )
    assert set(via.values_list("unit_id", flat=True)) == {open_ended.pk, planned.pk}
