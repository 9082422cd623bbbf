"""Checks the MPTT fields against the parent links, independent of sibling order (a rebuild may
order siblings differently and still be right)."""

from collections import defaultdict

from .models import Unit


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
