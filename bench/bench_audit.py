"""Benchmark of the Ændringslog (audit review) at 1,000,000 events (issue 5). Not part of the
test suite.

Usage (PostgreSQL; the database must exist, it is migrated and given the demo register once):

    createdb -h 127.0.0.1 -U postgres sor_audit_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_audit_bench \\
        .venv/bin/python bench/bench_audit.py [--events 1000000] [--repeat 100]

If the trail holds fewer than --events events, synthetic ones are appended until it holds that
many: varied actions, a few hundred users, every kommune, the demo register's units and
synthetic ones, Danish reasons, before/after JSON, five years of timestamps increasing with seq.
They go through the audit app's public bulk writer (`audit.services.record_many` with
`backfill=True`), which chains them like any other event, so `manage.py verify_audit` accepts
them. Then ANALYZE.

It prints, for each request, p50/p95 in milliseconds and the queries per request, and the same
rows fetched with raw SQL through psycopg in the same run and the ratio. Requests go through the
real views with Django's test client (logged in as a support user), so they include the form,
the chain-state line and template rendering.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from synthetic_events import EventFactory  # bench/ is the script's folder
from timing import Timer, setup_django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sor_admin.settings.test")

READ_TARGET, SEARCH_TARGET = 30, 50
LOG, PAGE_SIZE = "/aendringslog/", 50


def fill_events(target, seed):
    """Append synthetic events until the trail holds `target`; returns seconds spent (0: none)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from audit import services as audit_services
    from audit.models import AuditEvent

    missing = target - AuditEvent.objects.count()
    if missing <= 0:
        return 0.0
    started = time.perf_counter()
    rng = random.Random(seed)
    first_user_id = (
        get_user_model().objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1000
    factory = EventFactory(rng, first_user_id=first_user_id)
    print(f"Skriver {missing} hændelser …", flush=True)
    # Five years up to now, strictly increasing with seq.
    end = datetime.now(UTC).replace(microsecond=0)
    start = end - timedelta(days=5 * 365)
    step = (end - start).total_seconds() / missing

    def events():
        for i in range(missing):
            yield factory.event(start + timedelta(seconds=(i + rng.random() * 0.9) * step))
            if (i + 1) % 100_000 == 0:
                print(f"  {i + 1} skrevet ({time.perf_counter() - started:.0f} s)", flush=True)

    with transaction.atomic():
        audit_services.record_many(events(), backfill=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditevent")
    return time.perf_counter() - started


# -- the benchmark -----------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from audit.models import AuditEvent
    from audit.selectors import AuditFilter, audit_page
    from hierarchy import permissions
    from hierarchy.models import Unit
    from hierarchy.roles import ensure_groups

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("seed_demo", verbosity=0)
    fill_seconds = fill_events(args.events, args.seed)
    if fill_seconds:
        print(f"Hændelser skrevet og ANALYZE kørt på {fill_seconds:.0f} s")
    groups = ensure_groups()
    user, _ = get_user_model().objects.get_or_create(username="bench.support")
    user.groups.add(groups[permissions.GROUP_SUPPORT])
    newest = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    print(f"Ændringslog: {newest} hændelser")

    rng = random.Random(args.seed + 1)
    timer = Timer(label_width=38, warm_up=True)
    repeat = args.repeat
    client = Client()
    client.force_login(user)
    raw = connection.connection  # psycopg connection under Django's
    select = "SELECT * FROM audit_auditevent"
    page = f"ORDER BY seq DESC LIMIT {PAGE_SIZE + 1}"

    def raw_fetch(sql, params):
        with raw.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    def get(params):
        return lambda i: client.get(LOG, params(i) if callable(params) else params)

    # The kommuner with most events, some middle ones, and their codes.
    by_scope = _scope_counts(connection)
    codes = dict(
        Unit.objects.filter(kind="IE", municipality__isnull=False).values_list("sor_id", "municipality__code")
    )
    ranked = sorted((s for s in by_scope if s in codes), key=by_scope.get, reverse=True)
    kommuner = [(codes[s], s) for s in ranked[:5] + ranked[len(ranked) // 2 : len(ranked) // 2 + 5]]
    print("Kommuner: " + ", ".join(f"{c} ({by_scope[s]} hændelser)" for c, s in kommuner))

    timer.measure(
        "første side, ingen filtre",
        get({}),
        repeat,
        raw=lambda i: raw_fetch(f"{select} {page}", []),
        target=READ_TARGET,
    )
    cursors = [rng.randint(PAGE_SIZE, newest) for _ in range(repeat)]
    timer.measure(
        "dyb side (tilfældig før=)",
        get(lambda i: {"før": cursors[i]}),
        repeat,
        raw=lambda i: raw_fetch(f"{select} WHERE seq < %s {page}", [cursors[i]]),
        target=READ_TARGET,
    )
    big_code, big_scope = kommuner[0]
    cursor, walk = None, 0
    while walk < 50:
        _events, next_cursor = audit_page(AuditFilter(scope_id=big_scope), before_seq=cursor, size=PAGE_SIZE)
        if next_cursor is None:
            break
        cursor, walk = next_cursor, walk + 1
    timer.measure(
        f"kommune {big_code}, side {walk + 1}",
        get({"kommune": big_code, "før": cursor}),
        repeat,
        raw=lambda i: raw_fetch(f"{select} WHERE scope_id = %s AND seq < %s {page}", [big_scope, cursor]),
        target=READ_TARGET,
    )
    timer.measure(
        "kommune (10 forskellige)",
        get(lambda i: {"kommune": kommuner[i % len(kommuner)][0]}),
        repeat,
        raw=lambda i: raw_fetch(f"{select} WHERE scope_id = %s {page}", [kommuner[i % len(kommuner)][1]]),
        target=READ_TARGET,
    )
    units = list(
        Unit.objects.exclude(kind="IE")
        .filter(sor_id__in=AuditEvent.objects.values("object_id"))
        .values_list("sor_id", flat=True)
    )
    rng.shuffle(units)
    timer.measure(
        "SOR-kode",
        get(lambda i: {"sor_kode": units[i % len(units)]}),
        repeat,
        raw=lambda i: raw_fetch(f"{select} WHERE object_id = %s {page}", [units[i % len(units)]]),
        target=READ_TARGET,
    )
    actors = list(
        AuditEvent.objects.filter(seq__gt=newest - 20_000)
        .exclude(actor_name__startswith="system")
        .values_list("actor_name", flat=True)
        .distinct()
    )
    rng.shuffle(actors)
    timer.measure(
        "bruger (fuldt brugernavn)",
        get(lambda i: {"bruger": actors[i % len(actors)]}),
        repeat,
        raw=lambda i: raw_fetch(
            f"{select} WHERE UPPER(actor_name) LIKE UPPER(%s) {page}", [f"%{actors[i % len(actors)]}%"]
        ),
        target=SEARCH_TARGET,
    )
    for label, actions in (
        ("handling (hyppig)", ["hierarchy.unit.update", "hierarchy.unit.create", "hierarchy.unit.apply_due"]),
        (
            "handling (sjælden)",
            ["hierarchy.scope.add", "hierarchy.scope.remove", "hierarchy.unit.withdraw_close"],
        ),
    ):
        timer.measure(
            label,
            get(lambda i, a=actions: {"handling": a[i % len(a)]}),
            repeat,
            raw=lambda i, a=actions: raw_fetch(f"{select} WHERE action = %s {page}", [a[i % len(a)]]),
            target=READ_TARGET,
        )
    first_day = (
        AuditEvent.objects.filter(seq__gt=1000).order_by("seq").values_list("occurred_at", flat=True).first()
    )
    last_day = AuditEvent.objects.filter(seq=newest).values_list("occurred_at", flat=True).first()
    span = (last_day - first_day).days
    for label, days in (("dato fra–til (en måned)", 30), ("dato fra–til (et år)", 365)):
        ranges = []
        for _ in range(repeat):
            start = (first_day + timedelta(days=rng.randint(0, span - days))).date()
            ranges.append((start, start + timedelta(days=days - 1)))
        timer.measure(
            label,
            get(lambda i, r=ranges: {"dato_fra": f"{r[i][0]:%d-%m-%Y}", "dato_til": f"{r[i][1]:%d-%m-%Y}"}),
            repeat,
            raw=lambda i, r=ranges: raw_fetch(
                f"{select} WHERE occurred_at >= %s AND occurred_at < %s {page}",
                [_local_midnight(r[i][0]), _local_midnight(r[i][1] + timedelta(days=1))],
            ),
            target=READ_TARGET,
        )
    cases = list(
        AuditEvent.objects.filter(reason__contains="sagsnr.", seq__gt=newest // 2).values_list(
            "reason", flat=True
        )[:repeat]
    )
    searches = (
        ("begrundelse, ét ord (omstrukturering)", ["omstrukturering", "stavefejl", "udvalget"]),
        ("begrundelse, to ord (flytning Skovly)", ["flytning Skovly", "testforløb Engbo", "nyt Havebo"]),
        ("begrundelse, sagsnummer", [c.split("sagsnr. ")[1].split()[0] for c in cases]),
    )
    for label, words in searches:
        timer.measure(
            label,
            get(lambda i, w=words: {"begrundelse": w[i % len(w)]}),
            repeat,
            raw=lambda i, w=words: raw_fetch(
                f"{select} WHERE "
                + " AND ".join("UPPER(reason) LIKE UPPER(%s)" for _ in w[i % len(w)].split())
                + f" {page}",
                [f"%{word}%" for word in w[i % len(w)].split()],
            ),
            target=SEARCH_TARGET,
        )
    year_ago = (last_day - timedelta(days=365)).date()
    timer.measure(
        "kombination: kommune+handling+år+ord",
        get(
            lambda i: {
                "kommune": kommuner[i % len(kommuner)][0],
                "handling": "hierarchy.unit.update",
                "dato_fra": f"{year_ago:%d-%m-%Y}",
                "begrundelse": "adresse",
            }
        ),
        repeat,
        raw=lambda i: raw_fetch(
            f"{select} WHERE scope_id = %s AND action = %s AND occurred_at >= %s "
            f"AND UPPER(reason) LIKE UPPER(%s) {page}",
            [kommuners_scope(kommuner, i), "hierarchy.unit.update", _local_midnight(year_ago), "%adresse%"],
        ),
        target=SEARCH_TARGET,
    )
    seqs = [rng.randint(1, newest) for _ in range(repeat)]
    timer.measure(
        "hændelse (detaljeside)",
        lambda i: client.get(f"{LOG}{seqs[i]}/"),
        repeat,
        raw=lambda i: raw_fetch(f"{select} WHERE seq = %s", [seqs[i]]),
        target=READ_TARGET,
    )
    timer.print()


def kommuners_scope(kommuner, i):
    return kommuner[i % len(kommuner)][1]


def _scope_counts(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT scope_id, count(*) FROM audit_auditevent GROUP BY scope_id")
        return dict(cursor.fetchall())


def _local_midnight(day):
    from datetime import time as dtime

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, dtime.min))


if __name__ == "__main__":
    main()
