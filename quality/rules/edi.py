"""Lokationsnumre og EDI: what MedCom's EDI and the pakketabel read from SOR (a lokationsnummer
with its meddelelsestyper, on the unit whose SOR-ID the pakketabel knows). Sources: the seed's
slides on lokationsnumre and the pakketabel example; shared/reference/fitness-for-use.md."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from audit.models import AuditEvent
from hierarchy.models import LocationNumber, Unit
from sor_admin import authority

from .base import ADVARSEL, FEJL, TAB_DETAILS, Pack, Rule

# The audit code of a lokationsnummer's move to another unit (exchange/location_numbers.py).
GLN_MOVE = "exchange.location_number.move"
CLOSING_WITHIN_DAYS = 30
MOVED_WITHIN_DAYS = 90


def without_message_types(units: QuerySet[Unit], day: date) -> QuerySet[Unit]:
    empty = LocationNumber.objects.filter(message_types__isnull=True).values("unit_id")
    return units.filter(pk__in=empty)


def holder_closing(units: QuerySet[Unit], day: date) -> QuerySet[Unit]:
    return units.filter(
        location_number__isnull=False,
        valid_to__isnull=False,
        valid_to__lte=day + timedelta(days=CLOSING_WITHIN_DAYS),
    )


def holder_changed(units: QuerySet[Unit], day: date) -> QuerySet[Unit]:
    since = timezone.make_aware(datetime.combine(day - timedelta(days=MOVED_WITHIN_DAYS), time.min))
    moved = AuditEvent.objects.filter(action=GLN_MOVE, occurred_at__gte=since).values("object_id")
    return units.filter(location_number__gln__in=moved)


PACK = Pack(
    id="edi",
    title="Lokationsnumre og EDI",
    purpose="MedComs EDI-kommunikation og pakketabellen: lokationsnumre med meddelelsestyper.",
    rules=(
        Rule(
            id="edi.lokationsnummer_uden_meddelelsestyper",
            title="Lokationsnummer uden meddelelsestyper",
            explanation=authority.text(
                "Enheden har et lokationsnummer, men ingen meddelelsestyper. Afsendersystemerne "
                "kan ikke se, hvilke EDI-meddelelser enheden kan modtage, så ingen sender til "
                "den. Meddelelsestyper sættes af {medcom}: skriv til {medcom_email}."
            ),
            severity=FEJL,
            query=without_message_types,
            tab=TAB_DETAILS,
            source="Seed-slides om lokationsnumre; MedCom",
        ),
        Rule(
            id="edi.lokationsnummer_ophoerer",
            title="Enhed med eget lokationsnummer ophører inden for 30 dage",
            explanation=authority.text(
                "Enheden har sit eget lokationsnummer og ophører inden for 30 dage. De enheder, "
                "der arver nummeret, mister det, og EDI-post til nummeret kan ikke leveres. Aftal "
                "med {authority}, hvor nummeret skal flyttes hen, før enheden lukker."
            ),
            severity=ADVARSEL,
            query=holder_closing,
            tab=TAB_DETAILS,
            source="Seed-slides om lokationsnumre (R6, R7)",
        ),
        Rule(
            id="edi.lokationsnummer_flyttet",
            title="Lokationsnummeret har skiftet enhed inden for 90 dage",
            explanation=authority.text(
                "Lokationsnummeret er flyttet til denne enhed inden for de sidste 90 dage. "
                "Pakketabellen kender nummeret sammen med et SOR-ID, som nu er et andet. Bed "
                "{medcom} kontrollere pakketabellens pakker (fx Kommune forebyggelse, Kommune akut "
                "funktion) for nummeret."
            ),
            severity=ADVARSEL,
            query=holder_changed,
            tab=TAB_DETAILS,
            source="Seed-slides, pakketabel-eksemplet; fitness-for-use.md",
        ),
    ),
)
