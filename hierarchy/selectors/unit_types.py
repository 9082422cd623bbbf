"""Enhedstyper for the forms' type-ahead and for reading a typed name back, case-insensitive
and æøå-aware on SQLite and PostgreSQL alike."""

from django.db.models import F, Value
from django.db.models.functions import Lower, Replace

from ..models import UnitType, fold_name

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
