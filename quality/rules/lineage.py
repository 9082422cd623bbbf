"""What each unit inherits, for the whole register in one statement: a recursive CTE that walks
every tree from its IE down the parent links, carrying what `hierarchy/inheritance.py` says a
unit inherits. It is that module's rules in SQL (the rules live there, for one unit at a time;
a run over 100,000 units cannot fold each lineage in Python):

- the contact block: a unit with any of telefon, e-mail, hjemmeside has its own block, else the
  nearest ancestor's (`inheritance.inherit`, `contact_value`); so `phone` is the telephone of
  the block the unit shows, empty when that block has none;
- the postadresse: the unit's own, else the nearest ancestor's (`postal`);
- and what the genoptræning rule needs: the IE's ejertype (its `owner_type`, or its enhedstype
  when none is set: a kommune's IE has the type "kommune") and the type of the nearest SI above
  (or the unit itself, if an SI).

Both SQLite and PostgreSQL run it; the CASTs give both terms of the recursion the same column
types, which PostgreSQL requires.
"""

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from hierarchy.models import Unit

_HAS_CONTACT = "(u.phone <> '' OR u.email <> '' OR u.website <> '')"

LINEAGE = f"""
WITH RECURSIVE lineage (id, owner_type, si_type, phone, postal) AS (
    SELECT u.id,
           CAST(COALESCE(u.owner_type_id, u.unit_type_id) AS VARCHAR(20)),
           CAST(NULL AS VARCHAR(20)),
           CAST(CASE WHEN {_HAS_CONTACT} THEN u.phone ELSE '' END AS VARCHAR(20)),
           u.postal_address_id
    FROM hierarchy_unit u
    WHERE u.parent_id IS NULL
    UNION ALL
    SELECT u.id,
           l.owner_type,
           CAST(CASE WHEN u.kind = 'SI' THEN u.unit_type_id ELSE l.si_type END AS VARCHAR(20)),
           CAST(CASE WHEN {_HAS_CONTACT} THEN u.phone ELSE l.phone END AS VARCHAR(20)),
           COALESCE(u.postal_address_id, l.postal)
    FROM hierarchy_unit u
    JOIN lineage l ON u.parent_id = l.id
)
"""


def where(units: QuerySet[Unit], condition: str, params: list | tuple = ()) -> QuerySet[Unit]:
    """`units` whose lineage row meets `condition` (SQL over the columns id, owner_type,
    si_type, phone, postal)."""
    return units.filter(pk__in=RawSQL(f"{LINEAGE} SELECT id FROM lineage WHERE {condition}", list(params)))


def placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))
