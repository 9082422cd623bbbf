"""What every export shares: the units in tree order with what the exports need joined in, and
the frame each unit passes down to the units below it (its effective addresses, contact block
and lokationsnummer, own or inherited)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import QuerySet

from exchange.models import LocationNumberClosure
from hierarchy import inheritance, services
from hierarchy.models import LocationNumber, Municipality, Unit, UnitVersion

CHUNK_UNITS = 500


def kommune_tree(
    queryset: QuerySet, municipality: Municipality | None, tree_field: str = "node__tree_id"
) -> QuerySet:
    """`queryset` narrowed to the IE tree of one kommune (none if it has no IE), or as it is."""
    if municipality is None:
        return queryset
    owner = Unit.objects.filter(municipality=municipality).first()
    return queryset.filter(**{tree_field: owner.tree_id}) if owner is not None else queryset.none()


def export_units(*, municipality: Municipality | None = None) -> QuerySet:
    """Every unit of the register (or of one kommune's IE tree) in tree order, with what the
    exports need joined in, one row per unit."""
    on = services.today()
    current_from = (
        UnitVersion.objects.filter(unit=OuterRef("pk"), valid_from__lte=on)
        .order_by("-valid_from")
        .values("valid_from")[:1]
    )
    closing = LocationNumberClosure.objects.filter(
        gln=OuterRef("location_number__gln"), applied_at__isnull=True
    ).values("closing_date")[:1]
    queryset = (
        Unit.objects.select_related(
            "node",
            "unit_type",
            "municipality",
            "postal_address__postal_code",
            "visiting_address__postal_code",
            "activity_address__postal_code",
            "location_number__sor_extra",
            "sor_extra",
        )
        .annotate(
            current_from=Coalesce(Subquery(current_from), "valid_from"),
            gln_closing_date=Subquery(closing),
        )
        .order_by("node__tree_id", "node__lft")
    )
    return kommune_tree(queryset, municipality)


def related_or_none(obj, name="sor_extra"):
    """The one-to-one row `name` of `obj`, or None."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def gln_of(unit) -> LocationNumber | None:
    """The unit's own lokationsnummer (not one it inherits), or None."""
    return related_or_none(unit, "location_number")


def unchanged_since_import(unit) -> bool:
    extra = related_or_none(unit)
    return extra is not None and extra.imported_revision == unit.revision


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


@dataclass
class Frame:
    """What a unit passes down to the units below it."""

    unit: Unit
    effective: inheritance.Effective  # its addresses and contact block, own or inherited
    gln: LocationNumber | None
    region_code: str
    cm: object = None  # the open XML *Entity element


def descend(stack: list[Frame], unit: Unit) -> Frame | None:
    """Pop frames that are not ancestors of `unit` and return its parent's frame."""
    while stack and (stack[-1].unit.tree_id != unit.tree_id or stack[-1].unit.level >= unit.level):
        frame = stack.pop()
        if frame.cm is not None:
            frame.cm.__exit__(None, None, None)
    return stack[-1] if stack else None


def frame_for(unit: Unit, parent: Frame | None) -> Frame:
    own_gln = gln_of(unit)
    if parent is None:
        region = unit.municipality.region_code if unit.municipality_id else ""
        return Frame(
            unit=unit,
            effective=inheritance.inherit(unit, None, kind=unit.kind),
            gln=inheritance.location_number(own_gln, None),
            region_code=region,
        )
    return Frame(
        unit=unit,
        effective=inheritance.inherit(unit, parent.effective, kind=unit.kind),
        gln=inheritance.location_number(own_gln, parent.gln),  # R6
        region_code=parent.region_code,
    )
