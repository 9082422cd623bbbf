"""Checks the MPTT fields against the parent links, independent of sibling order (a rebuild may
order siblings differently and still be right), and each unit's search keys against its values."""

from collections import defaultdict

from .models import Unit, UnitSearch, UnitVersion, fold_name


def tree_problems(limit: int = 20) -> list[str]:
    rows = {
        r["pk"]: r
        for r in Unit.objects.values("pk", "sor_id", "parent_id", "tree_id", "lft", "rght", "level")
    }
    children = defaultdict(list)
    roots = []
    for row in rows.values():
        (children[row["parent_id"]] if row["parent_id"] else roots).append(row)
    problems: list[str] = []

    def add(msg):
        if len(problems) < limit:
            problems.append(msg)

    seen_trees = set()
    for root in roots:
        if root["lft"] != 1 or root["level"] != 0:
            add(f"{root['sor_id']}: rod skal have lft=1 og level=0")
        if root["tree_id"] in seen_trees:
            add(f"{root['sor_id']}: tree_id {root['tree_id']} bruges af flere rødder")
        seen_trees.add(root["tree_id"])

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
    if visited != len(rows):
        add(f"{len(rows) - visited} enhed(er) kan ikke nås fra en rod (cyklus i forældrelinks)")
    return problems


def _search_key_batches(batch: int = 2000):
    """(unit, expected keys, stored keys or None) for every unit, a batch of units at a time."""
    from addresses.models import Address

    fields = ("postal_address_id", "visiting_address_id", "activity_address_id")
    last = 0
    while True:
        units = list(Unit.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not units:
            return
        address_ids = {getattr(u, f) for u in units for f in fields} - {None}
        addresses = Address.objects.select_related("postal_code").in_bulk(address_ids)
        stored = {
            row["unit_id"]: row
            for row in UnitSearch.objects.filter(unit_id__in=[u.pk for u in units]).values(
                "unit_id", "name", "text", "valid_to"
            )
        }
        for unit in units:
            yield unit, unit.search_keys(addresses), stored.get(unit.pk)
        last = units[-1].pk


def _version_key_batches(batch: int = 2000):
    """(version, expected (name_search, search_text)) for every version, a batch at a time."""
    from addresses.models import Address

    last = 0
    while True:
        versions = list(UnitVersion.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not versions:
            return
        sor_ids = dict(Unit.objects.filter(pk__in={v.unit_id for v in versions}).values_list("pk", "sor_id"))
        addresses = Address.objects.select_related("postal_code").in_bulk(
            {v.postal_address_id for v in versions} - {None}
        )
        for version in versions:
            text = version.build_search_text(sor_id=sor_ids[version.unit_id], addresses_by_pk=addresses)
            yield version, (fold_name(version.name), text)
        last = versions[-1].pk


def search_key_problems(limit: int = 20) -> list[str]:
    """Units whose search keys (`UnitSearch`) are missing or differ from their current values:
    such a unit would be missing from, or wrongly in, search results."""
    problems: list[str] = []
    for unit, expected, stored in _search_key_batches():
        if stored is None:
            problems.append(f"{unit.sor_id}: mangler søgenøgler")
        elif any(stored[key] != value for key, value in expected.items()):
            problems.append(f"{unit.sor_id}: søgenøglerne er forældede")
        if len(problems) >= limit:
            return problems
    for version, expected in _version_key_batches():
        if (version.name_search, version.search_text) != expected:
            problems.append(
                f"version {version.pk} ({version.valid_from}) af enhed {version.unit_id}: forældede søgenøgler"
            )
            if len(problems) >= limit:
                break
    return problems


def rebuild_search_keys() -> int:
    """Write every unit's and version's search keys afresh; returns how many were missing or
    stale."""
    fixed = 0
    for unit, expected, stored in _search_key_batches():
        if stored is None or any(stored[key] != value for key, value in expected.items()):
            UnitSearch.objects.update_or_create(unit_id=unit.pk, defaults=expected)
            fixed += 1
    for version, (name_search, search_text) in _version_key_batches():
        if (version.name_search, version.search_text) != (name_search, search_text):
            UnitVersion.objects.filter(pk=version.pk).update(name_search=name_search, search_text=search_text)
            fixed += 1
    return fixed
