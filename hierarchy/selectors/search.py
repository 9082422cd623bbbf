"""The GUI's search (R8): Fritekst, Navn and SOR-kode combined, a page of results with each
unit's path up to its IE, in three queries."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Subquery
from django.db.models.expressions import RawSQL

from .. import permissions
from ..dates import today
from ..models import AdministratorScope, Unit, UnitSearch, ancestor_ids_sql
from ..periods import open_on
from .patterns import fritekst_q, pattern_q

SEARCH_LIMIT = 50  # results shown; a broader search says "Gør søgningen mere præcis"
SEARCH_COUNT_CAP = 200  # counting further costs more than the search (a common word: thousands)


def _is_blank_pattern(text: str) -> bool:
    return not text.replace("*", "").strip()


@dataclass
class SearchResult:
    units: list[Unit]
    total: int
    limit: int
    paths: dict[int, list[Unit]]
    problem: str | None = None
    more: bool = False  # more than `total` (= SEARCH_COUNT_CAP) units match

    @property
    def truncated(self) -> bool:
        return self.total > len(self.units)


MSG_SEARCH_EMPTY = "Angiv mindst ét søgekriterium: Fritekst, Navn eller SOR-kode."


def search_units(
    user,
    *,
    fritekst: str = "",
    navn: str = "",
    sor_kode: str = "",
    mine: bool = False,
    show_closed: bool = False,
    on: date | None = None,
    limit: int = SEARCH_LIMIT,
) -> SearchResult:
    """R8. The criteria combine (all must match). Three queries: the page of results, the total
    (only when the page is full, and only up to SEARCH_COUNT_CAP) and every result's path up to
    its IE. A pattern beyond the bounds of `search_parts` raises ValidationError keyed by its
    field ("navn", "fritekst").

    Names, free text and the closing date are matched in `UnitSearch`, a narrow table with
    trigram indexes. Without a kommune or SOR-kode condition the page is found and ordered there
    alone and only its units are read; with one, the units are filtered and joined."""
    on = on or today()
    keys = UnitSearch.objects.all()
    if not show_closed:
        keys = keys.filter(open_on(on))
    units_qs = Unit.objects.select_related("unit_type")
    unit_conditions = False  # any condition on the units themselves (SDS's "mine" is every unit)
    if mine and permissions.is_municipal_admin(user):
        units_qs, unit_conditions = units_qs.filter(node__tree_id__in=Subquery(_scope_tree_ids(user))), True
    elif mine and not permissions.is_sds(user):
        units_qs, unit_conditions = units_qs.none(), True
    criteria = False
    sor_kode = "".join(sor_kode.split())
    if sor_kode:
        criteria = unit_conditions = True
        units_qs = units_qs.filter(sor_id=sor_kode)
    refused = {}  # field → message: every refused pattern is reported at once
    if navn and not _is_blank_pattern(navn):
        criteria = True
        try:
            keys = keys.filter(pattern_q("name", navn))
        except ValidationError as exc:
            refused["navn"] = exc.messages
    if fritekst and not _is_blank_pattern(fritekst):
        criteria = True
        try:
            keys = keys.filter(fritekst_q(fritekst))
        except ValidationError as exc:
            refused["fritekst"] = exc.messages
    if refused:
        raise ValidationError(refused)
    if not criteria:
        return SearchResult(units=[], total=0, limit=limit, paths={}, problem=MSG_SEARCH_EMPTY)
    # By the folded name: case-blind, as one reads a list.
    if unit_conditions:
        matches = units_qs.filter(pk__in=keys.values("unit_id"))
        page = matches.order_by("search__name", "pk")
    else:
        matches = keys
        first = keys.order_by("name", "unit_id").values("unit_id")[:limit]
        page = units_qs.filter(pk__in=Subquery(first)).order_by("search__name", "pk")
    units = list(page.only(*_RESULT_FIELDS)[:limit])
    if len(units) < limit:
        total, more = len(units), False
    else:
        # Counting every match of a common word costs as much as the search; count up to a cap.
        total = matches.order_by()[: SEARCH_COUNT_CAP + 1].count()
        more = total > SEARCH_COUNT_CAP
        total = min(total, SEARCH_COUNT_CAP)
    paths = paths_for(units)
    for unit in units:
        unit.path = paths[unit.pk]
        unit.path_text = " › ".join(ancestor.name for ancestor in unit.path)  # escaped by the template
    return SearchResult(units=units, total=total, limit=limit, paths=paths, more=more)


# What a result line shows (and paths_for needs): a unit row is wide, and a search may list many.
_RESULT_FIELDS = (
    "pk",
    "name",
    "sor_id",
    "kind",
    "parent_id",
    "valid_from",
    "valid_to",
    "unit_type__name",
)


def _scope_tree_ids(user):
    return AdministratorScope.objects.filter(user=user).values("institution_owner__node__tree_id")


def paths_for(units: list[Unit]) -> dict[int, list[Unit]]:
    """Each unit's ancestors from its IE down, in one query for all of them: the parent links
    followed upwards by a recursive query, which reads only the rows on the paths (a nested-set
    range per unit reads every row to its left in a large tree)."""
    if not units:
        return {}
    ids = [unit.pk for unit in units if unit.parent_id is not None]
    by_pk: dict[int, Unit] = {}
    if ids:
        sql = ancestor_ids_sql(len(ids))
        ancestors = (
            Unit.objects.filter(pk__in=RawSQL(sql, ids)).order_by().only("pk", "name", "sor_id", "parent_id")
        )
        by_pk = {a.pk: a for a in ancestors}
    paths = {}
    for unit in units:
        path, parent_id = [], unit.parent_id
        while parent_id is not None and parent_id in by_pk:
            path.append(by_pk[parent_id])
            parent_id = by_pk[parent_id].parent_id
        paths[unit.pk] = path[::-1]
    return paths
