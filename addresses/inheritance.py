"""A unit's effective addresses and contact details under SOR's inheritance rules (SOR XML
documentation v2, see shared reference sor-domain.md §1.5):

- postadresse: a unit without its own inherits its parent's (and so on up the tree);
- besøgsadresse: "samme som postadresse", or missing, means the unit's (effective) postadresse;
- aktivitetsadresse (OE only): "samme som besøgsadresse", or missing, means the effective
  besøgsadresse;
- kontaktoplysninger (telefon, e-mail, hjemmeside, SOR's VirtualAddressInformation, one block):
  a unit with none of the three inherits the block of the nearest ancestor that has any.

Works on any unit-like object with `name`, `parent` and the address attributes of
`hierarchy.models.UnitAttributes` (a `Unit`, or a test stand-in). "Samme som" is resolved when
read, never copied, so it follows its source whenever that changes.
"""

from dataclasses import dataclass

MAX_DEPTH = 100  # far deeper than any SOR tree; stops a broken (cyclic) parent chain

SAME_AS_POSTAL = "postal"
SAME_AS_VISITING = "visiting"


@dataclass(frozen=True)
class Contact:
    phone: str = ""
    email: str = ""
    website: str = ""

    def __bool__(self) -> bool:
        return bool(self.phone or self.email or self.website)


@dataclass(frozen=True)
class Effective:
    """An effective value; `holder` is the unit it is registered on (None when no unit has one)."""

    value: object
    holder: object = None
    inherited: bool = False
    same_as: str = ""

    @property
    def note(self) -> str:
        """Danish explanation for the GUI, e.g. "Samme som postadresse, nedarvet fra Allerød Kommune"."""
        parts = []
        if self.same_as == SAME_AS_POSTAL:
            parts.append("Samme som postadresse")
        elif self.same_as == SAME_AS_VISITING:
            parts.append("Samme som besøgsadresse")
        if self.inherited and self.holder is not None:
            parts.append(f"nedarvet fra {self.holder.name}")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]


def _lineage(unit):
    node, depth = unit, 0
    while node is not None and depth < MAX_DEPTH:
        yield node
        node, depth = getattr(node, "parent", None), depth + 1


def effective_postal_address(unit) -> Effective:
    for node in _lineage(unit):
        if getattr(node, "postal_address", None) is not None:
            return Effective(node.postal_address, node, inherited=node is not unit)
    return Effective(None)


def effective_visiting_address(unit) -> Effective:
    own = getattr(unit, "visiting_address", None)
    if getattr(unit, "visiting_same_as_postal", True) or own is None:
        postal = effective_postal_address(unit)
        return Effective(postal.value, postal.holder, postal.inherited, SAME_AS_POSTAL)
    return Effective(own, unit)


def effective_activity_address(unit) -> Effective | None:
    """None for IE and SI: only organisational units have an aktivitetsadresse."""
    if getattr(unit, "kind", "OE") != "OE":
        return None
    own = getattr(unit, "activity_address", None)
    if getattr(unit, "activity_same_as_visiting", True) or own is None:
        visiting = effective_visiting_address(unit)
        return Effective(visiting.value, visiting.holder, visiting.inherited, SAME_AS_VISITING)
    return Effective(own, unit)


def effective_contact(unit) -> Effective:
    for node in _lineage(unit):
        contact = Contact(
            phone=getattr(node, "phone", "") or "",
            email=getattr(node, "email", "") or "",
            website=getattr(node, "website", "") or "",
        )
        if contact:
            return Effective(contact, node, inherited=node is not unit)
    return Effective(Contact())


def effective_details(unit) -> dict[str, Effective | None]:
    """All four for a details panel: keys postal, visiting, activity (None for IE/SI), contact."""
    return {
        "postal": effective_postal_address(unit),
        "visiting": effective_visiting_address(unit),
        "activity": effective_activity_address(unit),
        "contact": effective_contact(unit),
    }
