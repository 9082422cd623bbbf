"""Reads for the history views (issue 5): a unit's versions with field-level diffs, and a
kommune's tree compared between two dates. Everything is computed from the versions."""

import io
from dataclasses import dataclass
from datetime import date

from sor_admin.csvexport import CsvWriter

from .asof import versions_on
from .models import Unit, UnitVersion

FIELD_LABELS = {
    "name": "Navn",
    "unit_type": "Enhedstype",
    "phone": "Telefonnummer",
    "email": "E-mail",
    "website": "Hjemmeside",
    "postal_address": "Postadresse",
    "visiting_same_as_postal": "Besøgsadresse samme som postadresse",
    "visiting_address": "Besøgsadresse",
    "activity_same_as_visiting": "Aktivitetsadresse samme som besøgsadresse",
    "activity_address": "Aktivitetsadresse",
    "parent": "Overliggende enhed",
}


def _display(version: UnitVersion, name: str) -> str:
    value = getattr(version, name)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if hasattr(value, "one_line"):
        return value.one_line()
    if isinstance(value, Unit):
        return f"{value.name} ({value.sor_id})"
    return str(value)


@dataclass
class VersionChange:
    version: UnitVersion
    period: str  # "past", "current", "future"
    changes: list[tuple[str, str, str]]  # (label, old, new)


def unit_history(unit: Unit, today: date) -> list[VersionChange]:
    """Oldest first; each version with what changed against the one before it."""
    versions = list(
        unit.versions.select_related(
            "parent",
            "unit_type",
            "created_by",
            "postal_address__postal_code",
            "visiting_address__postal_code",
            "activity_address__postal_code",
        ).order_by("valid_from")
    )
    result, previous = [], None
    for version in versions:
        if version.covers(today):
            period = "current"
        elif version.valid_from > today:
            period = "future"
        else:
            period = "past"
        changes = []
        for name, label in FIELD_LABELS.items():
            new = _display(version, name)
            old = _display(previous, name) if previous is not None else ""
            if previous is None or old != new:
                changes.append((label, old, new))
        result.append(VersionChange(version, period, changes))
        previous = version
    return result


@dataclass
class TreeComparison:
    created: list
    closed: list
    moved: list  # (version_a, version_b)
    renamed: list  # (version_a, version_b)


def compare_trees(root: Unit, day_a: date, day_b: date) -> TreeComparison:
    """Units of root's tree created, closed, moved and renamed between two dates."""
    tree_units = set(Unit.objects.filter(tree_id=root.tree_id).values_list("pk", flat=True))
    on_a = {
        v.unit_id: v
        for v in versions_on(day_a).filter(unit_id__in=tree_units).select_related("unit", "parent")
    }
    on_b = {
        v.unit_id: v
        for v in versions_on(day_b).filter(unit_id__in=tree_units).select_related("unit", "parent")
    }
    by_name = lambda v: v.name.lower()  # noqa: E731
    return TreeComparison(
        created=sorted((on_b[k] for k in on_b.keys() - on_a.keys()), key=by_name),
        closed=sorted((on_a[k] for k in on_a.keys() - on_b.keys()), key=by_name),
        moved=sorted(
            ((on_a[k], on_b[k]) for k in on_a.keys() & on_b.keys() if on_a[k].parent_id != on_b[k].parent_id),
            key=lambda p: by_name(p[1]),
        ),
        renamed=sorted(
            ((on_a[k], on_b[k]) for k in on_a.keys() & on_b.keys() if on_a[k].name != on_b[k].name),
            key=lambda p: by_name(p[1]),
        ),
    )


def comparison_csv(comparison: TreeComparison, day_a: date, day_b: date) -> str:
    out = io.StringIO()
    writer = CsvWriter(out)  # the shared writer: ; separated, formula cells neutralised
    writer.writerow(
        [
            "Ændring",
            "SOR-kode",
            f"Navn {day_a:%d-%m-%Y}",
            f"Navn {day_b:%d-%m-%Y}",
            f"Overliggende {day_a:%d-%m-%Y}",
            f"Overliggende {day_b:%d-%m-%Y}",
        ]
    )

    def parent(v):
        return v.parent.sor_id if v and v.parent_id else ""

    for v in comparison.created:
        writer.writerow(["Oprettet", v.unit.sor_id, "", v.name, "", parent(v)])
    for v in comparison.closed:
        writer.writerow(["Lukket", v.unit.sor_id, v.name, "", parent(v), ""])
    for a, b in comparison.moved:
        writer.writerow(["Flyttet", b.unit.sor_id, a.name, b.name, parent(a), parent(b)])
    for a, b in comparison.renamed:
        writer.writerow(["Omdøbt", b.unit.sor_id, a.name, b.name, parent(a), parent(b)])
    return out.getvalue()
