"""The register as it was or will be on any date, computed from the versions (R11)."""

from collections import defaultdict
from datetime import date

from .models import Unit, UnitVersion
from .periods import in_force_q


def versions_on(day: date):
    """The version of every unit in force on `day`."""
    return UnitVersion.objects.filter(in_force_q(day))


def tree_as_of(root: Unit, day: date) -> dict:
    """{"unit": UnitVersion, "children": [...]} for `root` and everything below it on `day`,
    children sorted by name; None if root itself is not in force on that day. Two queries."""
    by_parent = defaultdict(list)
    root_version = None
    for version in versions_on(day).select_related("unit", "unit_type"):
        if version.unit_id == root.pk:
            root_version = version
        elif version.parent_id is not None:
            by_parent[version.parent_id].append(version)
    if root_version is None:
        return None

    def build(version):
        kids = sorted(by_parent.get(version.unit_id, []), key=lambda v: v.name.lower())
        return {"unit": version, "children": [build(k) for k in kids]}

    return build(root_version)
