"""What a unit inherits, and from whom: the one place for SOR's rules on addresses and contact
details. The details panel, the SOR XML and SorEntity exports and the JSON API all read their
effective values from here.

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

"Samme som" is resolved when read, never copied, so it follows its source when that changes.

The rules work on any holder of `hierarchy.models.UnitAttributes` (a `Unit` for today's view, a
`UnitVersion` for a date) and cost no queries: `resolve` folds a lineage the caller has loaded
(the details panel in one query, the API per date), and `inherit` takes one step from the
parent's result, which is how the export streams the register in tree order keeping only the
path from the IE down.
"""

from collections.abc import Sequence
from dataclasses import dataclass

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
