"""SOR XML / SorEntity CSV export benchmark at 100,000 units (not part of the test suite).

Bulk-inserts a synthetic register straight into a dedicated database (building 100k units
through the services would take hours): 98 kommune trees of IE → 10 SI → 10 OE → 9 OE
(1,011 units each, 99,078 in all), one open version per unit, a shared address, a GLN with three
message types on every SI. Then it streams the exports to nowhere and prints, for one kommune and
for the whole register: wall time, units per second, bytes, and the peak of Python memory
(tracemalloc) while streaming, plus the process's peak RSS. Flat memory shows as the same peak for
10,000 and 99,078 units: it is bounded by the 2,000-row fetch of `.iterator()`, not the register.

    createdb -h 127.0.0.1 -U postgres sor_exch_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_exch_bench .venv/bin/python bench/bench_export.py
    # or on SQLite (default: /tmp/sor_exch_bench.sqlite3)
    .venv/bin/python bench/bench_export.py [--validate]

It migrates the database and rebuilds the register when the unit count differs; it refuses any
database whose name does not start with sor_exch_bench. --validate also checks the whole-register
XML against the XSD (parses the whole file: that step is not flat in memory).
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sor_admin.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/sor_exch_bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from addresses.models import Address  # noqa: E402
from exchange.exporter import CHUNK_UNITS, iter_sor_entity_csv, iter_sor_xml  # noqa: E402
from hierarchy.identifiers import make_gln, make_sor_id  # noqa: E402
from hierarchy.models import EdiMessageType, LocationNumber, Municipality, Unit, UnitNode, UnitVersion  # noqa: E402
from hierarchy.reference import load_all  # noqa: E402

SIS, OES, TEAMS = 10, 10, 9
PER_TREE = 1 + SIS + SIS * OES + SIS * OES * TEAMS
START = date(2015, 1, 1)
T_KOMMUNE, T_FORVALTNING, T_PLEJEHJEM, T_HJEMMEPLEJE = (
    "547211000005108",
    "554041000005106",
    "42665001",
    "554821000005109",
)


def check_database() -> None:
    name = str(connection.settings_dict["NAME"])
    if not Path(name).name.startswith("sor_exch_bench"):
        sys.exit(f"Refusing to use database {name!r}: its name must start with sor_exch_bench.")


class _Tree:
    """One IE tree in pre-order, with MPTT's lft/rght numbering."""

    def __init__(self, tree_id, municipality, address, now, *, first_pk, first_seq):
        self.tree_id, self.municipality, self.address, self.now = tree_id, municipality, address, now
        self.pk, self.seq, self.counter = first_pk, first_seq, 0
        self.units: list[Unit] = []
        self.nodes: dict[int, UnitNode] = {}

    def add(self, parent, kind, name, type_code) -> Unit:
        self.counter += 1
        unit = Unit(
            pk=self.pk,
            sor_id=make_sor_id(self.seq),
            kind=kind,
            parent_id=parent.pk if parent else None,
            municipality=self.municipality if kind == "IE" else None,
            owner_type_id=type_code if kind == "IE" else None,
            name=name,
            unit_type_id=type_code,
            phone=f"4{self.seq % 10_000_000:07d}",
            email="post@example.dk" if self.seq % 3 == 0 else "",
            postal_address=self.address,
            valid_from=START,
            updated_at=self.now,
        )
        self.nodes[self.pk] = UnitNode(
            unit_id=self.pk,
            parent_id=unit.parent_id,
            tree_id=self.tree_id,
            level=self.nodes[parent.pk].level + 1 if parent else 0,
            lft=self.counter,
            rght=0,
        )
        self.pk += 1
        self.seq += 1
        self.units.append(unit)
        return unit

    def close(self, unit) -> None:
        self.counter += 1
        self.nodes[unit.pk].rght = self.counter


