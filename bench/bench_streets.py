"""Street type-ahead benchmark on PostgreSQL (not part of the test suite).

Loads N synthetic streets (default 100,000) in bulk into a dedicated database, spread evenly over
the real kommuner and their postnumre the way a full DAR import would be (one postnummer link
per street), with 5 % of them in one crowded postnummer (8000); then times the vejnavn
type-ahead through the offline provider (the call the view makes) for a workload of prefixes
(1-6 letters) and infixes (3-4 letters) of the loaded names, and prints p50/p95/p99, for all
queries and for the crowded postnummer alone. `--view` also times the street_options view
through Django's test client (session, auth and middleware included).

    createdb -h 127.0.0.1 -U postgres sor_addr_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_addr_bench \\
        .venv/bin/python bench/bench_streets.py [--streets 100000] [--queries 2000] [--explain] [--view]

It migrates the database, replaces the previous run's synthetic streets (every street with
source "import": the database is the benchmark's own), and refuses any database not named
sor_addr_bench.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sor_admin.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from addresses.models import PostalCodeMunicipality, Street, StreetPostalCode  # noqa: E402
from addresses.providers import OfflineProvider  # noqa: E402
from addresses.text import search_key  # noqa: E402

BENCH_DB = "sor_addr_bench"
CROWDED_POSTNR = "8000"

FIRST = (
    "Birke Eg Ahorn Bøge Æble Ørne Å Mølle Kirke Skov Strand Sø Bakke Eng Mark Lyng Rose Hyld Kastanje "
    "Lærke Svane Hjorte Rævebakke Kløver Vinge Toft Hav Fjord Ager Hede Kær Gade Tjørne Hasle Pile Elme"
).split()
MIDDLE = ["", "dals", "gårds", "holms", "lunds", "højs", "bro", "vangs", "have", "hus", "lille", "store"]
QUALIFIERS = ["Gammel", "Ny", "Nørre", "Søndre", "Vester", "Øster", "Lille", "Store"]
LAST = ["vej", "gade", "allé", "stræde", "vænget", "parken", "toften", "højen", "stien", "bakken", "engen"]


def synthetic_names(count: int, rng: random.Random) -> list[str]:
    """Danish-looking names; like real ones they repeat across kommuner."""
    names = []
    for _ in range(count):
        name = f"{rng.choice(FIRST)}{rng.choice(MIDDLE)}{rng.choice(LAST)}".capitalize()
        if rng.random() < 0.2:
            name = f"{rng.choice(QUALIFIERS)} {name}"
        names.append(name)
    return names


def load(count: int, rng: random.Random) -> None:
    postnumre_of: dict[str, list[str]] = {}
    for kommune, nr in PostalCodeMunicipality.objects.values_list("municipality_code", "postal_code_id"):
        postnumre_of.setdefault(kommune, []).append(nr)
    kommuner = sorted(postnumre_of)
    Street.objects.filter(source=Street.Source.IMPORT).delete()
    started = time.perf_counter()
    existing = set(Street.objects.exclude(code="").values_list("municipality_code", "code"))
    next_code: dict[str, int] = {}
    streets, links = [], []
    # 5 % in one postnummer (about seven times the real Aarhus C): the worst case for its filter.
    crowded = count // 20
    for i, name in enumerate(synthetic_names(count, rng)):
        if i < crowded:
            kommune, postnr = "0751", CROWDED_POSTNR
        else:
            kommune = rng.choice(kommuner)  # about 1,000 each: vejkoder stay within 1-9999
            postnr = rng.choice(postnumre_of[kommune])
        # Vejkoder are unique per kommune: hand them out in turn, skipping real ones.
        code = ""
        while not code or (kommune, code) in existing:
            next_code[kommune] = next_code.get(kommune, 0) + 1
            code = str(next_code[kommune]).zfill(4)
        streets.append(
            Street(
                municipality_code=kommune,
                code=code,
                name=name[:40],
                source=Street.Source.IMPORT,
            )
        )
        links.append(postnr)
    Street.objects.bulk_create(streets, batch_size=5000)
    StreetPostalCode.objects.bulk_create(
        [
            StreetPostalCode(street_id=s.pk, postal_code_id=p, name_search=search_key(s.name))
            for s, p in zip(streets, links, strict=True)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        # VACUUM sets the visibility map, so the covering index serves index-only scans at once.
        cursor.execute("VACUUM ANALYZE addresses_street")
        cursor.execute("VACUUM ANALYZE addresses_streetpostalcode")
    print(f"Loaded {len(streets)} synthetic streets in {time.perf_counter() - started:.1f} s")


def queries(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(postnr, typed text) pairs as a user types: prefixes of real names, some infix."""
    rows = list(
        StreetPostalCode.objects.filter(street__source=Street.Source.IMPORT)
        .values_list("postal_code_id", "street__name")
        .order_by("pk")
    )
    result = []
    for postnr, name in rng.sample(rows, n):
        word = name.split(" ")[-1]
        if rng.random() < 0.3 and len(word) > 5:
            start = rng.randint(1, len(word) - 4)
            typed = word[start : start + rng.randint(3, 4)]  # infix
        else:
            typed = word[: rng.randint(1, min(6, len(word)))]  # prefix, 1-6 letters
        result.append((CROWDED_POSTNR if rng.random() < 0.2 else postnr, typed))
    return result


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(label: str, call, workload: list[tuple[str, str]]) -> None:
    for postnr, typed in workload[:50]:  # warm-up
        call(postnr, typed)
    timings, crowded = [], []
    for postnr, typed in workload:
        started = time.perf_counter()
        call(postnr, typed)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        if postnr == CROWDED_POSTNR:
            crowded.append(elapsed)
    for scope, values in (("all", timings), (f"postnummer {CROWDED_POSTNR} only", crowded)):
        print(
            f"vejnavn type-ahead, {label}, {scope}: n={len(values)} p50={statistics.median(values):.2f} ms "
            f"p95={percentile(values, 95):.2f} ms p99={percentile(values, 99):.2f} ms max={max(values):.2f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--streets", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--explain", action="store_true", help="print the plans of two crowded queries")
    parser.add_argument("--view", action="store_true", help="also time the street_options view (test client)")
    args = parser.parse_args()

    if connection.vendor != "postgresql" or connection.settings_dict["NAME"] != BENCH_DB:
        sys.exit(f"Run against PostgreSQL database {BENCH_DB} (DATABASE_URL=postgres://…/{BENCH_DB}).")
    settings.DEBUG = False  # no query log: it would be timed too
    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    load(args.streets, rng)
    print(
        f"Streets in database: {Street.objects.count()}, postnummer links: {StreetPostalCode.objects.count()}"
    )

    workload = queries(args.queries, rng)
    provider = OfflineProvider()
    report("provider", lambda postnr, typed: provider.streets(postnr, typed, limit=20), workload)
    if args.view:
        client = Client(HTTP_HOST="localhost")
        user, _ = get_user_model().objects.get_or_create(username="bench.streets")
        client.force_login(user)
        url = reverse("addresses:street_options")

        def through_view(postnr, typed):
            response = client.get(url, {"postnr": postnr, "q": typed})
            assert response.status_code == 200, response.status_code

        report("view street_options", through_view, workload)

    if args.explain:
        from addresses.selectors import street_search_sql

        for key in ("b", "parke"):
            print(f"-- {CROWDED_POSTNR}, {key!r}")
            sql, params = street_search_sql(CROWDED_POSTNR, key, 30)
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + sql, params)
                print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
