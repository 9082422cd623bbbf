"""DAR file import benchmark on PostgreSQL (not part of the test suite).

Writes a synthetic Datafordeleren DAR total download (the JSON shape addresses.dar_import reads)
with N navngivne veje (default 200,000, about the whole country), each with one vejstykke (10 %
with two, in neighbouring kommuner), its postnummer relations and a few husnumre; then times
`manage.py import_dar` on it (first run and an unchanged second run) and the vejnavn type-ahead
through the offline provider over the imported register (bench_streets' workload and report).

    createdb -h 127.0.0.1 -U postgres sor_addr_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_addr_bench \\
        .venv/bin/python bench/bench_dar_import.py [--roads 200000] [--husnumre 3] [--queries 2000]

Like bench_streets it refuses any database not named sor_addr_bench, and first removes the
streets a previous run imported (source "import").
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
import uuid
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sor_admin.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from addresses.models import PostalCode, PostalCodeMunicipality, Street, StreetPostalCode  # noqa: E402
from addresses.providers import OfflineProvider  # noqa: E402
from bench.bench_streets import BENCH_DB, queries, report, synthetic_names  # noqa: E402

PERIOD = {"registreringFra": "2020-01-01T00:00:00+01:00", "registreringTil": None, "virkningTil": None}


def write_download(path: Path, roads: int, per_road: int, rng: random.Random) -> None:
    postnumre_of: dict[str, list[str]] = {}
    for kommune, nr in PostalCodeMunicipality.objects.values_list("municipality_code", "postal_code_id"):
        postnumre_of.setdefault(kommune, []).append(nr)
    kommuner = sorted(postnumre_of)
    postnummer_ids = {
        nr: str(uuid.UUID(int=int(nr))) for nr in PostalCode.objects.values_list("nr", flat=True)
    }
    next_code = dict.fromkeys(kommuner, 0)

    def item(**fields) -> str:
        return json.dumps(
            {"id_lokalId": str(uuid.UUID(int=rng.getrandbits(128))), "status": "3", **PERIOD, **fields}
        )

    with open(path, "w", encoding="utf-8") as fh:
        lists = {name: [] for name in ("vej", "del", "rel", "hus")}
        names = synthetic_names(roads, rng)
        for i, name in enumerate(names):
            road_id = str(uuid.UUID(int=10**12 + i))
            lists["vej"].append(
                json.dumps(
                    {
                        "id_lokalId": road_id,
                        "status": "3",
                        **PERIOD,
                        "vejnavn": name,
                        "vejadresseringsnavn": name,
                    }
                )
            )
            first = rng.randrange(len(kommuner))
            mine = [kommuner[first]] + ([kommuner[(first + 1) % len(kommuner)]] if rng.random() < 0.1 else [])
            postnumre = set()
            for kommune in mine:
                next_code[kommune] = next_code[kommune] % 9999 + 1
                lists["del"].append(
                    item(navngivenVej=road_id, kommune=kommune, vejkode=str(next_code[kommune]).zfill(4))
                )
                postnumre.add(rng.choice(postnumre_of[kommune]))
            for nr in sorted(postnumre):
                lists["rel"].append(item(navngivenVej=road_id, postnummer=postnummer_ids[nr]))
            for n in range(1, per_road + 1):
                nr = rng.choice(sorted(postnumre))
                lists["hus"].append(
                    item(navngivenVej=road_id, postnummer=postnummer_ids[nr], husnummertekst=str(n))
                )
        postnumre = [
            json.dumps({"id_lokalId": pid, "status": "3", **PERIOD, "postnr": nr, "navn": nr})
            for nr, pid in postnummer_ids.items()
        ]
        fh.write("{")
        for n, (key, values) in enumerate(
            (
                ("PostnummerList", postnumre),
                ("HusnummerList", lists["hus"]),
                ("NavngivenVejList", lists["vej"]),
                ("NavngivenVejKommunedelList", lists["del"]),
                ("NavngivenVejPostnummerList", lists["rel"]),
            )
        ):
            fh.write(("," if n else "") + f'\n"{key}": [\n')
            for i, value in enumerate(values):
                fh.write(("," if i else "") + value + "\n")
            fh.write("]")
        fh.write("}\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--roads", type=int, default=200_000)
    parser.add_argument("--husnumre", type=int, default=3, help="husnumre per navngiven vej")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or connection.settings_dict["NAME"] != BENCH_DB:
        sys.exit(f"Run against PostgreSQL database {BENCH_DB} (DATABASE_URL=postgres://…/{BENCH_DB}).")
    settings.DEBUG = False
    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    Street.objects.filter(source=Street.Source.IMPORT).delete()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "DAR_Totaludtraek.json"
        started = time.perf_counter()
        write_download(path, args.roads, args.husnumre, rng)
        print(
            f"Wrote {path.stat().st_size / 1e6:.0f} MB DAR download in {time.perf_counter() - started:.1f} s"
        )
        for run in ("first", "second (unchanged)"):
            out = StringIO()
            started = time.perf_counter()
            call_command("import_dar", str(path), stdout=out)
            elapsed = time.perf_counter() - started
            summary = [
                line for line in out.getvalue().splitlines() if line.startswith(("Vejstykker", "Vej-post"))
            ]
            print(f"import_dar, {run} run: {elapsed:.1f} s; " + " ".join(summary))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE addresses_street")
        cursor.execute("VACUUM ANALYZE addresses_streetpostalcode")
    print(
        f"Streets in database: {Street.objects.count()}, postnummer links: {StreetPostalCode.objects.count()}"
    )
    provider = OfflineProvider()
    report(
        "provider",
        lambda postnr, typed: provider.streets(postnr, typed, limit=20),
        queries(args.queries, rng),
    )


if __name__ == "__main__":
    main()
