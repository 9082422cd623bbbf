"""Reads of the offline address register (the tables loaded from data/dk and by import_streets).

Street type-ahead reads one table, `StreetPostalCode`, filtered by postnummer (index on
postnummer + search key) and matches the query anywhere in the name, prefix matches first,
through the folded `name_search` column (addresses.text.search_key), so æøå and case behave the
same on SQLite and PostgreSQL; PostgreSQL can also use a trigram index (migration 0005).
"""

from typing import NamedTuple

from django.db import connection
from django.db.models import Case, IntegerField, Value, When

from .models import PostalCode, Street, StreetPostalCode
from .text import danish_sort_key, search_key

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def postal_code_get(nr: str) -> PostalCode | None:
    nr = (nr or "").strip()
    if not (len(nr) == 4 and nr.isdigit()):
        return None
    return PostalCode.objects.filter(nr=nr).first()


def _rank(key: str):
    return Case(
        When(name_search__startswith=key, then=Value(0)), default=Value(1), output_field=IntegerField()
    )


def postal_code_search(q: str, *, limit: int = DEFAULT_LIMIT) -> list[PostalCode]:
    """Postnumre whose number starts with the digits typed, or whose town name contains the
    text typed ("lyng", "aarhus", "århus"); "3450 all" combines both."""
    q = (q or "").strip()
    if not q:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    if q.isdigit():
        return list(PostalCode.objects.filter(nr__startswith=q).order_by("nr")[:limit])
    number, _, rest = q.partition(" ")
    rows = PostalCode.objects.all()
    if number.isdigit() and rest:
        rows = rows.filter(nr__startswith=number)
        q = rest
    key = search_key(q)
    return list(
        rows.filter(name_search__contains=key).annotate(rank=_rank(key)).order_by("rank", "nr")[:limit]
    )


class StreetName(NamedTuple):
    name: str
    municipality_code: str
    code: str


# The type-ahead runs on every key press, so it is one hand-written statement (portable SQLite
# and PostgreSQL SQL): the inner query is an index-only scan of one postnummer's search keys
# (migration 0005) that picks the best ids, prefix matches first; the outer one reads just those
# streets. Built through the ORM the same query spent several times longer in Python.
_STREETS = Street._meta.db_table
_LINKS = StreetPostalCode._meta.db_table
_SEARCH_SQL = f"""
SELECT s.name, s.municipality_code, s.code FROM {_STREETS} s WHERE s.id IN (
    SELECT l.street_id FROM {_LINKS} l
    WHERE l.postal_code_id = %s AND l.name_search LIKE %s ESCAPE '\\'
    ORDER BY CASE WHEN l.name_search LIKE %s ESCAPE '\\' THEN 0 ELSE 1 END, l.name_search
    LIMIT %s
)
"""
_LIST_SQL = f"""
SELECT s.name, s.municipality_code, s.code FROM {_STREETS} s WHERE s.id IN (
    SELECT l.street_id FROM {_LINKS} l WHERE l.postal_code_id = %s ORDER BY l.name_search LIMIT %s
)
"""


def street_search_sql(nr: str, key: str, limit: int) -> tuple[str, list]:
    """The statement behind `street_search` for a search key (`search_key(q)`)."""
    if not key:
        return _LIST_SQL, [nr, limit]
    like = connection.ops.prep_for_like_query(key)
    return _SEARCH_SQL, [nr, f"%{like}%", f"{like}%", limit]


def street_search(nr: str, q: str, *, limit: int = DEFAULT_LIMIT) -> list[StreetName]:
    """Streets of the postnummer matching `q` (prefix or infix, case- and æøå-insensitive);
    prefix matches first, then Danish alphabetical order. An empty `q` lists the first streets.
    A name that is two vejstykker (in two kommuner sharing the postnummer) is offered once."""
    limit = max(1, min(limit, MAX_LIMIT))
    key = search_key(q)
    # A few extra rows, so names found twice do not shorten the list.
    sql, params = street_search_sql(nr, key, limit + 10)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = [StreetName(*row) for row in cursor.fetchall()]
    found.sort(
        key=lambda s: (not search_key(s.name).startswith(key), danish_sort_key(s.name), s.municipality_code)
    )
    names, result = set(), []
    for street in found:
        if street.name not in names:
            names.add(street.name)
            result.append(street)
    return result[:limit]


def street_match(nr: str, name: str) -> list[Street]:
    """The streets of the postnummer with exactly this name (ignoring case, spacing and æøå
    spelling); more than one when kommuner sharing the postnummer both have it."""
    key = search_key(name)
    if not key:
        return []
    return list(
        Street.objects.filter(postal_links__postal_code_id=nr, postal_links__name_search=key).order_by(
            "municipality_code", "code"
        )
    )


def municipality_of(streets: list[Street], postal_code: PostalCode) -> str:
    """The kommunekode an address on these streets lies in, when it is unambiguous."""
    codes = {street.municipality_code for street in streets}
    if len(codes) == 1:
        return codes.pop()
    if not codes and len(postal_code.municipality_codes or []) == 1:
        return postal_code.municipality_codes[0]
    return ""
