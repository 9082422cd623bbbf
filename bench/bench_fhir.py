"""Benchmark of the FHIR API at national scale (issue 26). Not part of the test suite.

Usage (PostgreSQL; the database is created if missing and filled once with generate_register):

    createdb -h 127.0.0.1 -U postgres sor_fhir_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_fhir_bench \\
        .venv/bin/python bench/bench_fhir.py [--units 100000] [--repeat 100]

Prints p50/p95 in milliseconds and queries per call for searches by identifier and by partof
(goal p95 ≤ 30 ms), a _history page of 1,000 entries (goal ≤ 300 ms), then the time and the
growth of peak memory (max RSS) of `export_fhir` (goal ≤ 60 s, memory flat). Requests go through
the real views with Django's test client and a system token.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client

    from audit.models import AuditEvent
    from exchange.auth import token_issue
    from hierarchy.models import LocationNumber, Unit

    ensure_database(args.units)
    settings.FHIR_HISTORY_LAG_SECONDS = 0
    raw = token_issue(actor=None, name=f"bench fhir {time.time():.0f}")[1]
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    units = Unit.objects.count()
    events = AuditEvent.objects.filter(
        object_type__in=("hierarchy.unit", "hierarchy.location_number")
    ).count()
    print(f"Register: {units} enheder, {LocationNumber.objects.count()} lokationsnumre, {events} hændelser")

    rng = random.Random(26)
    sor_ids = list(Unit.objects.order_by("?").values_list("sor_id", flat=True)[: args.repeat])
    parents = list(
        Unit.objects.annotate(n=Count("children"))
        .filter(n__gt=0)
        .order_by("?")
        .values_list("sor_id", flat=True)[: args.repeat]
    )
    moments = sorted(AuditEvent.objects.order_by("?").values_list("occurred_at", flat=True)[: args.repeat])
    rng.shuffle(moments)

    timer = Timer(label_width=44, warm_up=True)
    timer.measure(
        "Organization?identifier=<SOR-ID>",
        lambda i: client.get(
            "/fhir/Organization", {"identifier": f"urn:oid:1.2.208.176.1.1|{sor_ids[i % len(sor_ids)]}"}
        ),
        args.repeat,
        target=30,
    )
    timer.measure(
        "Organization?partof=<SOR-ID>&_count=50",
        lambda i: client.get("/fhir/Organization", {"partof": parents[i % len(parents)]}),
        args.repeat,
        target=30,
    )
    timer.measure(
        "Organization?name=tandpleje",
        lambda i: client.get("/fhir/Organization", {"name": "tandpleje"}),
        args.repeat,
    )
    timer.measure(
        "Endpoint?organization=<SOR-ID>",
        lambda i: client.get("/fhir/Endpoint", {"organization": sor_ids[i % len(sor_ids)]}),
        args.repeat,
        target=30,
    )
    history_repeat = max(5, args.repeat // 5)
    timer.measure(
        "Organization/_history?_since=…&_count=1000",
        lambda i: client.get(
            "/fhir/Organization/_history", {"_since": moments[i % len(moments)].isoformat(), "_count": "1000"}
        ),
        history_repeat,
        target=300,
    )
    timer.print()

    settings.DEBUG = False  # no query log during the export
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        call_command("export_fhir", out)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sizes = {p.name: p.stat().st_size for p in Path(out).iterdir()}
    print(
        f"export_fhir: {seconds:.1f} s (mål ≤ 60 s), max RSS {before / 1024:.0f} → {after / 1024:.0f} MB, filer {sizes}"
    )


if __name__ == "__main__":
    main()
