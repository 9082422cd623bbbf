"""Reads for the GUI: the tree, a unit's details and search (R8, R9).

Every function here runs a fixed number of queries however many units the register holds, so
the tree and details pages stay fast for a kommune of any size (tests assert the counts).
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Case, F, Func, IntegerField, Lookup, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower, Replace

from addresses.models import Address

from . import inheritance, permissions, services
from .models import (
    SEARCH_SEPARATOR,
    AdministratorScope,
    LocationNumber,
    Unit,
    UnitSearch,
    UnitType,
    UnitVersion,
    ancestor_ids_sql,
    fold_name,
)

SEARCH_LIMIT = 50  # results shown; a broader search says "Gør søgningen mere præcis"
SEARCH_COUNT_CAP = 200  # counting further costs more than the search (a common word: thousands)

# Upper-case letters beyond ASCII that Danish names and addresses use. SQLite's lower() folds
# ASCII only (and PostgreSQL's depends on the database's LC_CTYPE), so these are folded by
# explicit REPLACE before lower(); the search text is folded the same way in Python.
_FOLD_PAIRS = (
    ("Æ", "æ"),
    ("Ø", "ø"),
    ("Å", "å"),
    ("Ä", "ä"),
    ("Ö", "ö"),
    ("Ü", "ü"),
    ("É", "é"),
    ("È", "è"),
    ("Ê", "ê"),
    ("Ë", "ë"),
    ("Á", "á"),
    ("À", "à"),
    ("Í", "í"),
    ("Ó", "ó"),
    ("Ú", "ú"),
    ("Ô", "ô"),
    ("Ç", "ç"),
    ("Ñ", "ñ"),
)


def fold(expression):
    """A case-folded copy of a text column that behaves the same on SQLite and PostgreSQL."""
    if isinstance(expression, str):
        expression = F(expression)
    for upper, lower in _FOLD_PAIRS:
        expression = Replace(expression, Value(upper), Value(lower))
    return Lower(expression)


class _Count(Func):
    function = "COUNT"
    output_field = IntegerField()


def _open_on(day: date) -> Q:
    """Units not yet closed on `day` (a closing date is the last valid day)."""
    return Q(valid_to__isnull=True) | Q(valid_to__gte=day)


def annotate_tree_flags(queryset: QuerySet, *, on: date, show_closed: bool) -> QuerySet:
    """Child count (respecting the closed filter) and the date of the next planned change, as
    subqueries so one query serves any number of nodes."""
    children = Unit.objects.filter(parent=OuterRef("pk"))
    if not show_closed:
        children = children.filter(_open_on(on))
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
    queryset = Unit.objects.select_related("unit_type")
    if not show_closed:
        queryset = queryset.filter(_open_on(on))
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
    on = on or services.today()
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
    on = on or services.today()
    base = _tree_queryset(on=on, show_closed=show_closed)
    if mine:
        roots_qs = base.filter(parent__isnull=True)  # = level 0; parent_id is indexed, level is not
        if permissions.is_municipal_admin(user):
            roots_qs = roots_qs.filter(
                pk__in=AdministratorScope.objects.filter(user=user).values("institution_owner_id")
            )
        elif not permissions.is_sds(user):
            return []  # no kommune of one's own; SDS staff maintain every IE and see them all
    elif selected is not None:
        roots_qs = base.filter(level=0, tree_id=selected.tree_id)
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
        extra = base.filter(level=0, tree_id=selected.tree_id).first()  # the selected unit's IE
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


# --- details --------------------------------------------------------------------------------

_ADDRESS_RELATED = (
    "postal_address__postal_code",
    "visiting_address__postal_code",
    "activity_address__postal_code",
)


@dataclass
class UnitDetails:
    unit: Unit
    ancestors: list[Unit]
    postal_address: inheritance.Value
    visiting_address: inheritance.Value
    activity_address: inheritance.Value | None
    contact: inheritance.Value  # value: an inheritance.Contact
    location_number: LocationNumber | None
    location_number_inherited: bool
    message_types: list
    pending_versions: list[UnitVersion]
    today: date

    @property
    def is_future(self) -> bool:
        return self.unit.valid_from > self.today

    @property
    def is_closed(self) -> bool:
        return self.unit.valid_to is not None and self.unit.valid_to < self.today

    @property
    def closes(self) -> bool:
        return self.unit.valid_to is not None and self.unit.valid_to >= self.today


_ADDRESS_FIELDS = ("postal_address", "visiting_address", "activity_address")


def unit_by_sor_id(sor_id: str, *, addresses: bool = True) -> Unit:
    """The unit, with its type and parent, and (`addresses`) its addresses joined in. Without,
    `unit_details` loads them together with its ancestors' in one short query: six joins cost
    more to plan and compile than the row costs to read."""
    related = ("unit_type", "parent", *(_ADDRESS_RELATED if addresses else ()))
    return Unit.objects.select_related(*related).get(sor_id=sor_id)


def _load_addresses(units: list[Unit]) -> None:
    """Give every unit not yet holding them its three addresses (with postal codes), in one
    query for all of them."""
    fields = [Unit._meta.get_field(name) for name in _ADDRESS_FIELDS]
    pending = [u for u in units if not all(f.is_cached(u) for f in fields)]
    ids = {getattr(u, f.attname) for u in pending for f in fields} - {None}
    found = Address.objects.select_related("postal_code").in_bulk(ids) if ids else {}
    for unit in pending:
        for f in fields:
            setattr(unit, f.name, found.get(getattr(unit, f.attname)))


def unit_details(unit: Unit, *, on: date | None = None) -> UnitDetails:
    """Everything the details panel shows, with inherited values resolved (R6 and the SOR
    address and contact rules of `hierarchy.inheritance`). Five queries after the unit itself
    (ancestors, their addresses, lokationsnummer, its message types, planned changes), whatever
    the tree's size."""
    on = on or services.today()
    ancestors = list(unit.ancestors())
    _load_addresses([unit, *ancestors])
    effective = inheritance.resolve([unit, *reversed(ancestors)], kind=unit.kind)

    number = services.inherited_location_number(unit)
    message_types = list(number.message_types.all()) if number is not None else []
    # A future unit's first version is its start, shown as "Fremtidig", not as a change.
    pending = list(
        UnitVersion.objects.filter(unit=unit, valid_from__gt=max(on, unit.valid_from))
        .select_related("parent", "unit_type")
        .order_by("valid_from")
    )
    return UnitDetails(
        unit=unit,
        ancestors=ancestors,
        postal_address=effective.postal_address,
        visiting_address=effective.visiting_address,
        activity_address=effective.activity_address,
        contact=effective.contact,
        location_number=number,
        location_number_inherited=number is not None and number.unit_id != unit.pk,
        message_types=message_types,
        pending_versions=pending,
        today=on,
    )


