"""Reads for the history views (issue 5): a unit's versions with field-level diffs, and a
kommune's tree compared between two dates. Everything is computed from the versions."""

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from audit.models import AuditEvent
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


# Where each field of FIELD_LABELS is in an audit snapshot (snapshots.version_snapshot).
SNAPSHOT_KEYS = {"unit_type": "unit_type_name"}


@dataclass
class Correction:
    """A change registered from the first day of an existing version, so made to that version
    in place (an edit or move dated the day the version starts). Read from the audit event."""

    occurred_at: datetime
    actor_name: str
    reason: str
    changes: list[tuple[str, str, str]]  # (label, old, new)


@dataclass
class VersionChange:
    version: UnitVersion
    period: str  # "past", "current", "future"
    changes: list[tuple[str, str, str]]  # (label, old, new)
    corrections: list[Correction] = field(default_factory=list)


def _snapshot_display(value, name: str, parents: dict[str, str]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if name == "parent":
        return parents.get(value, value)
    return str(value)


def _corrections(unit: Unit) -> dict[str, list[AuditEvent]]:
    """The unit's in-place corrections by the start of the version they corrected, oldest first."""
    found: dict[str, list[AuditEvent]] = {}
    events = AuditEvent.objects.filter(
        object_type="hierarchy.unit", object_id=unit.sor_id, after__has_key="corrected_version"
    ).order_by("seq")
    for event in events:
        found.setdefault(event.after["corrected_version"]["valid_from"], []).append(event)
    return found


def _correction(event: AuditEvent, parents: dict[str, str]) -> Correction:
    corrected = event.after["corrected_version"]
    changes = []
    for name, label in FIELD_LABELS.items():
        key = SNAPSHOT_KEYS.get(name, name)
        if key in corrected["after"]:
            old = _snapshot_display(corrected["before"].get(key), name, parents)
            new = _snapshot_display(corrected["after"][key], name, parents)
            changes.append((label, old, new))
    return Correction(event.occurred_at, event.actor_name, event.reason, changes)


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
    corrections = _corrections(unit)
    parent_ids = {
        v
        for events in corrections.values()
        for e in events
        for side in ("before", "after")
        if (v := e.after["corrected_version"][side].get("parent"))
    }
    parents = {
        sor_id: f"{name} ({sor_id})"
        for sor_id, name in Unit.objects.filter(sor_id__in=parent_ids).values_list("sor_id", "name")
    }
    result, previous = [], None
    for version in versions:
        if version.in_force_on(today):
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
        own = [
            _correction(e, parents)
            for e in corrections.get(version.valid_from.isoformat(), [])
            # A version withdrawn and registered again from the same day is a new version.
            if e.occurred_at >= version.created_at
        ]
        result.append(VersionChange(version, period, changes, own))
        previous = version
    return result


@dataclass
class TreeComparison:
    created: list
    closed: list
    moved: list  # (version_a, version_b)
    renamed: list  # (version_a, version_b)
    # (version_a, version_b, label, value_a, value_b): every other attribute that differs
    # (enhedstype, telefon, adresser, ...), one row per attribute, so nothing passes unseen.
    changed: list = field(default_factory=list)


# The attributes compared besides name and parent, each named by its label.
OTHER_FIELDS = {name: label for name, label in FIELD_LABELS.items() if name not in ("name", "parent")}


def _other_changes(a: UnitVersion, b: UnitVersion) -> list[tuple]:
    return [
        (a, b, label, old, new)
        for name, label in OTHER_FIELDS.items()
        if (old := _display(a, name)) != (new := _display(b, name))
    ]


def compare_trees(root: Unit, day_a: date, day_b: date) -> TreeComparison:
    """Units of root's tree created, closed, moved, renamed and otherwise changed between two
    dates."""
    tree_units = set(Unit.objects.filter(node__tree_id=root.tree_id).values_list("pk", flat=True))
    related = (
        "unit",
        "parent",
        "unit_type",
        "postal_address__postal_code",
        "visiting_address__postal_code",
        "activity_address__postal_code",
    )
    on_a = {v.unit_id: v for v in versions_on(day_a).filter(unit_id__in=tree_units).select_related(*related)}
    on_b = {v.unit_id: v for v in versions_on(day_b).filter(unit_id__in=tree_units).select_related(*related)}
    by_name = lambda v: v.name.lower()  # noqa: E731
    both = on_a.keys() & on_b.keys()
    return TreeComparison(
        created=sorted((on_b[k] for k in on_b.keys() - on_a.keys()), key=by_name),
        closed=sorted((on_a[k] for k in on_a.keys() - on_b.keys()), key=by_name),
        moved=sorted(
            ((on_a[k], on_b[k]) for k in both if on_a[k].parent_id != on_b[k].parent_id),
            key=lambda p: by_name(p[1]),
        ),
        renamed=sorted(
            ((on_a[k], on_b[k]) for k in both if on_a[k].name != on_b[k].name),
            key=lambda p: by_name(p[1]),
        ),
        changed=sorted(
            (row for k in both for row in _other_changes(on_a[k], on_b[k])),
            key=lambda row: (by_name(row[1]), row[2]),
        ),
    )


def comparison_csv(comparison: TreeComparison, day_a: date, day_b: date) -> str:
    out = io.StringIO()
    writer = CsvWriter(out)  # the shared writer: ; separated, formula cells neutralised
    writer.writeheader(
        [
            "Ændring",
            "SOR-kode",
            f"Navn {day_a:%d-%m-%Y}",
            f"Navn {day_b:%d-%m-%Y}",
            f"Overliggende {day_a:%d-%m-%Y}",
            f"Overliggende {day_b:%d-%m-%Y}",
            "Felt",
            f"Værdi {day_a:%d-%m-%Y}",
            f"Værdi {day_b:%d-%m-%Y}",
        ]
    )

    def parent(v):
        return v.parent.sor_id if v and v.parent_id else ""

    for v in comparison.created:
        writer.writerow(["Oprettet", v.unit.sor_id, "", v.name, "", parent(v), "", "", ""])
    for v in comparison.closed:
        writer.writerow(["Lukket", v.unit.sor_id, v.name, "", parent(v), "", "", "", ""])
    for a, b in comparison.moved:
        writer.writerow(["Flyttet", b.unit.sor_id, a.name, b.name, parent(a), parent(b), "", "", ""])
    for a, b in comparison.renamed:
        writer.writerow(
            ["Omdøbt", b.unit.sor_id, a.name, b.name, parent(a), parent(b), "Navn", a.name, b.name]
        )
    for a, b, label, old, new in comparison.changed:
        writer.writerow(
            [f"{label} ændret", b.unit.sor_id, a.name, b.name, parent(a), parent(b), label, old, new]
        )
    return out.getvalue()
