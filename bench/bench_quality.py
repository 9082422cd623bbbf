"""Benchmark of the Kvalitetstjek at national scale (issue 24). Not part of the test suite.

Usage (PostgreSQL; the database is created if missing and filled once with generate_register):

    createdb -h 127.0.0.1 -U postgres sor_quality_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_quality_bench \\
        .venv/bin/python bench/bench_quality.py [--units 100000] [--runs 3] [--repeat 50]

Prints the wall time of a control run of the whole register (`quality.runs.run_checks`, every
rule, goal ≤ 30 s) and of the largest kommune alone, then p50/p95 of /kvalitet/ for the kommune
with the most units, as its municipal administrator sees it (goal p95 ≤ 200 ms), and as SDS sees
the national overview. Requests go through the real view with Django's test client.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from timing import Timer, setup_django  # bench/ is the script's folder

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sor_admin.settings.test")


def ensure_database(units):
    from django.core.management import call_command
    from django.db import connection

    from hierarchy.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("generate_register", units=units)
    with connection.cursor() as cursor:  # planner statistics after the bulk load, as autovacuum would
        cursor.execute("ANALYZE")


def largest_kommune():
    from django.db.models import Count

    from hierarchy.models import Municipality, Unit

    trees = Unit.objects.values("node__tree_id").annotate(n=Count("pk")).order_by("-n")
    for row in trees:
        owner = Unit.objects.filter(node__tree_id=row["node__tree_id"], municipality__isnull=False).first()
        if owner is not None:
            return Municipality.objects.get(pk=owner.municipality_id), row["n"]
    raise SystemExit("Ingen kommune i registeret.")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from hierarchy import permissions
    from hierarchy.models import AdministratorScope, Unit
    from quality.runs import run_checks

    ensure_database(args.units)
    kommune, size = largest_kommune()
    print(f"Register: {Unit.objects.count()} enheder; største kommune {kommune.name} ({size} enheder)")

    settings.DEBUG = False  # no query log during the runs
    for label, municipality in (("hele registeret", None), (kommune.name, kommune)):
        seconds, total = [], 0
        for _ in range(args.runs):
            started = time.perf_counter()
            run = run_checks(actor=None, municipality=municipality, source="bench")
            seconds.append(time.perf_counter() - started)
            total = run.total
        goal = " (mål ≤ 30 s)" if municipality is None else ""
        print(
            f"kvalitetstjek af {label}: {min(seconds):.1f}-{max(seconds):.1f} s over {args.runs} kørsler, "
            f"{total} fund{goal}",
            flush=True,
        )
    settings.DEBUG = True

    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="bench.kvalitet")
    admin.groups.add(Group.objects.get_or_create(name=permissions.GROUP_MUNICIPAL_ADMIN)[0])
    owner = Unit.objects.get(municipality=kommune)
    AdministratorScope.objects.get_or_create(user=admin, institution_owner=owner)
    sds, _ = User.objects.get_or_create(username="bench.sds")
    sds.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SDS)[0])

    as_admin, as_sds = Client(), Client()
    as_admin.force_login(admin)
    as_sds.force_login(sds)
    timer = Timer(label_width=44, warm_up=True)
    timer.measure(
        f"/kvalitet/ ({kommune.name}, administrator)",
        lambda i: as_admin.get("/kvalitet/"),
        args.repeat,
        target=200,
    )
    timer.measure("/kvalitet/ (SDS, landsoverblik)", lambda i: as_sds.get("/kvalitet/"), args.repeat)

    def csv_file(i):
        response = as_admin.get("/kvalitet/fund.csv")
        b"".join(response.streaming_content)  # the whole file, as a download reads it
        return response

    timer.measure(f"/kvalitet/fund.csv ({kommune.name})", csv_file, max(5, args.repeat // 5))
    timer.print()


if __name__ == "__main__":
    main()
