"""What a unit inherits, and from whom: the one place for SOR's rules on addresses, contact
details and the lokationsnummer. The details panel, the SOR XML and SorEntity exports, the JSON
API, the unit services' impact of a move or close and an omstrukturering's impact report all read
their effective values from here.

The rules are SOR's (SOR XML documentation v2 §1.5, see the shared reference sor-domain.md),
which SOR states per block of the XML, not per field:

- postadresse (`PostalAddressInformation`): a unit without its own has the nearest ancestor's;
- besøgsadresse: "samme som postadresse" (or none registered, which SOR reads the same way) is
  the unit's effective postadresse, inherited or not; it is never taken from an ancestor;
- aktivitetsadresse (OE only): "samme som besøgsadresse" (or none) is the effective besøgsadresse;
- kontaktoplysninger (telefon, e-mail, hjemmeside: SOR's `VirtualAddressInformation`, one block):
  a unit with none of the three has the block of the nearest ancestor that has any; a unit with
  any of them has its own block, and the others stay empty (they are not filled in field by field
  from above). So an SI with its own e-mail and no telephone shows, exports and serves its own
  e-mail and no telephone. Fax, which SOR keeps in the same block, is an imported SOR extra that
  the register does not edit, so it does not decide what is inherited.

- lokationsnummer (GLN, R6 of the design): a unit's is its own, else its nearest ancestor's
  (own or inherited in turn); none when no unit on the way up has one.

"Samme som" is resolved when read, never copied, so it follows its source when that changes.

The rules work on any holder of `hierarchy.models.UnitAttributes` (a `Unit` for today's view, a
`UnitVersion` for a date) and cost no queries: `resolve` folds a lineage the caller has loaded
(the details panel in one query, the API per date), and `inherit` takes one step from the
parent's result, which is how the export streams the register in tree order keeping only the
path from the IE down.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .models import Unit

# Plain (not frozen) slotted dataclasses: the export builds a few per unit of the register, and
# frozen ones cost twice as much to build.


@dataclass(slots=True)
class Contact:
    phone: str = ""
    email: str = ""
    website: str = ""

    def __bool__(self) -> bool:
        return bool(self.phone or self.email or self.website)


def own_contact(holder) -> Contact:
    """The unit's own contact block (empty when it has none and so inherits one)."""
    return Contact(holder.phone or "", holder.email or "", holder.website or "")


@dataclass(slots=True)
class Value:
    """An effective value: `holder` is the unit (or version) it is registered on, None when no
    unit on the way up has one; `inherited` when that holder is an ancestor."""

    value: object
    holder: object = None
    inherited: bool = False

    @property
    def source(self):
        """The ancestor the value comes from, None when it is the unit's own (or missing)."""
        return self.holder if self.inherited else None


@dataclass(slots=True)
class Effective:
    """A unit's effective addresses and contact block. `activity_address` is None except for
    an OE."""

    holder: object
    postal_address: Value
    visiting_address: Value
    activity_address: Value | None
    contact: Value  # value: a Contact


def _passed_down(item: Value, parent: "Effective") -> Value:
    if not item.value:
        return Value(item.value)
    return Value(item.value, item.holder if item.holder is not None else parent.holder, inherited=True)


def inherit(holder, parent: Effective | None, *, kind: str) -> Effective:
    """The effective values of `holder` (of level `kind`: IE, SI or OE), given its parent's
    (None for an IE, or when the parent is not known)."""
    if holder.postal_address is not None:
        postal = Value(holder.postal_address, holder)
    elif parent is not None:
        postal = _passed_down(parent.postal_address, parent)
    else:
        postal = Value(None)
    if holder.visiting_same_as_postal or holder.visiting_address is None:
        visiting = postal
    else:
        visiting = Value(holder.visiting_address, holder)
    activity = None
    if kind == Unit.Kind.ORGANISATIONAL_UNIT:
        if holder.activity_same_as_visiting or holder.activity_address is None:
            activity = visiting
        else:
            activity = Value(holder.activity_address, holder)
    contact = own_contact(holder)
    if contact:
        contact_value = Value(contact, holder)
    elif parent is not None:
        contact_value = _passed_down(parent.contact, parent)
    else:
        contact_value = Value(Contact())
    return Effective(holder, postal, visiting, activity, contact_value)


def resolve(lineage: Sequence, *, kind: str) -> Effective:
    """The effective values of `lineage[0]` (of level `kind`), its ancestors following nearest
    first, up to the IE (or as far as the caller knows them)."""
    effective = None
    for ancestor in reversed(lineage[1:]):
        # No unit inherits an aktivitetsadresse, so the ancestors' are not worked out (kind "").
        effective = inherit(ancestor, effective, kind="")
    return inherit(lineage[0], effective, kind=kind)


# --- the lokationsnummer (R6) --------------------------------------------------------------------

N = TypeVar("N")  # a lokationsnummer, or whatever stands for one (its id, its GLN)
K = TypeVar("K", bound=Hashable)  # a unit, by whatever identifies it (its id)

MAX_DEPTH = 100  # no tree is this deep; a longer chain of parents is a cycle and inherits nothing


def location_number(own: N | None, parents: N | None) -> N | None:
    """R6, one step down the tree: the unit's own lokationsnummer, else the one its parent has
    (own or inherited). The export streams the register in tree order with this."""
    return own if own is not None else parents


def lineage_location_number(lineage: Iterable[K], own: Mapping[K, N]) -> N | None:
    """R6 for one unit: `lineage` is the unit then its ancestors, nearest first; `own` maps a unit
    to the lokationsnummer registered on it (units without one absent)."""
    found: N | None = None
    for unit in reversed(list(lineage)):
        found = location_number(own.get(unit), found)
    return found


def location_numbers(
    units: Iterable[K], parent: Mapping[K, K | None], own: Mapping[K, N]
) -> dict[K, N | None]:
    """R6 for many units at once: each unit's lokationsnummer, own or inherited, following the
    `parent` links (a unit missing from `parent`, or with None, is a top). Each unit on a chain is
    worked out once, so the cost is linear in the units reached."""
    result: dict[K, N | None] = {}
    for start in units:
        path: list[K] = []
        node: K | None = start
        found: N | None = None
        while node is not None:
            if node in result:
                found = result[node]
                break
            path.append(node)
            if node in own or len(path) > MAX_DEPTH:
                break
            node = parent.get(node)
        # Down the path from the top of what was walked: each unit takes its own or its parent's.
        for unit in reversed(path):
            found = None if len(path) > MAX_DEPTH else location_number(own.get(unit), found)
            result[unit] = found
    return result