# --- search ---------------------------------------------------------------------------------

# A search pattern is at most this many parts between stars and this long (R8 needs one or two
# parts; a name is at most 60 characters). The bound keeps every query small: without it, 2,000
# `*a` is a SQL expression too deep for SQLite, and each part costs a scan of the value.
PATTERN_MAX_PARTS = 5
PATTERN_MAX_LENGTH = 60
MSG_PATTERN_TOO_COMPLEX = (
    f"Søgningen må højst have {PATTERN_MAX_PARTS} dele adskilt af * og højst "
    f"{PATTERN_MAX_LENGTH} tegn. Gør søgningen kortere."
)


def search_parts(text: str) -> list[str]:
    """`text` as a SOR search pattern, folded and split at its stars: `*tekst`, `tekst*`,
    `*tekst*`, and stars inside match anything, the parts in the given order. An empty first
    (last) part means the match need not start (end) where the value does; runs of stars count
    as one. Raises ValidationError (MSG_PATTERN_TOO_COMPLEX) beyond the bounds."""
    text = text.strip()
    parts = fold_name(text).split("*")
    inner = [part for part in parts[1:-1] if part]
    parts = [parts[0], *inner, parts[-1]] if len(parts) > 1 else parts
    if len(text) > PATTERN_MAX_LENGTH or sum(1 for part in parts if part) > PATTERN_MAX_PARTS:
        raise ValidationError(MSG_PATTERN_TOO_COMPLEX, code="pattern_too_complex")
    return parts


