"""Real concurrency on PostgreSQL: writers in threads with their own connections."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from hierarchy import services
from hierarchy.models import UnitVersion
from hierarchy.tree_integrity import tree_problems
from tests import factories
from tests.factories import refresh
from tests.pg import postgres_only

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def run_in_threads(target, count):
    errors, results = [], []
    barrier = threading.Barrier(count)

    def worker(i):
        try:
            barrier.wait()
            results.append(target(i))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_apply_due_changes_run_concurrently_applies_each_change_once(reference_data):
    ie = factories.kommune_ie("0201")
    si = factories.si(ie)
    a = factories.oe(si, "A")
    b = factories.oe(si, "B")
    today = services.today()
    for unit in (a, b):
        services.unit_move(
            actor=None, unit=unit, new_parent=factories.oe(si), effective_date=today, reason="x"
        )
    UnitVersion.objects.filter(valid_from=today).update(applied=False)
    results, errors = run_in_threads(lambda i: services.apply_due_changes(), 4)
    assert errors == []
    assert sum(results) == 2
    assert tree_problems() == []


def test_concurrent_creates_in_one_kommune_keep_the_tree_intact(reference_data):
    ie = factories.kommune_ie("0201")
    parent = factories.oe(factories.si(ie), "Forælder")
    results, errors = run_in_threads(
        lambda i: factories.oe(
            refresh(parent), f"Samtidig {i}", valid_from=services.today() + timedelta(days=7)
        ),
        6,
    )
    assert errors == []
    assert refresh(parent).get_children().count() == 6
    assert len({u.sor_id for u in results}) == 6
    assert tree_problems() == []
