"""Real concurrency: writers in threads with their own connections, on PostgreSQL in the test
database and on SQLite against a database file in a fresh process."""

import json
import os
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.db import connection

from audit.chain import verify
from audit.models import AuditEvent
from hierarchy import services
from hierarchy.integrity import tree_problems
from hierarchy.models import UnitVersion
from tests import factories
from tests.factories import refresh
from tests.pg import postgres_only, sqlite_only


def run_in_threads(target, count):
    errors, results = [], []
    barrier = threading.Barrier(count)

    def worker(i):
        try:
            barrier.wait()
            results.append(target(i))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@postgres_only
@pytest.mark.django_db(transaction=True)
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


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_apply_due_changes_run_concurrently_projects_each_renamed_unit_once(reference_data):
    """The set-based path: each unit re-checked from the versions read under the locks."""
    day = services.today() + timedelta(days=2)
    units = []
    for code in ("0201", "0751"):
        si = factories.si(factories.kommune_ie(code))
        units += [factories.oe(si) for _ in range(6)]
    for unit in units:
        data = services.UnitData.from_unit(unit)
        data.name = f"{unit.name} (ny)"
        services.unit_update(actor=None, unit=unit, data=data, effective_date=day, reason="Testændring")
    results, errors = run_in_threads(lambda i: services.apply_due_changes(on=day), 4)
    assert errors == []
    assert sum(results) == len(units)
    for unit in units:
        fresh = refresh(unit)
        assert fresh.name == f"{unit.name} (ny)" and fresh.revision == unit.revision + 2
        events = AuditEvent.objects.filter(action="hierarchy.unit.apply_due", object_id=unit.sor_id)
        assert events.count() == 1
    assert verify(AuditEvent.objects.order_by("seq"))[1] is None
    assert tree_problems() == []


@postgres_only
@pytest.mark.django_db(transaction=True)
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
    assert refresh(parent).node.get_children().count() == 6
    assert len({u.sor_id for u in results}) == 6
    assert tree_problems() == []


@sqlite_only
def test_concurrent_writers_on_a_sqlite_file_wait_instead_of_failing(tmp_path):
    """The embedded database under concurrent saves: each writer waits for the write lock
    (immediate transactions, busy timeout) instead of answering "database is locked"."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "sor_admin.settings.test",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.hierarchy.sqlite_writers", "6"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert json.loads(done.stdout.splitlines()[-1]) == {"errors": []}


@pytest.mark.django_db
def test_a_writer_still_locked_out_gets_the_danish_conflict_message(
    client, tree, municipal_admin, monkeypatch
):
    """Past the busy timeout SQLite still says "database is locked": a conflict, not a 500."""
    from django.db import OperationalError
    from django.urls import reverse

    from sor_admin.database_busy import MSG_DATABASE_BUSY
    from tests.hierarchy.test_views_actions import edit_data

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "unit_update", locked)
    client.force_login(municipal_admin)
    unit = tree.blovstrod
    response = client.post(reverse("hierarchy:unit_edit", args=[unit.sor_id]), edit_data(unit, name="Nyt"))
    assert response.status_code == 503
    assert response.content.decode() == MSG_DATABASE_BUSY
    assert refresh(unit).name == "Tandplejen Blovstrød Skole"
