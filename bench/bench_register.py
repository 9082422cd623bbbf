"""Benchmark of the register at national scale (issue 6). Not part of the test suite.

Usage (PostgreSQL; the database is created if missing and filled once with generate_register):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_bench \\
        .venv/bin/python bench/bench_register.py [--units 100000] [--repeat 200]

It prints, for each operation, p50/p95 in milliseconds and the queries per call; for the reads
also the raw-SQL time (the statements the view sent for its data, replayed through psycopg and
every row fetched, in the same run) and the ratio. Writes go
through the services, audit included. Reads go through the real views with Django's test client
(logged in as an SDS user), so they include template rendering.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sor_admin.settings.test")


# What htmx sends when the search form swaps only the result list.
SEARCH_HX = {"HX-Request": "true", "HX-Target": "navigator-results"}


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


REPLAY = object()  # Timer.measure(raw=REPLAY): compare with the view's own SQL, replayed
_FRAMEWORK_TABLES = ('"django_session"', '"auth_user"', '"auth_group"', '"auth_user_groups"')


def _framework_query(sql: str) -> bool:
    head = sql.split(" WHERE ", 1)[0]
    return any(table in head for table in _FRAMEWORK_TABLES)


def _replay(connection, statements):
    with connection.connection.cursor() as cursor:  # psycopg, under Django
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


class Timer:
    def __init__(self):
        self.rows = []

    def measure(self, label, fn, repeat, *, raw=None, target=None):
        """Time `fn(i)` `repeat` times. With `raw=REPLAY`, time afterwards the same statements
        the view sent for its data (session and user look-ups left out), replayed as plain
        SQL through psycopg, fetching every row: the ratio is then what Django (ORM, templates,
        middleware) adds to the database's own work."""
        from django.db import connection, reset_queries

        samples, queries, statements = [], [], []
        for i in range(repeat):
            reset_queries()
            started = time.perf_counter()
            fn(i)
            samples.append(time.perf_counter() - started)
            queries.append(len(connection.queries))
            statements.append([q["sql"] for q in connection.queries if not _framework_query(q["sql"])])
        p50, p95 = percentiles(samples)
        raw_p50 = raw_ratio = None
        if raw is REPLAY:
            raw = lambda i: _replay(connection, statements[i])  # noqa: E731
        if raw is not None:
            raw_samples = []
            for i in range(repeat):
                started = time.perf_counter()
                raw(i)
                raw_samples.append(time.perf_counter() - started)
            raw_p50, _ = percentiles(raw_samples)
            raw_ratio = p50 / raw_p50 if raw_p50 else None
        self.rows.append((label, p50, p95, statistics.median(queries), raw_p50, raw_ratio, target))
        print(f"  {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms", flush=True)

    def print(self):
        print(
            f"{'operation':<34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'raw p50':>8} {'ratio':>6}  target"
        )
        for label, p50, p95, q, raw_p50, ratio, target in self.rows:
            raw_txt = f"{raw_p50:8.2f}" if raw_p50 is not None else f"{'':>8}"
            ratio_txt = f"{ratio:6.1f}" if ratio is not None else f"{'':>6}"
            verdict = ""
            if target:
                verdict = f"p95 ≤ {target} ms: {'ja' if p95 <= target else 'NEJ'}"
            print(f"{label:<34} {p50:8.2f} {p95:8.2f} {q:8.0f} {raw_txt} {ratio_txt}  {verdict}")


