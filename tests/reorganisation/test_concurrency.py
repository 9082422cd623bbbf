"""A package applied while single writers move units between the same trees (PostgreSQL): the
package takes all its tree locks at once, in order, so nobody deadlocks, and the tree holds."""

import contextlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from hierarchy import services
from hierarchy.integrity import tree_problems
from reorganisation.models import Reorganisation
from reorganisation.plan import read_plan
from reorganisation.services import apply_due_reorganisations, reorganisation_store
from tests import factories
from tests.factories import refresh
from tests.hierarchy.test_concurrency import run_in_threads
from tests.pg import postgres_only

from .conftest import plan_text, region


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_package_and_single_moves_between_its_trees_do_not_deadlock(reference_data):
    today = services.today()
    hovedstaden, sjaelland = region("Region Hovedstaden"), region("Region Sjælland")
    h_sis = [factories.si(hovedstaden, f"Hospital H{i}") for i in range(3)]
    s_sis = [factories.si(sjaelland, f"Hospital S{i}") for i in range(3)]
    movers = [factories.oe(si, f"Afsnit {si.name}") for si in s_sis]
    plan = plan_text(effective_date=f"{today:%d-%m-%Y}").replace(
        "31-12-2026", f"{today - timedelta(days=1):%d-%m-%Y}"
    )
    reorganisation_store(actor=None, plan=read_plan(plan))

    def work(i):
        if i == 0:
            return apply_due_reorganisations(on=today)
        # A move across the same two trees, from the other end; refused by a rule after the
        # package is fine: it still took the locks.
        with contextlib.suppress(ValidationError):
            services.unit_move(
                actor=None,
                unit=refresh(movers[i - 1]),
                new_parent=refresh(h_sis[i - 1]),
                effective_date=today,
                reason="Samtidig flytning",
                confirm_impact=True,
            )
        return None

    results, errors = run_in_threads(work, 4)
    assert errors == []
    assert [problems for r in results if r is not None for _, problems in [r]] == [[]]
    assert Reorganisation.objects.get().status == "applied"
    assert all(refresh(si).parent.name == "Region Østdanmark" for si in h_sis + s_sis)
    assert tree_problems() == []


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_runs_report_a_package_only_from_the_run_that_applied_it(reference_data, monkeypatch):
    """Issue 22 item 11: run B lists the due package while run A is applying it, then waits for
    its row lock; under the lock B finds it applied and does not report it as its own."""
    import json
    import threading
    import time

    from reorganisation import services as reorg

    today = services.today()
    herlev = factories.si(region("Region Hovedstaden"), "Herlev Hospital")
    plan = {
        "name": "Herlev omdøbes",
        "case_number": "P-11",
        "reason": "Samtidige kørsler",
        "effective_date": f"{today:%d-%m-%Y}",
        "operations": [{"op": "rename", "unit": {"sor_id": herlev.sor_id}, "name": "Herlev og Gentofte"}],
    }
    package = reorganisation_store(actor=None, plan=read_plan(json.dumps(plan)))
    who, a_holds_lock, b_has_listed = threading.local(), threading.Event(), threading.Event()
    run_operations, name = (
        reorg.run_operations,
        ("_apply_package" if hasattr(reorg, "_apply_package") else "reorganisation_apply"),
    )
    apply_one = getattr(reorg, name)

    def slow_run_operations(*args, **kwargs):  # run A, holding the package's row lock
        a_holds_lock.set()
        assert b_has_listed.wait(20)
        time.sleep(0.5)  # B is now waiting for the row lock
        return run_operations(*args, **kwargs)

    def b_listed_then_apply(*args, **kwargs):
        if getattr(who, "run", None) == "B":
            b_has_listed.set()
        return apply_one(*args, **kwargs)

    monkeypatch.setattr(reorg, "run_operations", slow_run_operations)
    monkeypatch.setattr(reorg, name, b_listed_then_apply)

    def work(i):
        who.run = "AB"[i]
        if who.run == "B":
            assert a_holds_lock.wait(20)
        return who.run, reorg.apply_due_reorganisations(on=today)

    results, errors = run_in_threads(work, 2)
    assert errors == []
    reports = dict(results)
    assert [p.case_number for p in reports["A"][0]] == ["P-11"] and reports["B"] == ([], [])
    assert refresh(package).status == "applied" and refresh(herlev).name == "Herlev og Gentofte"
