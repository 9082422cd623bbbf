"""Search keys and sort order for Danish names.

Search keys are computed in Python and stored in a column, so SQLite (whose LOWER() and LIKE
only fold ASCII) and PostgreSQL compare the same plain lower-case text and one trigram index
serves prefix and infix search.
"""

import unicodedata

# Spelled out the way Danes type them without a Danish keyboard, so "gadekaer" finds
# "Gadekæret" and "aarhus" finds "Århus"; applied to the stored names and the query alike.
_SPELL_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe"})

# Danish alphabetical order puts æ, ø, å after z, and "aa" counts as "å".
_DANISH_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def search_key(text: str) -> str:
    """Lower-case, æøå spelled out, other accents dropped, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text or "").lower().translate(_SPELL_OUT)
    return " ".join(_strip_accents(folded).split())


def danish_sort_key(text: str) -> str:
    lowered = unicodedata.normalize("NFC", text or "").lower().replace("aa", "å")
    return _strip_accents(lowered.translate(_DANISH_ORDER))


def clean_spaces(text: str) -> str:
    return " ".join((text or "").split())


def address_line(
    street: str, house_number: str = "", floor: str = "", door: str = "", postnr: str = "", city: str = ""
) -> str:
    """An address written the Danish way, as DAR's adressebetegnelse writes it:
    "Ved Gadekæret 15A, 2. 222, 3540 Lynge", "Bjarkesvej 15A, st. th, 3450 Allerød"."""
    line = " ".join(part for part in (street, house_number) if part)
    unit = " ".join(part for part in (floor and f"{floor}.", door) if part)
    town = " ".join(part for part in (postnr, city) if part)
    return ", ".join(part for part in (line, unit, town) if part)
