"""The register's derived data checked against its source (`manage.py check_tree`): the MPTT
fields (`UnitNode`) against the units' parent links, independent of sibling order (a rebuild
may order siblings differently and still be right), and the search keys of every unit and version against its
values (`UnitSearch`, `UnitVersion.name_search`/`search_text`), with a rebuild for both; and
today's projection (`Unit`, its `UnitNode`'s parent) against the versions in force today."""

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from itertools import islice

from django.db import connection

from sor_admin.text import count

from .dates import fmt, today
from .models import Unit, UnitNode, UnitSearch, UnitVersion


def tree_problems(limit: int = 20) -> list[str]:
    """What is wrong with the nested sets (`UnitNode`), measured against the units' parent
    links, which are the source: a unit without a node, a node whose parent differs from its
    unit's, and lft/rght/level/tree_id that do not follow from the parent links."""
    units, parents = {}, {}
    for pk, sor_id, parent_id in Unit.objects.values_list("pk", "sor_id", "parent_id"):
        units[pk], parents[pk] = sor_id, parent_id
    rows = {
        r["pk"]: {**r, "sor_id": units.get(r["pk"], f"node {r['pk']}")}
        for r in UnitNode.objects.values("pk", "parent_id", "tree_id", "lft", "rght", "level")
    }
    problems: list[str] = []

    def add(msg: str) -> None:
        if len(problems) < limit:
            problems.append(msg)

    _link_problems(units, parents, rows, add)
    children: defaultdict[int, list[dict]] = defaultdict(list)
    roots = []
    for row in rows.values():
        (children[row["parent_id"]] if row["parent_id"] else roots).append(row)
    _root_problems(roots, add)
    visited = _nested_set_problems(roots, children, add)
    if visited != len(rows):
        add(
            f"{count(len(rows) - visited, 'enhed', 'enheder')} kan ikke nås fra en rod (cyklus i forældrelinks)"
        )
    return problems


def _link_problems(units: dict, parents: dict, rows: dict, add: Callable[[str], None]) -> None:
    """Every unit has a node, every node a unit, and the node's parent is its unit's."""
    for pk in units.keys() - rows.keys():
        add(f"{units[pk]}: har ingen placering i træet")
    for pk, row in rows.items():
        if pk not in units:
            add(f"{row['sor_id']}: placering uden enhed")
        elif row["parent_id"] != parents[pk]:
            add(f"{row['sor_id']}: placeringens forælder afviger fra enhedens")


def _root_problems(roots: list[dict], add: Callable[[str], None]) -> None:
    """Each root starts its own tree at lft 1, level 0."""
    seen_trees = set()
    for root in roots:
        if root["lft"] != 1 or root["level"] != 0:
            add(f"{root['sor_id']}: rod skal have lft=1 og level=0")
        if root["tree_id"] in seen_trees:
            add(f"{root['sor_id']}: tree_id {root['tree_id']} bruges af flere rødder")
        seen_trees.add(root["tree_id"])


def _nested_set_problems(roots: list[dict], children: dict, add: Callable[[str], None]) -> int:
    """Walk every tree from its root: tree_id, level, lft and rght as the parent links give
    them. Returns how many nodes were reached."""
    visited = 0
    stack = list(roots)
    while stack:
        node = stack.pop()
        visited += 1
        kids = sorted(children[node["pk"]], key=lambda r: r["lft"])
        expected_lft = node["lft"] + 1
        for kid in kids:
            if kid["tree_id"] != node["tree_id"]:
                add(f"{kid['sor_id']}: tree_id afviger fra forælderens")
            if kid["level"] != node["level"] + 1:
                add(f"{kid['sor_id']}: level {kid['level']} skulle være {node['level'] + 1}")
            if kid["lft"] != expected_lft:
                add(f"{kid['sor_id']}: lft {kid['lft']} skulle være {expected_lft}")
            expected_lft = kid["rght"] + 1
            stack.append(kid)
        if node["rght"] != expected_lft:
            add(f"{node['sor_id']}: rght {node['rght']} skulle være {expected_lft}")
    return visited


