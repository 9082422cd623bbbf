"""The navigator's tree (R9): the roots, the path down to the selected unit, a unit's children,
each node with its child count and next planned change. A fixed number of queries whatever the
register's size."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Func, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from .. import permissions
from ..dates import today
from ..models import AdministratorScope, Unit, UnitVersion
from ..periods import open_on


class _Count(Func):
    function = "COUNT"
    output_field = IntegerField()


def annotate_tree_flags(queryset: QuerySet, *, on: date, show_closed: bool) -> QuerySet:
    """Child count (respecting the closed filter) and the date of the next planned change, as
    subqueries so one query serves any number of nodes."""
    children = Unit.objects.filter(parent=OuterRef("pk"))
    if not show_closed:
        children = children.filter(open_on(on))
    child_count = children.order_by().values("parent").annotate(c=_Count("pk")).values("c")
    next_change = (
        UnitVersion.objects.filter(unit=OuterRef("pk"), valid_from__gt=on)
        .filter(valid_from__gt=OuterRef("valid_from"))
        .order_by("valid_from")
        .values("valid_from")[:1]
    )
    return queryset.annotate(
        child_count=Coalesce(Subquery(child_count, output_field=IntegerField()), 0),
        next_change=Subquery(next_change),
    )


def _tree_queryset(*, on: date, show_closed: bool) -> QuerySet:
    queryset = Unit.objects.select_related("unit_type", "node")
    if not show_closed:
        queryset = queryset.filter(open_on(on))
    return annotate_tree_flags(queryset, on=on, show_closed=show_closed)


# How many IEs the navigator lists at the top level; the rest are found by search.
ROOT_LIMIT = 150
# Ejertype "privat" (SNOMED code from SOR's classification, data/sor/sor-enhedstyper.csv).
PRIVATE_OWNER_TYPE = "550891000005100"


class RootList(list):
    """The navigator's top level; `truncated` when more IEs exist than it lists."""

    truncated = False


@dataclass
class TreeNode:
    unit: Unit
    children: list["TreeNode"] = field(default_factory=list)
    expanded: bool = False

    @property
    def has_children(self) -> bool:
        return self.unit.child_count > 0


def tree_children(unit: Unit, *, on: date | None = None, show_closed: bool = False) -> list[Unit]:
    """The unit's children in today's tree, by name, each with `child_count` and `next_change`.
    One query."""
    on = on or today()
    return list(_tree_queryset(on=on, show_closed=show_closed).filter(parent=unit).order_by("name", "pk"))


def tree(
    user,
    *,
    mine: bool,
    selected: Unit | None = None,
    ancestors: list[Unit] | None = None,
    show_closed: bool = False,
    on: date | None = None,
) -> list[TreeNode]:
    """The tree to show in the navigator: the roots, and below them the path down to the
    selected unit expanded one level at a time. Two queries (three for a municipal
    administrator's "Kun mine enheder")."""
    on = on or today()
    base = _tree_queryset(on=on, show_closed=show_closed)
    if mine:
        roots_qs = base.filter(parent__isnull=True)  # the IEs
        if permissions.is_municipal_admin(user):
            roots_qs = roots_qs.filter(
                pk__in=AdministratorScope.objects.filter(user=user).values("institution_owner_id")
            )
        elif not permissions.is_sds(user):
            return []  # no kommune of one's own; SDS staff maintain every IE and see them all
    elif selected is not None:
        roots_qs = base.filter(node__parent__isnull=True, node__tree_id=selected.tree_id)
    else:
        return []
    # Public owners (kommuner, regioner, staten) first, then private ones, by name; at most
    # ROOT_LIMIT, since SDS's "Kun mine enheder" means every IE, thousands of private practices.
    public_first = Case(When(owner_type_id=PRIVATE_OWNER_TYPE, then=Value(1)), default=Value(0))
    # The page of roots is picked without the per-node counts, which are then computed for it
    # alone (not for every IE before sorting).
    page = roots_qs.order_by(public_first, "name", "pk").values("pk")[: ROOT_LIMIT + 1]
    rows = list(base.filter(pk__in=Subquery(page)).order_by(public_first, "name", "pk"))
    roots = RootList(TreeNode(unit=u) for u in rows[:ROOT_LIMIT])
    roots.truncated = len(rows) > ROOT_LIMIT
    if roots.truncated and selected is not None and selected.tree_id not in {n.unit.tree_id for n in roots}:
        # the selected unit's IE
        extra = base.filter(node__parent__isnull=True, node__tree_id=selected.tree_id).first()
        if extra is not None:
            roots.append(TreeNode(unit=extra))
    if selected is None or not roots:
        return roots
    path = list(ancestors if ancestors is not None else selected.ancestors())
    root_tree_ids = {node.unit.tree_id for node in roots}
    if not path or path[0].tree_id not in root_tree_ids:
        return roots
    expanded_ids = [u.pk for u in path]
    nodes = {node.unit.pk: node for node in roots}
    by_parent: dict[int, list[Unit]] = {}
    for child in base.filter(parent_id__in=expanded_ids).order_by("name", "pk"):
        by_parent.setdefault(child.parent_id, []).append(child)
    for ancestor in path:
        node = nodes.get(ancestor.pk)
        if node is None:
            break  # a closed ancestor that the filter hid
        node.expanded = True
        node.children = [TreeNode(unit=u) for u in by_parent.get(ancestor.pk, [])]
        nodes.update({child.unit.pk: child for child in node.children})
    return roots
