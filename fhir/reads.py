"""Loading the rows behind the FHIR resources, in batches (a page of a search, a page of the
history, a chunk of the export): a few queries per batch, never one per resource.

Every Organization is read from the unit's effective-dated versions for a day (R11), not from
today's projection on `Unit`, so the answer for a day does not depend on whether the nightly
`apply_due_changes` has run yet, and the history can show a change on the day it takes effect."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from audit.models import AuditEvent
from exchange.models import LocationNumberClosure, LocationNumberExtra
from hierarchy.models import EdiMessageType, LocationNumber, Unit, UnitVersion

from . import resources
from .resources import Json

GLN_OBJECT_TYPE = "hierarchy.location_number"
GLN_CREATE = "exchange.location_number.create"

_VERSION_RELATED = (
    "unit_type",
    "postal_address__postal_code",
    "visiting_address__postal_code",
    "activity_address__postal_code",
)
UNIT_RELATED = ("node",)  # the tree, for the scope check; the kommunekode is municipality_id


def start_of(day: date) -> datetime:
    """Midnight at the start of `day`, Danish time: when a change dated `day` takes effect."""
    return timezone.make_aware(datetime.combine(day, time.min))


def versions_for(unit_ids: Iterable[int], day: date) -> dict[int, UnitVersion]:
    """Per unit the version that describes it on `day`: the one in force, else (a closed unit)
    its last version before `day`, else (a unit not yet started) its first version."""
    ids = list(unit_ids)
    chosen: dict[int, UnitVersion] = {}
    before = UnitVersion.objects.filter(unit_id__in=ids, valid_from__lte=day).select_related(
        *_VERSION_RELATED
    )
    for version in before.order_by("unit_id", "-valid_from"):
        chosen.setdefault(version.unit_id, version)
    missing = [pk for pk in ids if pk not in chosen]
    if missing:
        later = UnitVersion.objects.filter(unit_id__in=missing).select_related(*_VERSION_RELATED)
        for version in later.order_by("unit_id", "valid_from"):
            chosen.setdefault(version.unit_id, version)
    return chosen


def closures_for(glns: Iterable[str]) -> dict[str, LocationNumberClosure]:
    return {c.gln: c for c in LocationNumberClosure.objects.filter(gln__in=list(glns))}


def endpoint_glns(unit_ids: Iterable[int], day: date) -> dict[int, list[str]]:
    """The lokationsnumre each unit holds on `day` (its own: R6's inheritance is not expanded);
    a number whose last valid day is before `day` is gone, whether or not the nightly run has
    taken it off yet."""
    pairs = list(LocationNumber.objects.filter(unit_id__in=list(unit_ids)).values_list("unit_id", "gln"))
    closed = {gln for gln, c in closures_for(g for _, g in pairs).items() if c.closing_date < day}
    found: dict[int, list[str]] = defaultdict(list)
    for unit_id, gln in pairs:
        if gln not in closed:
            found[unit_id].append(gln)
    return found


def organizations(units: list[Unit], day: date) -> list[Json]:
    """The Organization of each unit (loaded with UNIT_RELATED) as on `day`, in the given order."""
    ids = [u.pk for u in units]
    versions = versions_for(ids, day)
    glns = endpoint_glns(ids, day)
    parent_ids = {v.parent_id for v in versions.values() if v.parent_id is not None}
    parents = dict(Unit.objects.filter(pk__in=parent_ids).values_list("pk", "sor_id"))
    result = []
    for unit in units:
        version = versions.get(unit.pk)
        if version is None:  # a unit always has a version; a half-written one is skipped
            continue
        result.append(
            resources.organization(
                unit,
                version,
                active=unit.in_force_on(day),
                parent_sor_id=parents.get(version.parent_id) if version.parent_id else None,
                endpoint_glns=glns.get(unit.pk, []),
                municipality_code=unit.municipality_id if unit.kind == Unit.Kind.INSTITUTION_OWNER else None,
            )
        )
    return result


def units_by_sor_id(sor_ids: Iterable[str], *, with_tree: bool = True) -> dict[str, Unit]:
    """The units by SOR-ID; `with_tree`: their nodes too (a scoped token's check reads them)."""
    units = Unit.objects.filter(sor_id__in=list(sor_ids))
    if with_tree:
        units = units.select_related(*UNIT_RELATED)
    return {u.sor_id: u for u in units}


# --- endpoints ----------------------------------------------------------------------------------


class EndpointRow:
    """What an Endpoint is made of, from a live lokationsnummer or from its closing record."""

    def __init__(self, gln: str, unit_sor_id: str, message_types: list, start: date | None, closure=None):
        self.gln = gln
        self.unit_sor_id = unit_sor_id
        self.message_types = message_types
        self.start = start
        self.closure = closure

    def resource(self, day: date) -> Json:
        closure = self.closure
        off = closure is not None and closure.closing_date < day
        return resources.endpoint(
            self.gln,
            unit_sor_id=self.unit_sor_id,
            message_types=self.message_types,
            status="off" if off else "active",
            start=self.start,
            end=closure.closing_date if closure is not None else None,
        )


def _created_on(glns: list[str]) -> dict[str, date]:
    """The day each number was created in this register (its first create event)."""
    found: dict[str, date] = {}
    events = AuditEvent.objects.filter(object_type=GLN_OBJECT_TYPE, action=GLN_CREATE, object_id__in=glns)
    for gln, moment in events.order_by("seq").values_list("object_id", "occurred_at"):
        found.setdefault(gln, timezone.localdate(moment))
    return found


def endpoint_rows(glns: Iterable[str]) -> dict[str, EndpointRow]:
    """The rows of the given numbers: live ones first, closed ones from their closing record."""
    wanted = list(dict.fromkeys(glns))
    closures = closures_for(wanted)
    live = (
        LocationNumber.objects.filter(gln__in=wanted).select_related("unit").prefetch_related("message_types")
    )
    extras = {
        e.location_number_id: e for e in LocationNumberExtra.objects.filter(location_number__gln__in=wanted)
    }
    created = _created_on(wanted)
    rows: dict[str, EndpointRow] = {}
    for number in live:
        extra = extras.get(number.pk)
        start = (extra.first_from_date or extra.from_date) if extra else None
        rows[number.gln] = EndpointRow(
            number.gln,
            number.unit.sor_id,
            list(number.message_types.all()),
            start or created.get(number.gln),
            closures.get(number.gln),
        )
    gone = [c for gln, c in closures.items() if gln not in rows]
    urns = {urn for c in gone for urn in c.snapshot.get("message_types", []) if isinstance(urn, str)}
    types = {t.urn: t for t in EdiMessageType.objects.filter(urn__in=urns)}
    for closure in gone:
        snapshot = closure.snapshot or {}
        start = _snapshot_day(snapshot.get("first_from_date")) or _snapshot_day(snapshot.get("from_date"))
        message_types = [types[u] for u in snapshot.get("message_types", []) if u in types]
        rows[closure.gln] = EndpointRow(
            closure.gln, closure.unit_sor_id, message_types, start or created.get(closure.gln), closure
        )
    return rows


def _snapshot_day(value) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def endpoints(glns: list[str], day: date) -> list[Json]:
    rows = endpoint_rows(glns)
    return [rows[g].resource(day) for g in glns if g in rows]


def overdue_closures(day: date):
    """Closing records whose last valid day is before `day`: those numbers are `off`."""
    return LocationNumberClosure.objects.filter(closing_date__lt=day)


def active_numbers(day: date):
    return LocationNumber.objects.exclude(gln__in=overdue_closures(day).values("gln"))


def one_day_later(day: date) -> date:
    return day + timedelta(days=1)


def in_scope_q(tree_ids, prefix: str = "") -> Q:
    """Units in the token's trees (`tree_ids` None: every unit)."""
    if tree_ids is None:
        return Q()
    return Q(**{f"{prefix}node__tree_id__in": tree_ids})