def rebuild_tree() -> None:
    """Make the nested sets follow the units' parent links again: a node for every unit, each
    node's parent its unit's, then django-mptt's rebuild of lft/rght/level/tree_id."""
    have = set(UnitNode.objects.values_list("pk", flat=True))
    UnitNode.objects.bulk_create(
        [
            UnitNode(unit_id=pk, parent_id=None, tree_id=0, lft=0, rght=0, level=0)
            for pk in Unit.objects.exclude(pk__in=have).values_list("pk", flat=True)
        ]
    )
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    stale = [
        UnitNode(pk=pk, parent_id=parents[pk])
        for pk, parent_id in UnitNode.objects.values_list("pk", "parent_id")
        if parents[pk] != parent_id
    ]
    UnitNode.objects.bulk_update(stale, ["parent"], batch_size=1000)
    UnitNode.objects.rebuild()


def _batches(queryset, size: int = 2000):
    """The rows of `queryset` in lists of `size`, by primary key."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _stale_search_keys():
    """(what, fix) for every unit and version whose stored search keys differ from what its
    values give: `what` names it, `fix()` writes the right keys."""
    from addresses.models import Address

    def addresses_for(rows, fields):
        ids = {getattr(row, field) for row in rows for field in fields} - {None}
        return Address.objects.select_related("postal_code").in_bulk(ids)

    for units in _batches(Unit.objects.all()):
        addresses = addresses_for(units, ("postal_address_id", "visiting_address_id", "activity_address_id"))
        stored = {
            row["unit_id"]: row
            for row in UnitSearch.objects.filter(unit_id__in=[u.pk for u in units]).values(
                "unit_id", "name", "text", "valid_to"
            )
        }
        for unit in units:
            expected, row = unit.search_keys(addresses), stored.get(unit.pk)
            if row is not None and all(row[key] == value for key, value in expected.items()):
                continue
            problem = "mangler søgenøgler" if row is None else "søgenøglerne er forældede"
            yield (
                f"{unit.sor_id}: {problem}",
                (
                    lambda pk=unit.pk, keys=expected: UnitSearch.objects.update_or_create(
                        unit_id=pk, defaults=keys
                    )
                ),
            )
    for versions in _batches(UnitVersion.objects.all()):
        addresses = addresses_for(
            versions, ("postal_address_id", "visiting_address_id", "activity_address_id")
        )
        sor_ids = dict(Unit.objects.filter(pk__in={v.unit_id for v in versions}).values_list("pk", "sor_id"))
        for version in versions:
            expected = version.search_keys(sor_id=sor_ids[version.unit_id], addresses_by_pk=addresses)
            if all(getattr(version, key) == value for key, value in expected.items()):
                continue
            yield (
                f"version {version.pk} ({version.valid_from}) af enhed {version.unit_id}: forældede søgenøgler",
                (lambda pk=version.pk, keys=expected: UnitVersion.objects.filter(pk=pk).update(**keys)),
            )


def search_key_problems(limit: int = 20) -> list[str]:
    """Units and versions whose search keys are missing or differ from their values: such a
    unit would be missing from, or wrongly in, search results."""
    return [what for what, _fix in islice(_stale_search_keys(), limit)]


def rebuild_search_keys() -> int:
    """Write every missing or stale search key afresh; returns how many units and versions."""
    fixed = 0
    for _what, fix in _stale_search_keys():
        fix()
        fixed += 1
    return fixed


# --- today's projection against the versions ----------------------------------------------

_PROJECTED = ("parent", *Unit.VERSIONED_FIELDS)
_FIELD_LABELS = {"parent": "overliggende enhed", "valid_from": "gældende fra", "valid_to": "ophør"}


def _projection_sql() -> str:
    """One statement over every version: per unit the version a projection to the day writes
    (`services.versions.projected_version`: the one in force, else the first for a unit not
    yet started, else the last), compared with the unit row and its node, null-safe. Units with
    a version due but not yet projected (waiting for tonight's run) are left out."""
    q = connection.ops.quote_name
    unit, version, node = (q(m._meta.db_table) for m in (Unit, UnitVersion, UnitNode))
    columns = [Unit._meta.get_field(name).column for name in _PROJECTED]
    differs = " OR ".join(f"u.{q(c)} IS DISTINCT FROM p.{q(c)}" for c in columns)
    picked = ", ".join(f"v.{q(c)}" for c in columns)
    return f"""
        SELECT u.id, u.sor_id FROM (
            SELECT s.*, ROW_NUMBER() OVER (
                PARTITION BY s.unit_id
                ORDER BY s.covers DESC, CASE WHEN s.first_day <= %(day)s THEN s.valid_from END DESC,
                         s.valid_from ASC
            ) AS pick
            FROM (
                SELECT v.unit_id, v.valid_from, {picked},
                    CASE WHEN v.valid_from <= %(day)s AND (v.valid_to IS NULL OR v.valid_to >= %(day)s)
                         THEN 1 ELSE 0 END AS covers,
                    MIN(v.valid_from) OVER (PARTITION BY v.unit_id) AS first_day,
                    FIRST_VALUE(v.valid_to) OVER (PARTITION BY v.unit_id ORDER BY v.valid_from DESC)
                        AS last_day,
                    MAX(CASE WHEN v.valid_from <= %(day)s AND v.applied = %(false)s THEN 1 ELSE 0 END)
                        OVER (PARTITION BY v.unit_id) AS waiting
                FROM {version} v
            ) s
        ) p
        JOIN {unit} u ON u.id = p.unit_id
        LEFT JOIN {node} n ON n.{q(UnitNode._meta.pk.column)} = u.id
        WHERE p.pick = 1 AND p.waiting = 0 AND (
            {differs}
            OR (n.{q(UnitNode._meta.pk.column)} IS NOT NULL AND n.parent_id IS DISTINCT FROM p.parent_id)
            OR u.valid_from IS DISTINCT FROM p.first_day OR u.valid_to IS DISTINCT FROM p.last_day
        )
        ORDER BY u.sor_id
    """


def _stale_projections(on: date, limit: int | None = None) -> list[tuple[int, str]]:
    sql = _projection_sql() + (" LIMIT %(limit)s" if limit is not None else "")
    params = {"day": connection.ops.adapt_datefield_value(on), "false": False, "limit": limit}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def projection_problems(limit: int = 20, on: date | None = None) -> list[str]:
    """Units whose row (today's projection: parent, attributes, first and last day) or node
    parent differs from the versions in force today (`on`), though nothing is waiting for the
    nightly run: e.g. a run with a date in the future wrote the future into today's tree. Set-
    based (one statement over the versions); only the units reported are read one by one, to
    name the fields that differ."""
    from .services.versions import ordered_versions, projected_version

    on = on or today()
    problems = []
    for pk, sor_id in _stale_projections(on, limit):
        unit = Unit.objects.select_related("node").get(pk=pk)
        versions = ordered_versions(unit)
        current = projected_version(versions, on)
        expected = {name: getattr(current, Unit._meta.get_field(name).attname) for name in _PROJECTED}
        expected.update(valid_from=versions[0].valid_from, valid_to=versions[-1].valid_to)
        fields = [
            _FIELD_LABELS.get(name, Unit._meta.get_field(name).verbose_name)
            for name, value in expected.items()
            if getattr(unit, Unit._meta.get_field(name).attname) != value
        ]
        if unit.node.parent_id != current.parent_id and "overliggende enhed" not in fields:
            fields.append("placering i træet")
        problems.append(
            f"{sor_id}: viser ikke versionen, der gælder {fmt(on)} ({', '.join(map(str, fields))})"
        )
    return problems


def rebuild_projections(on: date | None = None) -> int:
    """Project every unit reported by `projection_problems` to today again, audited as the
    nightly run's projection (`hierarchy.unit.apply_due`): versions marked applied before their
    day are marked unapplied, the version in force today is applied again."""
    from .services import apply_due_unit
    from .services.versions import projected_version

    on = on or today()
    fixed = 0
    for pk, _sor_id in _stale_projections(on):
        versions = UnitVersion.objects.filter(unit_id=pk)
        versions.filter(valid_from__gt=on).update(applied=False)
        current = projected_version(list(versions.order_by("valid_from")), on)
        versions.filter(pk=current.pk).update(applied=False)
        fixed += apply_due_unit(pk, on)
    return fixed
