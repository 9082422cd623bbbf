"""Benchmark of the largest plan file a preview accepts (issue 22, item 8: a plan of 1,500
renames kept a worker busy until it was killed). Not part of the test suite.

Usage (PostgreSQL; make the database with createdb first: it is migrated and filled once with
generate_register, ~45 s for 20k units):

    createdb -h 127.0.0.1 -U postgres sor_bench_plan
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_bench_plan \\
        .venv/bin/python bench/bench_plan.py [--units 20000] [--kind rename|move|close] [--profile]

It writes a plan of MAX_OPERATIONS operations of one kind on as many OEs (renames; moves of an
OE to a sibling SI's first OE in its kommune; closes of leaves), uploads it to the preview as an
SDS user through the real view (the test client) and prints the wall time of the request and
its parts (read_plan, resolve, the check through the services). Nothing is stored: the preview
rolls its check back. `--profile` prints the 25 most expensive functions (cProfile).
"""

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from timing import setup_django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sor_admin.settings.test")


def ensure_database(units):
    from django.core.management import call_command

    from hierarchy.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("generate_register", units=units)


def operations(kind: str, count: int) -> list[dict]:
    from hierarchy.models import Unit

    oes = Unit.objects.filter(kind="OE", valid_to__isnull=True).order_by("pk")
    if kind == "rename":
        return [
            {"op": "rename", "unit": {"sor_id": sor_id}, "name": f"{name} (omdøbt)"}
            for sor_id, name in oes.values_list("sor_id", "name")[:count]
        ]
    if kind == "close":
        leaves = oes.filter(children__isnull=True)
        return [
            {"op": "close", "unit": {"sor_id": s}} for s in leaves.values_list("sor_id", flat=True)[:count]
        ]
    # move: each OE directly under an SI to another OE directly under an SI of the same IE
    ops, seen = [], set()
    for unit in oes.filter(parent__kind="SI").select_related("parent").iterator():
        if len(ops) >= count:
            break
        target = (
            Unit.objects.filter(
                kind="OE", parent__kind="SI", parent__parent=unit.parent.parent_id, valid_to=None
            )
            .exclude(pk=unit.pk)
            .exclude(pk__in=seen)
            .values_list("sor_id", flat=True)
            .first()
        )
        if target:
            seen.add(unit.pk)
            ops.append({"op": "move", "unit": {"sor_id": unit.sor_id}, "to": {"sor_id": target}})
    return ops


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--kind", choices=("rename", "move", "close"), default="rename")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--count", type=int, help="operations (default: MAX_OPERATIONS)")
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, reset_queries
    from django.test import Client
    from django.urls import reverse

    from hierarchy import permissions
    from reorganisation import engine, resolve, views
    from reorganisation.plan import MAX_OPERATIONS

    ensure_database(args.units)
    settings.DEBUG = False  # the query log itself would cost time at this size
    user, _ = get_user_model().objects.get_or_create(username="bench.plan.sds")
    user.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SDS)[0])
    ops = operations(args.kind, args.count or MAX_OPERATIONS)
    text = json.dumps(
        {
            "name": "Bench",
            "case_number": f"BENCH-{time.time_ns()}",
            "reason": "Benchmark",
            "effective_date": "01-01-2099",
            "operations": ops,
        }
    )
    print(f"{len(ops)} × {args.kind}, plan file {len(text) / 1024:.0f} KB, {connection.vendor}")

    parts = {}

    def timed(name, function):
        def wrapper(*a, **k):
            start = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                parts[name] = parts.get(name, 0) + time.perf_counter() - start

        return wrapper

    views.read_plan = timed("read_plan", views.read_plan)
    resolve_plan = timed("resolve", resolve.resolve)
    check = timed("check (services, rolled back)", engine.check)
    import reorganisation.services as services

    services.resolve, services.check = resolve_plan, check
    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile("plan.json", text.encode(), "application/json")
    profiler = cProfile.Profile() if args.profile else None
    reset_queries()
    start, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    response = client.post(reverse("reorganisation:preview"), {"plan_file": upload})
    if profiler:
        profiler.disable()
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    print(f"status {response.status_code}, total {total:.2f} s (this process's CPU {cpu:.2f} s)")
    for name, seconds in parts.items():
        print(f"  {name}: {seconds:.2f} s")
    if response.status_code != 200:
        print(response.content.decode()[:3000])
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(15)
        stats.sort_stats("cumulative").print_stats(r"/(hierarchy|reorganisation|audit|addresses)/", 40)


if __name__ == "__main__":
    main()
