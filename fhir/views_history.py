"""The history views (IHE mCSD ITI-91): `_history` on Organization and Endpoint, and on one
Organization. See `fhir.history` for when a change appears and the README for the resume
pattern."""

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from hierarchy.models import Unit

from . import bundles, history, reads
from .params import MSG_CURSOR, FhirError, Params, sane
from .resources import instant
from .views import base_url, fhir_view, unit_in_scope, with_query

_CURSOR = re.compile(r"([0-9]{1,19})\.([0-9]{1,19})\.([0-9]{1,19})")
HISTORY_PARAMS = ("_since", "_count", "_cursor")


def _cutoff():
    """The newest moment a page shows: a few seconds back, so that a change whose transaction
    commits just after the page was read is not skipped by a client resuming from here
    (FHIR_HISTORY_LAG_SECONDS, default 5)."""
    return timezone.now() - timedelta(seconds=getattr(settings, "FHIR_HISTORY_LAG_SECONDS", 5))


def _window(params: Params):
    since = params.moment("_since")
    count = params.count()
    raw = params.text("_cursor")
    if raw is None:
        return since, _cutoff(), None, count
    match = _CURSOR.fullmatch(raw)
    moment = history.moment_from_key(int(match.group(1))) if match else None
    cutoff = history.moment_from_key(int(match.group(3))) if match else None
    if match is None or moment is None or cutoff is None or not (sane(moment) and sane(cutoff)):
        raise FhirError(MSG_CURSOR)
    return since, cutoff, (moment, int(match.group(2))), count


def _links(request, path: str, changes: list, more: bool, cutoff) -> dict:
    base = base_url(request)
    query = [(k, v) for k, values in request.GET.lists() for v in values]
    links = {"self": with_query(base, path, query)}
    if more:
        last = changes[-1]
        cursor = f"{history.moment_key(last.moment)}.{last.seq}.{history.moment_key(cutoff)}"
        rest = [(k, v) for k, v in query if k != "_cursor"]
        links["next"] = with_query(base, path, [*rest, ("_cursor", cursor)])
    return links


def _organization_entries(request, changes: list[history.Change], only: str | None = None) -> list:
    """One entry per Organization a change touched, rendered as on the day it took effect."""
    wanted = [(c, sor_id) for c in changes for sor_id in history.organization_ids(c.event)]
    if only is not None:
        wanted = [(c, s) for c, s in wanted if s == only]
    scope = request.api_scope
    units = reads.units_by_sor_id((s for _, s in wanted), with_tree=scope.limited)
    rendered: dict[tuple, dict] = {}
    by_day: dict = {}
    for change, sor_id in wanted:
        unit = units.get(sor_id)
        if unit is not None and scope.allows(unit):
            by_day.setdefault(change.day, {})[unit.pk] = unit
    for day, day_units in by_day.items():
        for resource in reads.organizations(list(day_units.values()), day):
            rendered[(day, resource["id"])] = resource
    base = base_url(request)
    entries = []
    for change, sor_id in wanted:
        resource = rendered.get((change.day, sor_id))
        if resource is None:
            continue
        created = change.event.action == "hierarchy.unit.create"
        entries.append(
            bundles.history_entry(
                base, resource, created=created, moment=instant(change.moment), seq=change.seq
            )
        )
    return entries


def _history(request, events, path: str, render) -> dict:
    params = Params(request.GET, HISTORY_PARAMS)
    since, cutoff, after, count = _window(params)
    changes, more = history.page(events, since=since, cutoff=cutoff, after=after, count=count)
    return bundles.history(
        base_url(request),
        entries=render(changes),
        links=_links(request, path, changes, more, cutoff),
        last_updated=instant(cutoff),
    )


@fhir_view()
def organization_history(request):
    events = history.organization_events(owner_sor_ids=request.api_scope.owner_sor_ids)
    return _history(request, events, "Organization/_history", lambda c: _organization_entries(request, c))


@fhir_view()
def organization_instance_history(request, sor_id: str):
    unit: Unit = unit_in_scope(request, sor_id)
    events = history.organization_events(sor_id=unit.sor_id)
    return _history(
        request,
        events,
        f"Organization/{unit.sor_id}/_history",
        lambda c: _organization_entries(request, c, only=unit.sor_id),
    )


def _endpoint_entries(request, changes: list[history.Change]) -> list:
    rows = reads.endpoint_rows(c.event.object_id for c in changes)
    scope = request.api_scope
    allowed = {
        u.sor_id
        for u in Unit.objects.filter(sor_id__in={r.unit_sor_id for r in rows.values()}).select_related("node")
        if scope.allows(u)
    }
    base = base_url(request)
    entries = []
    for change in changes:
        row = rows.get(change.event.object_id)
        if row is None or row.unit_sor_id not in allowed:
            continue
        created = change.event.action == "exchange.location_number.create"
        entries.append(
            bundles.history_entry(
                base,
                row.resource(change.day),
                created=created,
                moment=instant(change.moment),
                seq=change.seq,
            )
        )
    return entries


@fhir_view()
def endpoint_history(request):
    events = history.endpoint_events(owner_sor_ids=request.api_scope.owner_sor_ids)
    return _history(request, events, "Endpoint/_history", lambda c: _endpoint_entries(request, c))
