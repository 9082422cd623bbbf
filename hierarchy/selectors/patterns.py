"""SOR search patterns (R8) as query conditions: `*` at either end or inside, folded like the
search keys (`models.fold_name`), bounded so every query stays small. Shared by the GUI's search
and the API's."""

from django.core.exceptions import ValidationError
from django.db.models import F, Lookup, Q

from ..models import SEARCH_SEPARATOR, fold_name

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


def fritekst_q(text: str, column: str = "text") -> Q:
    """The Fritekst criterion of both searches (the GUI's over today's units, the API's over the
    versions on a date): `text_q`, and for a spaced telephone number ("4812 3456", "+45 48 12 34
    56") also its digits run together, which the document holds (`search_keys.unit_values`)."""
    match = text_q(text, column)
    digits = "".join(text.split())
    if digits != text.strip() and digits.replace("*", "").replace("+", "").isdigit():
        match |= text_q(digits, column)  # no longer than the text, so within its bounds
    return match
