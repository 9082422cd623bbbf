"""What a package does, from the register on its date before and after it (computed from the
versions, R11): units per IE, lokationsnumre that change IE or whose inheritance changes (with
their message types), administrators who gain or lose units, units closed and created, and the
changes that stay inside one IE: units renamed, given another enhedstype or moved under another
parent of the same IE (issue 23); and the names that two units under one parent share after it."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model

from hierarchy import inheritance
from hierarchy.asof import versions_on
from hierarchy.models import AdministratorScope, LocationNumber, Unit, UnitReplacement, UnitType
from hierarchy.selectors import folded_name

LIST_LIMIT = 200  # rows per list in the report; the counts are always complete


@dataclass
class RegisterOn:
    """The register on a day: each unit's parent (None for IEs) and the owners' scopes."""

    parent: dict[int, int | None]
    scopes: set[tuple[int, int]]  # (user id, IE id)
    glns: dict[int, int]  # unit id -> LocationNumber id
    replacements: set[tuple[int, int]]
    # The unit's name and enhedstype on the day (defaults: a RegisterOn made without them).
    names: dict[int, str] = field(default_factory=dict)
    types: dict[int, int] = field(default_factory=dict)

    def _walk(self, unit_id: int, memo: dict, stop) -> int | None:
        """Up the parent links from `unit_id` to the first unit where `stop(unit)` gives an
        answer (or the top), remembering the answer for every unit on the way."""
        path, node, found = [], unit_id, None
        while True:
            if node in memo:
                found = memo[node]
                break
            answer = stop(node)
            if answer is not None:
                found = memo[node] = answer
                break
            path.append(node)
            parent = self.parent.get(node)
            if parent is None or len(path) > 100:
                found = None
                break
            node = parent
        for item in path:
            memo[item] = found
        return found

    def root(self, unit_id: int, memo: dict) -> int:
        """The IE at the top of the unit's chain of parents on the day."""
        return self._walk(unit_id, memo, lambda u: u if self.parent.get(u) is None else None)

    def glns_of(self, unit_ids) -> dict[int, int | None]:
        """The lokationsnummer each unit carries or inherits from its nearest ancestor (R6)."""
        return inheritance.location_numbers(unit_ids, self.parent, self.glns)


def register_on(day: date) -> RegisterOn:
    rows = list(versions_on(day).values_list("unit_id", "parent_id", "name", "unit_type_id"))
    return RegisterOn(
        parent={unit_id: parent_id for unit_id, parent_id, _, _ in rows},
        names={unit_id: name for unit_id, _, name, _ in rows},
        types={unit_id: type_id for unit_id, _, _, type_id in rows},
        scopes=set(AdministratorScope.objects.values_list("user_id", "institution_owner_id")),
        glns=dict(LocationNumber.objects.values_list("unit_id", "pk")),
        replacements=set(UnitReplacement.objects.values_list("replaced_id", "successor_id")),
    )


def _units(ids) -> dict[int, Unit]:
    return Unit.objects.only("pk", "sor_id", "name", "kind", "valid_to").in_bulk(list(ids))


def _gln_rows(ids) -> dict[int, dict]:
    numbers = LocationNumber.objects.filter(pk__in=list(ids)).prefetch_related("message_types")
    return {n.pk: {"gln": n.gln, "message_types": [str(t) for t in n.message_types.all()]} for n in numbers}


