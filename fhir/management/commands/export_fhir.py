"""`manage.py export_fhir <directory>`: the whole register as FHIR Bulk Data NDJSON,
Organization.ndjson and Endpoint.ndjson, each line the resource exactly as GET /fhir/ serves it
today. Streams in chunks of units (a few queries per chunk), so memory stays flat."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from exchange.models import LocationNumberClosure
from fhir import reads
from hierarchy.dates import today
from hierarchy.models import LocationNumber, Unit

CHUNK = 1000


def _chunks(queryset, key: str):
    """Rows of `queryset` in `key` order, CHUNK at a time, by keyset (no OFFSET)."""
    last = None
    while True:
        page = queryset.order_by(key)
        if last is not None:
            page = page.filter(**{f"{key}__gt": last})
        rows = list(page[:CHUNK])
        if not rows:
            return
        yield rows
        last = getattr(rows[-1], key)


def write_organizations(out, day) -> int:
    written = 0
    for units in _chunks(Unit.objects.all(), "pk"):
        for resource in reads.organizations(units, day):
            out.write(json.dumps(resource, ensure_ascii=False, separators=(",", ":")) + "\n")
            written += 1
    return written


def all_glns():
    """Every GLN the register has held: the live numbers and the closed ones, in order."""
    live = LocationNumber.objects.values_list("gln", flat=True)
    closed = LocationNumberClosure.objects.values_list("gln", flat=True)
    last = ""
    while True:
        page = sorted(
            set(live.filter(gln__gt=last).order_by("gln")[:CHUNK])
            | set(closed.filter(gln__gt=last).order_by("gln")[:CHUNK])
        )[:CHUNK]
        if not page:
            return
        yield page
        last = page[-1]


def write_endpoints(out, day) -> int:
    written = 0
    for glns in all_glns():
        for resource in reads.endpoints(glns, day):
            out.write(json.dumps(resource, ensure_ascii=False, separators=(",", ":")) + "\n")
            written += 1
    return written


class Command(BaseCommand):
    help = "Skriver hele registeret som FHIR NDJSON: Organization.ndjson og Endpoint.ndjson."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="mappen, filerne skrives i (oprettes om nødvendigt)")

    def handle(self, *args, **options):
        directory = Path(options["directory"])
        directory.mkdir(parents=True, exist_ok=True)
        day = today()
        with (directory / "Organization.ndjson").open("w", encoding="utf-8") as out:
            organizations = write_organizations(out, day)
        with (directory / "Endpoint.ndjson").open("w", encoding="utf-8") as out:
            endpoints = write_endpoints(out, day)
        self.stdout.write(f"{organizations} Organization og {endpoints} Endpoint skrevet i {directory}.")