def ensure_database(units):
    from django.core.management import call_command

    from hierarchy.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("generate_register", units=units)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument(
        "--reads-only", action="store_true", help="skip the writes (which change the register)"
    )
    args = parser.parse_args()

    import django
    from django.conf import settings

    settings.DEBUG = True  # count queries
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.db import connection
    from django.test import Client

    from audit.context import audit_context
    from hierarchy import permissions, services
    from hierarchy.models import Unit, UnitVersion
    from hierarchy.roles import ensure_groups

    if connection.vendor != "postgresql":
        sys.exit("Benchmark on PostgreSQL: set DATABASE_URL.")
    ensure_database(args.units)
    groups = ensure_groups()
    user, _ = get_user_model().objects.get_or_create(username="bench.sds", defaults={"is_staff": True})
    user.groups.add(groups[permissions.GROUP_SDS])
    print(f"Register: {Unit.objects.count()} enheder, {UnitVersion.objects.count()} versioner")

    timer = Timer()
    repeat = args.repeat
    today = services.today()
    client = Client()
    client.force_login(user)

    parents = list(
        Unit.objects.filter(kind__in=["SI", "OE"], valid_to__isnull=True, rght__gt=models_lft_plus(3))
        .order_by("?")
        .values_list("sor_id", "pk")[:repeat]
    )
    leaves = list(
        Unit.objects.filter(kind="OE", valid_to__isnull=True)
        .extra(where=["rght = lft + 1"])
        .order_by("?")[: repeat * 3]
    )

    # -- reads ------------------------------------------------------------------------------
    timer.measure(
        "tree expand (children)",
        lambda i: client.get(f"/trae/{parents[i % len(parents)][0]}/", headers={"HX-Request": "true"}),
        repeat,
        raw=REPLAY,
        target=30,
    )
    timer.measure(
        "details panel",
        lambda i: client.get(
            f"/enhed/{parents[i % len(parents)][0]}/", headers={"HX-Request": "true", "HX-Target": "details"}
        ),
        repeat,
        raw=REPLAY,
        target=30,
    )
    for label, field, query in (
        ("search navn tekst*", "navn", "Plejecenter*"),
        ("search navn *tekst", "navn", "*Skovly"),
        ("search navn *tekst*", "navn", "*genoptr*"),
        ("search fritekst (contains)", "fritekst", "skovly"),
        ("search fritekst postnummer", "fritekst", "3400"),
        ("search fritekst tekst*", "fritekst", "Sundhed*"),
    ):
        timer.measure(
            label,
            lambda i, f=field, q=query: client.get("/", {f: q}, headers=SEARCH_HX),
            max(20, repeat // 2),
            raw=REPLAY,
            target=50,
        )
    timer.measure(
        "search SOR-kode",
        lambda i: client.get("/", {"sor_kode": parents[i % len(parents)][0]}, headers=SEARCH_HX),
        repeat,
        raw=REPLAY,
        target=50,
    )

    if args.reads_only:
        timer.print()
        return

    # -- writes (services, audit included) --------------------------------------------------
    with audit_context(source="command:bench"):
        data_for = {}

        def data(unit):
            if unit.pk not in data_for:
                data_for[unit.pk] = services.UnitData.from_unit(unit)
            return data_for[unit.pk]

        def create(i):
            parent = Unit.objects.get(pk=parents[i % len(parents)][1])
            d = data(leaves[0])
            services.unit_create(
                actor=user, kind="OE", parent=parent, data=d, valid_from=today + timedelta(days=7)
            )

        timer.measure("create OE", create, repeat, target=80)

        def edit(i):
            unit = Unit.objects.get(pk=leaves[i].pk)
            d = services.UnitData.from_unit(unit)
            d.phone = f"48 10 {i % 90 + 10} 00"
            services.unit_update(
                actor=user, unit=unit, data=d, effective_date=today + timedelta(days=1 + i % 30)
            )

        timer.measure("edit OE (future version)", edit, repeat, target=80)

        def move_leaf(i):
            unit = Unit.objects.get(pk=leaves[repeat + i].pk)
            target = Unit.objects.get(pk=parents[(i + 7) % len(parents)][1])
            try:
                services.unit_move(
                    actor=user,
                    unit=unit,
                    new_parent=target,
                    effective_date=today,
                    reason="bench",
                    confirm_impact=True,
                )
            except Exception:  # noqa: BLE001 - refused moves (e.g. closed target) still cost a full check
                pass

        timer.measure("move leaf (today, MPTT)", move_leaf, repeat, target=80)

        subtrees = list(
            Unit.objects.filter(kind="OE", valid_to__isnull=True)
            .extra(where=["(rght - lft - 1) / 2 BETWEEN 150 AND 260"])
            .values_list("pk", flat=True)[:20]
        )

        def move_subtree(i):
            unit = Unit.objects.get(pk=subtrees[i % len(subtrees)])
            target = Unit.objects.filter(tree_id=unit.tree_id, kind="SI").exclude(pk=unit.parent_id).first()
            if target is None:
                target = Unit.objects.filter(tree_id=unit.tree_id, kind="SI").first()
            services.unit_move(
                actor=user,
                unit=unit,
                new_parent=target,
                effective_date=today,
                reason="bench",
                confirm_impact=True,
            )

        if subtrees:
            timer.measure("move subtree of ~200 (today)", move_subtree, min(20, len(subtrees)), target=80)

        def close(i):
            unit = Unit.objects.get(pk=leaves[2 * repeat + i].pk)
            try:
                services.unit_close(
                    actor=user,
                    unit=unit,
                    closing_date=today + timedelta(days=7),
                    reason="bench",
                    confirm_impact=True,
                )
            except ValidationError:
                pass  # e.g. a pending change after the date: a refused close still runs every check

        timer.measure("close leaf", close, repeat, target=80)

        due = list(
            Unit.objects.filter(kind="OE", valid_to__isnull=True, valid_from__lte=today)
            .exclude(versions__valid_from__gt=today)
            .order_by("?")
            .values_list("pk", flat=True)[:1000]
        )
        for pk in due:
            unit = Unit.objects.get(pk=pk)
            d = services.UnitData.from_unit(unit)
            d.name = (unit.name[:50] + " (due)")[:60]
            services.unit_update(actor=None, unit=unit, data=d, effective_date=today + timedelta(days=1))
        timer.measure(
            "apply_due_changes, 1000 due",
            lambda i: services.apply_due_changes(on=today + timedelta(days=1)),
            1,
        )
    timer.print()


def models_lft_plus(n):
    from django.db.models import F

    return F("lft") + n


if __name__ == "__main__":
    main()