def impact_between(before: RegisterOn, after: RegisterOn, *, day: date, operations: list[dict]) -> dict:
    roots_before, roots_after = {}, {}
    ids = set(before.parent) | set(after.parent)
    ie_of_before = {u: before.root(u, roots_before) for u in before.parent}
    ie_of_after = {u: after.root(u, roots_after) for u in after.parent}
    count_before, count_after = Counter(ie_of_before.values()), Counter(ie_of_after.values())
    changed_ies = {ie for ie in set(count_before) | set(count_after) if count_before[ie] != count_after[ie]}
    moved = {u for u in set(before.parent) & set(after.parent) if ie_of_before[u] != ie_of_after[u]}
    # Only units whose IE or whose chain of parents changed can inherit differently.
    candidates = {u for u in ids if before.parent.get(u) != after.parent.get(u)} | moved
    asked = [u for u in sorted(ids) if u in candidates or ie_of_after.get(u) in changed_ies]
    gln_before, gln_after = before.glns_of(asked), after.glns_of(asked)
    inherit_changes = [
        (u, gln_before[u], gln_after[u])
        for u in asked
        if gln_before[u] != gln_after[u] and u not in after.glns
    ]
    gln_moves = [u for u in moved if u in after.glns]
    kept = set(before.parent) & set(after.parent)
    moved_within = sorted(
        u for u in kept if before.parent.get(u) != after.parent.get(u) and ie_of_before[u] == ie_of_after[u]
    )
    renamed = sorted(u for u in kept if before.names.get(u, "") != after.names.get(u, ""))
    retyped = sorted(u for u in kept if before.types.get(u) != after.types.get(u))
    created = set(after.parent) - set(before.parent)
    twins = _same_name(
        after, created | set(renamed) | {u for u in kept if before.parent.get(u) != after.parent.get(u)}
    )
    units = _units(
        changed_ies
        | set(gln_moves)
        | {u for u, _, _ in inherit_changes[:LIST_LIMIT]}
        | {ie_of_before.get(u) for u in gln_moves}
        | {ie_of_after.get(u) for u in gln_moves}
        | {u for pair in after.replacements - before.replacements for u in pair}
        | (set(after.parent) ^ set(before.parent))
        | set(moved_within[:LIST_LIMIT])
        | set(renamed[:LIST_LIMIT])
        | set(retyped[:LIST_LIMIT])
        | {u for group in twins[:LIST_LIMIT] for u in group}
    )
    type_names = (
        dict(
            UnitType.objects.filter(
                pk__in=set(before.types.values()) | set(after.types.values())
            ).values_list("pk", "name")
        )
        if retyped
        else {}
    )
    numbers = _gln_rows(
        {after.glns[u] for u in gln_moves}
        | {g for _, a, b in inherit_changes[:LIST_LIMIT] for g in (a, b) if g}
    )

    def name(unit_id):
        unit = units.get(unit_id)
        return {"sor_id": unit.sor_id, "name": unit.name} if unit else None

    def gln(number_id):
        return numbers.get(number_id) if number_id else None

    users_before, users_after = Counter(), Counter()
    for user_id, ie in before.scopes:
        users_before[user_id] += count_before[ie]
    for user_id, ie in after.scopes:
        users_after[user_id] += count_after[ie]
    usernames = dict(
        get_user_model()
        .objects.filter(pk__in=set(users_before) | set(users_after))
        .values_list("pk", "username")
    )
    return {
        "effective_date": day.isoformat(),
        "operations": len(operations),
        "ies": sorted(
            (
                {**name(ie), "before": count_before[ie], "after": count_after[ie]}
                for ie in changed_ies
                if name(ie)
            ),
            key=lambda row: row["name"],
        ),
        "units_changing_ie": len(moved),
        "gln_moves": [
            {
                **name(u),
                **gln(after.glns[u]),
                "from_ie": (name(ie_of_before.get(u)) or {}).get("name"),
                "to_ie": (name(ie_of_after.get(u)) or {}).get("name"),
            }
            for u in sorted(gln_moves)[:LIST_LIMIT]
        ],
        "gln_moves_count": len(gln_moves),
        "inheritance": [
            {**name(u), "before": gln(old), "after": gln(new)} for u, old, new in inherit_changes[:LIST_LIMIT]
        ],
        "inheritance_count": len(inherit_changes),
        "administrators": sorted(
            (
                {
                    "user": usernames.get(user_id, str(user_id)),
                    "before": users_before[user_id],
                    "after": users_after[user_id],
                }
                for user_id in set(users_before) | set(users_after)
                if users_before[user_id] != users_after[user_id]
            ),
            key=lambda row: row["user"],
        ),
        "created": [name(u) for u in sorted(set(after.parent) - set(before.parent))],
        "closed": [name(u) for u in sorted(set(before.parent) - set(after.parent))],
        "replacements": [
            {"unit": name(old), "successor": name(new)}
            for old, new in sorted(after.replacements - before.replacements)
        ],
        "moved_within_ie": [
            {
                **name(u),
                # the names on the day, before and after the package (a parent may be renamed too)
                "name": after.names.get(u, ""),
                "from_parent": before.names.get(before.parent[u], ""),
                "to_parent": after.names.get(after.parent[u], ""),
                "ie": after.names.get(ie_of_after[u], ""),
            }
            for u in moved_within[:LIST_LIMIT]
        ],
        "moved_within_ie_count": len(moved_within),
        "renamed": [
            {"sor_id": name(u)["sor_id"], "before": before.names[u], "after": after.names[u]}
            for u in renamed[:LIST_LIMIT]
            if name(u)
        ],
        "renamed_count": len(renamed),
        "retyped": [
            {
                **name(u),
                "before": type_names.get(before.types[u], ""),
                "after": type_names.get(after.types[u], ""),
            }
            for u in retyped[:LIST_LIMIT]
            if name(u)
        ],
        "retyped_count": len(retyped),
        # Opret OE's same-name warning for a package (hierarchy.selectors.same_name_units): the
        # units it creates, renames or moves that share their name with a sibling afterwards.
        "same_name": [
            {
                "name": after.names.get(group[0], ""),
                "parent": after.names.get(after.parent.get(group[0]), ""),
                # each unit by its name after the package (a renamed one by its new name)
                "units": [{**name(u), "name": after.names.get(u, "")} for u in group if name(u)],
            }
            for group in twins[:LIST_LIMIT]
        ],
        "same_name_count": len(twins),
    }


def _same_name(after: RegisterOn, touched: set[int]) -> list[list[int]]:
    """Groups of units under one parent with one name after the package, where the package
    created, renamed or moved at least one of them; each group sorted, the groups by their
    first unit."""
    keys = {(after.parent.get(u), folded_name(after.names.get(u, ""))) for u in touched if u in after.parent}
    keys = {key for key in keys if key[0] is not None and key[1]}
    if not keys:
        return []
    parents = {parent_id for parent_id, _ in keys}
    groups: dict[tuple, list[int]] = {}
    for unit_id, parent_id in after.parent.items():
        if parent_id not in parents:  # only siblings of what the package touched are folded
            continue
        key = (parent_id, folded_name(after.names.get(unit_id, "")))
        if key in keys:
            groups.setdefault(key, []).append(unit_id)
    return sorted((sorted(group) for group in groups.values() if len(group) > 1), key=lambda g: g[0])
