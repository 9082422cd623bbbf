"""Concurrent writers against a file-based SQLite database, run in a fresh process by
test_concurrency.py (the test database of the suite is in memory, where SQLite locks tables
differently). Usage: DATABASE_URL=sqlite:////path/db.sqlite3 python -m tests.hierarchy.sqlite_writers N

Migrates the file, builds a kommune with N OEs, then lets N threads edit their own OE (each
with its own connection) for several rounds at once. Prints one JSON line: the errors seen."""

import json
import sys
import threading


def main(count: int, rounds: int = 5) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from hierarchy import services
    from hierarchy.reference import load_all
    from tests import factories

    load_all()
    ie = factories.kommune_ie("0201")
    si = factories.si(ie)
    units = [factories.oe(si, f"Samtidig {i}") for i in range(count)]
    barrier = threading.Barrier(count)
    errors: list[str] = []

    def worker(i):
        try:
            barrier.wait()
            for r in range(rounds):
                unit = factories.refresh(units[i])
                data = services.UnitData.from_unit(unit)
                data.phone = f"48 20 {i:02d} {r:02d}"  # never the factory's number
                services.unit_update(actor=None, unit=unit, data=data, reason="Samtidig")
        except Exception as exc:  # reported to the test
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"errors": errors}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