def _like_literal(text: str) -> str:
    """`text` as a literal in a LIKE pattern (backslash is the escape character of `_Like`)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_pattern(parts: list[str]) -> str:
    """The LIKE pattern of `search_parts`: the parts in order with `%` between them."""
    if len(parts) == 1:
        parts = ["", *parts, ""]  # no star: contains
    return "%".join(_like_literal(part) for part in parts)


class _Like(Lookup):
    """`column LIKE pattern` with a ready-made pattern (Django's lookups escape every `%`).
    SQLite's and PostgreSQL's LIKE match `%` without exponential backtracking (each gives up
    on a failed later part instead of retrying earlier ones), and pg_trgm's GIN indexes serve
    a LIKE with any number of `%`."""

    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # PostgreSQL's default escape character is the backslash; SQLite has none by default.
        escape = " ESCAPE '\\'" if connection.vendor == "sqlite" else ""
        return f"{lhs} LIKE {rhs}{escape}", [*lhs_params, *rhs_params]


def pattern_q(column: str, text: str) -> Q:
    """`text` (see `search_parts`) on a folded column holding one value (a name): one LIKE,
    the parts in the given order (like Fritekst); without a star it means "contains"."""
    return Q(_Like(F(column), _like_pattern(search_parts(text))))


def _regex_literal(text: str) -> str:
    """`text` as a literal in a regular expression that PostgreSQL (ARE) and Python's re (used
    for SQLite) read alike: every character that is not a letter, digit or space escaped."""
    return "".join(c if c.isalnum() or c == " " else "\\" + c for c in text)


class _WithinOneValue(Lookup):
    """A pattern of `search_parts` (with a star inside) matching one whole value of a search
    document (values between SEARCH_SEPARATOR), the parts in the given order. A LIKE cannot
    keep the parts within one value, so this is a regular expression, written for each engine
    so that neither backtracks:
    - PostgreSQL's engine (ARE) runs an expression without back-references as an automaton,
      in time linear in the text, and pg_trgm's GIN indexes serve it.
    - SQLite's REGEXP is Python's re, which backtracks: `[^\\n]*a[^\\n]*a…b` retries every
      split of a value (seconds at 150 characters and four stars). Each inner part is
      therefore an atomic group taking the part's first occurrence: the earliest occurrence
      leaves the most room for the parts after it, so nothing is lost by never retrying."""

    prepare_rhs = False

    def _expression(self, *, atomic: bool) -> str:
        first, *inner, last = self.rhs
        any_run = f"[^{SEARCH_SEPARATOR}]*"
        if atomic:
            body = "".join(f"(?>{any_run}?{_regex_literal(part)})" for part in inner)
        else:
            body = "".join(any_run + _regex_literal(part) for part in inner)
        return f"{SEARCH_SEPARATOR}{_regex_literal(first)}{body}{any_run}{_regex_literal(last)}{SEARCH_SEPARATOR}"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} ~ %s", [*lhs_params, self._expression(atomic=False)]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} REGEXP %s", [*lhs_params, self._expression(atomic=True)]


def text_q(text: str, column: str = "text") -> Q:
    """A Fritekst pattern (see `search_parts`) on a search document (`UnitSearch.text`,
    `UnitVersion.search_text`: folded values between newlines), matching within one value.
    The common shapes are plain LIKEs, which PostgreSQL rechecks far faster than a regular
    expression: "tekst" (contains), "tekst*" (a value starts with it: it follows a separator),
    "*tekst" (a value ends with it), "*tekst*". Anything else ("a*b") is `_WithinOneValue`,
    behind the LIKE of its parts in order across the document: necessary for a match, it lets
    SQLite run the regular expression (a Python call per row) only on the few candidates."""
    parts = search_parts(text)
    if len(parts) == 1:
        return Q(**{f"{column}__contains": parts[0]})
    if len(parts) == 2 and not parts[0]:
        return Q(**{f"{column}__contains": parts[1] + SEARCH_SEPARATOR})
    if len(parts) == 2 and not parts[1]:
        return Q(**{f"{column}__contains": SEARCH_SEPARATOR + parts[0]})
    if len(parts) == 3 and not parts[0] and not parts[2]:
        return Q(**{f"{column}__contains": parts[1]})
    candidates = _like_pattern(
        ["", SEARCH_SEPARATOR + parts[0], *parts[1:-1], parts[-1] + SEARCH_SEPARATOR, ""]
    )
    return Q(_Like(F(column), candidates)) & Q(_WithinOneValue(F(column), tuple(parts)))


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
    on = on or services.today()
    keys = UnitSearch.objects.all()
    if not show_closed:
        keys = keys.filter(_open_on(on))
    units_qs = Unit.objects.select_related("unit_type")
    unit_conditions = False  # any condition on the units themselves (SDS's "mine" is every unit)
    if mine and permissions.is_municipal_admin(user):
        units_qs, unit_conditions = units_qs.filter(tree_id__in=Subquery(_scope_tree_ids(user))), True
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
            match = text_q(fritekst)
        except ValidationError as exc:
            refused["fritekst"] = exc.messages
        else:
            digits = "".join(fritekst.split())
            if digits != fritekst.strip() and digits.replace("*", "").replace("+", "").isdigit():
                match |= text_q(digits)  # "4812 3456" finds 48 12 34 56 (no longer than fritekst)
            keys = keys.filter(match)
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
    "tree_id",
    "lft",
    "rght",
    "level",
    "unit_type__name",
)


def _scope_tree_ids(user):
    return AdministratorScope.objects.filter(user=user).values("institution_owner__tree_id")


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
            Unit.objects.filter(pk__in=RawSQL(sql, ids))
            .order_by()
            .only("pk", "name", "sor_id", "parent_id", "level")
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


# --- reference data for forms ---------------------------------------------------------------


def unit_types_matching(text: str, *, owner_types: bool = False, limit: int = 20) -> list[UnitType]:
    """Enhedstyper whose name contains `text` (case-insensitive, æøå-aware), best first: names
    that start with it before names that merely contain it."""
    queryset = UnitType.objects.filter(is_owner_type=owner_types)
    text = (text or "").strip()
    if text:
        folded = fold_name(text)
        queryset = queryset.alias(f_name=fold("name")).filter(f_name__contains=folded)
        matches = list(queryset.order_by("name"))
        matches.sort(key=lambda t: (not t.name.lower().startswith(folded), t.name))
        return matches[:limit]
    return list(queryset.order_by("name")[:limit])


def unit_type_by_name(text: str, *, owner_types: bool = False) -> UnitType | None:
    text = (text or "").strip()
    if not text:
        return None
    queryset = UnitType.objects.filter(is_owner_type=owner_types)
    return (
        queryset.filter(code=text).first()
        or queryset.alias(f_name=fold("name")).filter(f_name=fold_name(text)).first()
    )
