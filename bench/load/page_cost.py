"""What one request of each page of the load test costs, apart from what the machine's other
work adds: the wall time, the CPU of Django (this process) and the CPU of the PostgreSQL
backend that served it (read from /proc, so PostgreSQL must run on this machine), and the
queries, per request, through the real views with Django's test client as `load.admin.1`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_load \\
        .venv/bin/python bench/load/page_cost.py [--repeat 20]

On a busy machine the wall time grows with the machine's load while the CPU stays what the page
costs: this tells a slow page from a crowded machine (bench/load/README.md).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load.settings")


def _backend_cpu(connection) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def pages(user) -> list[tuple[str, str, str | None]]:
    """(label, URL, htmx target) of the load test's pages, for units of the user's kommune."""
    from hierarchy.models import AdministratorScope, Unit

    ie = AdministratorScope.objects.filter(user=user).first().institution_owner
    si = Unit.objects.filter(parent=ie).order_by("pk").first()
    oe = Unit.objects.filter(kind="OE", node__tree_id=ie.tree_id).order_by("pk").first()
    search = "/?enhed=&sor_kode=&"
    return [
        ("træ (udvid)", f"/trae/{si.sor_id}/?mine=1", f"tree-{si.sor_id}"),
        ("detaljer", f"/enhed/{oe.sor_id}/?mine=1", "details"),
        ("søg fritekst", f"{search}navn=&fritekst=Plejecenter", "navigator-results"),
        ("søg fritekst, mine", f"{search}navn=&fritekst=Plejecenter&mine=on", "navigator-results"),
        ("søg navn*", f"{search}fritekst=&navn=Plejecenter*", "navigator-results"),
        ("søg SOR-kode", f"/?enhed=&fritekst=&navn=&sor_kode={oe.sor_id}", "navigator-results"),
        ("mine enheder", "/?mine=1", None),
        ("rediger (formular)", f"/enhed/{oe.sor_id}/rediger/?mine=1", "details"),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--user", default="load.admin.1")
    args = parser.parse_args()
    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL: set DATABASE_URL.")
    user = get_user_model().objects.get(username=args.user)
    client = Client()
    client.force_login(user)
    print(f"{'side':22} {'ms/kald':>8} {'Django CPU':>11} {'PG CPU':>7} {'forespørgsler':>14}")
    for label, url, target in pages(user):
        headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target} if target else {}
        client.get(url, **headers)  # warm
        cpu, pg, wall = time.process_time(), _backend_cpu(connection), time.perf_counter()
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, **headers)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        pg = _backend_cpu(connection) - pg
        assert response.status_code == 200, (url, response.status_code)
        per = 1000 / args.repeat
        print(
            f"{label:22} {wall * per:8.1f} {cpu * per:11.1f} {pg * per:7.1f} {len(queries.captured_queries):14}"
        )
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