def build(municipalities) -> None:
    """Bulk-insert the register. Tree fields are computed here (pre-order numbering)."""
    from exchange.models import LocationNumberClosure, LocationNumberExtra, SorExtra

    with transaction.atomic():
        LocationNumberClosure.objects.all().delete()
        LocationNumberExtra.objects.all().delete()
        LocationNumber.message_types.through.objects.all().delete()
        LocationNumber.objects.all().delete()
        SorExtra.objects.all().delete()
        UnitVersion.objects.all().delete()
        for level in (3, 2, 1, 0):
            Unit.objects.filter(node__level=level).delete()
    address, _ = Address.objects.get_or_create(
        street_name="Bjarkesvej",
        house_number="2",
        postal_code_id="3450",
        validation=Address.Validation.CONFIRMED,
    )
    types = list(
        EdiMessageType.objects.filter(code__in=["XDIS16", "XDIS19", "DIS91"]).order_by("code", "-version")
    )
    next_id = (Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = timezone.now()
    for tree_id, municipality in enumerate(municipalities, start=1):
        tree = _Tree(tree_id, municipality, address, now, first_pk=next_id, first_seq=3_000_000 + next_id)
        ie = tree.add(None, "IE", f"{municipality.name} Kommune", T_KOMMUNE)
        for s in range(SIS):
            si = tree.add(ie, "SI", f"Forvaltning {s + 1}", T_FORVALTNING)
            for o in range(OES):
                oe = tree.add(si, "OE", f"Område {s + 1}.{o + 1}", T_HJEMMEPLEJE)
                for i in range(TEAMS):
                    tree.close(tree.add(oe, "OE", f"Team {s + 1}.{o + 1}.{i + 1}", T_PLEJEHJEM))
                tree.close(oe)
            tree.close(si)
        tree.close(ie)
        units = tree.units
        next_id += len(units)
        with transaction.atomic():
            Unit.objects.bulk_create(units, batch_size=2000)
            UnitNode.objects.bulk_create(tree.nodes.values(), batch_size=2000)
            UnitVersion.objects.bulk_create(
                [
                    UnitVersion(
                        unit_id=u.pk,
                        parent_id=u.parent_id,
                        valid_from=START,
                        applied=True,
                        name=u.name,
                        unit_type_id=u.unit_type_id,
                        phone=u.phone,
                        email=u.email,
                        postal_address=address,
                    )
                    for u in units
                ],
                batch_size=2000,
            )
            numbers = LocationNumber.objects.bulk_create(
                [
                    LocationNumber(
                        gln=make_gln(f"579{u.pk:09d}"), unit_id=u.pk, system_supplier="641000055002"
                    )
                    for u in units
                    if u.kind == "SI"
                ]
            )
            Through = LocationNumber.message_types.through
            Through.objects.bulk_create(
                [Through(locationnumber_id=n.pk, edimessagetype_id=t.pk) for n in numbers for t in types]
            )
        print(f"  built tree {tree_id}/{len(municipalities)}", end="\r", file=sys.stderr)
    print(file=sys.stderr)


def measure(label: str, chunks_factory, units: int) -> None:
    started = time.perf_counter()
    size = sum(len(chunk) for chunk in chunks_factory())
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    for _ in chunks_factory():
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<34} {units:>7} units  {elapsed:7.2f} s  {units / elapsed:8.0f} units/s  "
        f"{size / 1e6:8.1f} MB  peak Python memory {peak / 1e6:6.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--validate", action="store_true", help="check the whole XML against the XSD")
    args = parser.parse_args()
    check_database()
    call_command("migrate", verbosity=0)
    load_all()
    municipalities = list(Municipality.objects.order_by("code"))
    wanted = PER_TREE * len(municipalities)
    if Unit.objects.count() != wanted:
        print(f"Building {wanted} units in {connection.vendor} …", file=sys.stderr)
        started = time.perf_counter()
        build(municipalities)
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    one = municipalities[0]
    print(f"database: {connection.vendor}, units: {Unit.objects.count()}")
    measure(f"SOR XML, one kommune ({one.code})", lambda: iter_sor_xml(municipality=one), PER_TREE)
    measure("SOR XML, first 10,000 units", lambda: islice(iter_sor_xml(), 10_000 // CHUNK_UNITS), 10_000)
    measure("SOR XML, whole register", iter_sor_xml, wanted)
    measure(
        f"SorEntity CSV, one kommune ({one.code})", lambda: iter_sor_entity_csv(municipality=one), PER_TREE
    )
    measure("SorEntity CSV, whole register", iter_sor_entity_csv, wanted)
    print(f"process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.validate:
        from lxml import etree

        from exchange.sorxml import schema_problems

        path = Path(tempfile.gettempdir()) / "sor_exch_bench.xml"
        with open(path, "wb") as fh:
            for chunk in iter_sor_xml():
                fh.write(chunk)
        started = time.perf_counter()
        problems = schema_problems(etree.parse(str(path)))
        print(f"XSD validation of {path}: {len(problems)} problems, {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
