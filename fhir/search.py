"""The searches (IHE mCSD ITI-90) as querysets over today's register, paged by keyset: the
Organization search orders by the unit's primary key, the Endpoint search by GLN, and a page
starts after the last row of the one before (`_cursor`), never at an OFFSET."""

from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from django.db.models import Q, QuerySet

from exchange.models import LocationNumberClosure
from hierarchy.models import LocationNumber, Unit, fold_name
from hierarchy.periods import in_force_q

from . import codes
from .params import Comparison
from .reads import UNIT_RELATED, active_numbers, overdue_closures


@dataclass
class OrganizationSearch:
    ids: list[str] | None = None
    identifiers: list[tuple[str | None, str]] | None = None
    name: str | None = None
    name_contains: str | None = None
    partof: list[str] | None = None
    types: list[tuple[str | None, str]] | None = None
    active: bool | None = None
    last_updated: list[Comparison] = field(default_factory=list)


def _any(conditions: list[Q]) -> Q:
    result = Q(pk__in=[])
    for condition in conditions:
        result |= condition
    return result


def _identifier_q(system: str | None, value: str) -> Q:
    if system in (None, codes.SOR_SYSTEM):
        return Q(sor_id=value)
    if system == codes.MUNICIPALITY_SYSTEM:
        return Q(kind=Unit.Kind.INSTITUTION_OWNER, municipality_id=value)
    return Q(pk__in=[])  # no other identifier system is on an Organization


def _type_q(system: str | None, code: str) -> Q:
    if system in (None, codes.HIERARCHY_SYSTEM) and code in codes.HIERARCHY_DISPLAY:
        return Q(kind=code)
    if system in (None, codes.SNOMED_SYSTEM):
        return Q(unit_type_id=code)
    return Q(pk__in=[])


def _updated_q(comparison: Comparison) -> Q:
    if comparison.op == "eq":
        if comparison.start == comparison.end:
            return Q(updated_at=comparison.start)
        return Q(updated_at__gte=comparison.start, updated_at__lt=comparison.end)
    if comparison.op == "gt":
        return (
            Q(updated_at__gte=comparison.end)
            if comparison.start != comparison.end
            else Q(updated_at__gt=comparison.start)
        )
    if comparison.op == "ge":
        return Q(updated_at__gte=comparison.start)
    if comparison.op == "lt":
        return Q(updated_at__lt=comparison.start)
    return (
        Q(updated_at__lt=comparison.end)
        if comparison.start != comparison.end
        else Q(updated_at__lte=comparison.start)
    )


def organizations(search: OrganizationSearch, *, tree_ids, day: date) -> QuerySet[Unit]:
    """The units the search matches among those the token sees, by primary key."""
    units = Unit.objects.all()
    if tree_ids is not None:
        units = units.filter(node__tree_id__in=tree_ids)
    if search.ids is not None:
        units = units.filter(sor_id__in=search.ids)
    if search.identifiers is not None:
        units = units.filter(_any([_identifier_q(s, v) for s, v in search.identifiers]))
    # FHIR's string search: the start of the name (or any part, :contains), case-insensitive,
    # through the unit's folded search name (UnitSearch.name, trigram-indexed on PostgreSQL).
    if search.name is not None:
        units = units.filter(search__name__startswith=fold_name(search.name))
    if search.name_contains is not None:
        units = units.filter(search__name__contains=fold_name(search.name_contains))
    if search.partof is not None:
        units = units.filter(parent__sor_id__in=search.partof)
    if search.types is not None:
        units = units.filter(_any([_type_q(s, c) for s, c in search.types]))
    if search.active is not None:
        units = units.filter(in_force_q(day)) if search.active else units.exclude(in_force_q(day))
    for comparison in search.last_updated:
        units = units.filter(_updated_q(comparison))
    return units.order_by("pk")


def organization_page(units: QuerySet[Unit], *, after: int | None, count: int) -> tuple[list[Unit], bool]:
    page = units.select_related(*UNIT_RELATED)
    if after is not None:
        page = page.filter(pk__gt=after)
    rows = list(page[: count + 1])
    return rows[:count], len(rows) > count


# --- Endpoint -------------------------------------------------------------------------------------


@dataclass
class EndpointSearch:
    identifiers: list[tuple[str | None, str]] | None = None
    organizations: list[str] | None = None
    statuses: list[str] | None = None


def _gln_values(identifiers) -> list[str]:
    return [value for system, value in identifiers if system in (None, *codes.GLN_SYSTEMS)]


def endpoint_sets(search: EndpointSearch, *, tree_ids, day: date) -> tuple[QuerySet, QuerySet]:
    """(live numbers that are active on `day`, closing records of numbers that are off)."""
    live = active_numbers(day)
    off = overdue_closures(day)
    if tree_ids is not None:
        live = live.filter(unit__node__tree_id__in=tree_ids)
        off = off.filter(unit_sor_id__in=Unit.objects.filter(node__tree_id__in=tree_ids).values("sor_id"))
    if search.identifiers is not None:
        glns = _gln_values(search.identifiers)
        live, off = live.filter(gln__in=glns), off.filter(gln__in=glns)
    if search.organizations is not None:
        live = live.filter(unit__sor_id__in=search.organizations)
        off = off.filter(unit_sor_id__in=search.organizations)
    if search.statuses is not None:
        if "active" not in search.statuses:
            live = LocationNumber.objects.none()
        if "off" not in search.statuses:
            off = LocationNumberClosure.objects.none()
    return live.order_by("gln"), off.order_by("gln")


def endpoint_page(live: QuerySet, off: QuerySet, *, after: str | None, count: int) -> tuple[list[str], bool]:
    if after is not None:
        live, off = live.filter(gln__gt=after), off.filter(gln__gt=after)
    glns = sorted(
        set(live.values_list("gln", flat=True)[: count + 1])
        | set(off.values_list("gln", flat=True)[: count + 1])
    )
    page = list(islice(glns, count + 1))
    return page[:count], len(page) > count
