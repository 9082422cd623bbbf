"""Address values used by the hierarchy services: checked, normalised and stored as shared rows.

The checks (Danish messages, each error keyed `f"{field}_<part>"`):

- every part: no control, bidi-override or invisible-only text (`sor_admin.text`);
- postnummer: 4 ASCII digits and one of the register's postnumre;
- vejnavn: at most 40 characters and known for the postnummer by the address provider. A name
  the provider does not know is refused (code "street_not_in_postal_code") where the
  postnummer's street list is complete, and otherwise needs the user's explicit confirmation
  (`AddressInput.confirm_unknown_street`; until then the error has code "unknown_street", so
  the GUI can offer a confirm checkbox);
- husnummer: 1-999 and an optional letter A-Z (DAR), e.g. 15A;
- etage: st, kl, kl1-kl9 or 1-99 (DAR's etagebetegnelse);
- dør: th, tv, mf, 1-9999, or up to 4 letters, digits, "/" and "-" (DAR's dørbetegnelse);
- etage and dør only together with a husnummer;
- the postadresse (field "postal_address") needs a husnummer: post is delivered to one.

`Address.validation` records how the street was checked: against the offline register,
Adressevælgeren, or confirmed by the user. When Adressevælgeren answers, the address also gets
its DAR identities (husnummer id, and adresse id where DAR has exactly one adresse for the
etage and dør); an address checked while the service is down is stored without them, "ikke
valideret", until `manage.py validate_addresses` finds it. An address a user has confirmed once is accepted again
unchanged without a new confirmation (a unit's other fields can be edited), as long as its
postnummer's list is not complete.
"""

import re
from dataclasses import dataclass, fields, replace

from django.core.exceptions import ValidationError

from sor_admin.text import is_ascii_digits, text_problem

from .models import Address, PostalCode
from .providers import SOURCE_OFFLINE, get_provider
from .text import clean_spaces

MSG_POSTAL_CODE_REQUIRED = "Angiv et postnummer."
MSG_POSTAL_CODE_FORMAT = "Postnummeret skal være 4 cifre, fx 3450."
MSG_POSTAL_CODE_UNKNOWN = "Postnummeret {nr} findes ikke. Vælg et gyldigt dansk postnummer."
MSG_STREET_REQUIRED = "Angiv et vejnavn."
MSG_STREET_TOO_LONG = "Vejnavnet må højst have 40 tegn."
# Short: they are shown at the Vejnavn field, in one cell of the address row.
MSG_STREET_NOT_IN_POSTAL_CODE = "«{street}» findes ikke i {nr} {city}. Vælg et vejnavn fra listen."
MSG_STREET_UNKNOWN = (
    "«{street}» findes ikke i vejregisteret for {nr} {city}. Bekræft navnet, hvis det er rigtigt."
)
MSG_HOUSE_NUMBER = (
    "Husnummeret skal være et tal fra 1 til 999, evt. efterfulgt af et bogstav A-Z, fx 15 eller 15A."
)
MSG_FLOOR = "Etagen skal være st (stuen), kl (kælder), kl1-kl9 eller et tal fra 1 til 99."
MSG_DOOR = "Døren skal være th, tv, mf, et tal fra 1 til 9999 eller højst 4 tegn af bogstaver, cifre, / og -, fx 12B."
MSG_HOUSE_NUMBER_NEEDED = "Angiv husnummer, når etage eller dør er udfyldt."
MSG_POSTAL_HOUSE_NUMBER = "Postadressen skal have et husnummer, fx 15 eller 15A."

CODE_UNKNOWN_STREET = "unknown_street"
CODE_STREET_NOT_IN_POSTAL_CODE = "street_not_in_postal_code"

_HOUSE_NUMBER = re.compile(r"^([1-9][0-9]{0,2})([A-Z]?)$")
_FLOOR = re.compile(r"^(st|kl[1-9]?|[1-9][0-9]?)$")
_DOOR_WORDS = {"th", "tv", "mf"}
_DOOR = re.compile(r"^[0-9a-zæøå/-]{1,4}$", re.IGNORECASE)
_TRUE = {"1", "true", "on", "yes", "ja"}
# Each address part as a message names it (also used by the forms' field validators).
PART_NAMES = {
    "postal_code": "Postnummeret",
    "street_name": "Vejnavnet",
    "house_number": "Husnummeret",
    "floor": "Etagen",
    "door": "Døren",
}

# Most trusted first: an existing row checked at least as well as today's check is reused.
_TRUST = [
    Address.Validation.PROVIDER,
    Address.Validation.OFFLINE,
    Address.Validation.CONFIRMED,
    Address.Validation.UNCHECKED,
]


@dataclass(frozen=True)
class AddressInput:
    postal_code: str
    street_name: str
    house_number: str = ""
    floor: str = ""
    door: str = ""
    # The user has seen the "unknown street" warning and confirms the name is right.
    confirm_unknown_street: bool = False

    @classmethod
    def from_dict(cls, data: dict | None) -> "AddressInput | None":
        if not data:
            return None
        values = {}
        for f in fields(cls):
            raw = data.get(f.name)
            if f.type in (bool, "bool"):
                values[f.name] = raw is True or str(raw or "").strip().lower() in _TRUE
            else:
                values[f.name] = (raw or "").strip()
        return cls(**values)


@dataclass(frozen=True)
class CheckedAddress:
    """A valid address value in its normal form, and how it was checked."""

    value: AddressInput
    validation: str
    municipality_code: str = ""
    notice: str = ""
    dar_id: str = ""
    dar_house_number_id: str = ""


def _normal_house_number(value: str) -> str:
    return "".join(value.split()).upper()


def _normal_floor(value: str) -> str:
    floor = "".join(value.split()).lower().rstrip(".")
    aliases = {"stuen": "st", "kælder": "kl", "kaelder": "kl"}
    floor = aliases.get(floor, floor)
    if re.fullmatch(r"k[1-9]", floor):
        floor = "kl" + floor[1:]
    return floor


def _normal_door(value: str) -> str:
    door = "".join(value.split()).rstrip(".")
    return door.lower() if door.lower() in _DOOR_WORDS else door


def _door_ok(door: str) -> bool:
    if door.lower() in _DOOR_WORDS:
        return True
    if is_ascii_digits(door):
        return 1 <= int(door) <= 9999 and not door.startswith("0")
    return bool(_DOOR.match(door))


def address_check(value: AddressInput, *, field: str) -> CheckedAddress:
    """Check an address without storing it. Raises ValidationError keyed `f"{field}_<part>"`.
    `field` also names the role: the postadresse ("postal_address") needs a husnummer."""
    errors: dict[str, ValidationError] = {}

    def err(part, message, code):
        errors.setdefault(f"{field}_{part}", ValidationError(message, code=code))

    # First, so a part with forbidden characters gets that message rather than a format one.
    for part, what in PART_NAMES.items():
        problem = text_problem((getattr(value, part) or "").strip(), what=what)
        if problem:
            err(part, problem, "invalid_characters")

    nr = (value.postal_code or "").strip()
    postal_code = None
    if not nr:
        err("postal_code", MSG_POSTAL_CODE_REQUIRED, "required")
    elif not (len(nr) == 4 and is_ascii_digits(nr)):
        err("postal_code", MSG_POSTAL_CODE_FORMAT, "invalid")
    else:
        postal_code = PostalCode.objects.filter(nr=nr).first()
        if postal_code is None:
            err("postal_code", MSG_POSTAL_CODE_UNKNOWN.format(nr=nr), "unknown_postal_code")

    street = clean_spaces(value.street_name)
    if not street:
        err("street_name", MSG_STREET_REQUIRED, "required")
    elif len(street) > 40:
        err("street_name", MSG_STREET_TOO_LONG, "invalid")

    house_number = _normal_house_number(value.house_number or "")
    if house_number and not _HOUSE_NUMBER.match(house_number):
        err("house_number", MSG_HOUSE_NUMBER, "invalid")
    floor = _normal_floor(value.floor or "")
    if floor and not _FLOOR.match(floor):
        err("floor", MSG_FLOOR, "invalid")
    door = _normal_door(value.door or "")
    if door and not _door_ok(door):
        err("door", MSG_DOOR, "invalid")
    if (floor or door) and not house_number:
        err("house_number", MSG_HOUSE_NUMBER_NEEDED, "required")
    elif field == "postal_address" and not house_number:
        err("house_number", MSG_POSTAL_HOUSE_NUMBER, "required")

    validation = Address.Validation.UNCHECKED
    municipality_code = ""
    notice = ""
    if postal_code is not None and f"{field}_street_name" not in errors:
        result = get_provider().street_match(postal_code.nr, street, known=postal_code)
        notice = result.notice
        match = result.first()
        if match is not None:
            street = match.name
            validation = (
                Address.Validation.OFFLINE if result.source == SOURCE_OFFLINE else Address.Validation.PROVIDER
            )
            municipality_code = result.extra.get("municipality_code") or match.municipality_code
        elif result.complete:
            err(
                "street_name",
                MSG_STREET_NOT_IN_POSTAL_CODE.format(street=street, nr=postal_code.nr, city=postal_code.name),
                CODE_STREET_NOT_IN_POSTAL_CODE,
            )
        elif value.confirm_unknown_street or _confirmed_before(
            postal_code.nr, street, house_number, floor, door
        ):
            validation = Address.Validation.CONFIRMED
        else:
            err(
                "street_name",
                MSG_STREET_UNKNOWN.format(street=street, nr=postal_code.nr, city=postal_code.name),
                CODE_UNKNOWN_STREET,
            )
        if not municipality_code and len(postal_code.municipality_codes or []) == 1:
            municipality_code = postal_code.municipality_codes[0]

    if errors:
        raise ValidationError(errors)
    normal = replace(
        value, postal_code=nr, street_name=street, house_number=house_number, floor=floor, door=door
    )
    dar = DarIdentity()
    if validation == Address.Validation.PROVIDER and house_number:
        dar = dar_identity(normal)
        notice = notice or dar.notice
        municipality_code = municipality_code or dar.municipality_code
    return CheckedAddress(normal, validation, municipality_code, notice, dar.dar_id, dar.dar_house_number_id)


@dataclass(frozen=True)
class DarIdentity:
    dar_id: str = ""
    dar_house_number_id: str = ""
    municipality_code: str = ""
    notice: str = ""


def dar_identity(value: AddressInput) -> DarIdentity:
    """The national register's identities of a normalised address, when the provider can tell."""
    result = get_provider().dar_match(
        value.postal_code, value.street_name, value.house_number, value.floor, value.door
    )
    hit = result.first()
    if hit is None:
        return DarIdentity(notice=result.notice)
    return DarIdentity(hit.dar_id, hit.dar_house_number_id, hit.municipality_code, result.notice)


def _confirmed_before(nr: str, street: str, house_number: str, floor: str, door: str) -> bool:
    """This exact address was confirmed by a user before: re-saving it unchanged (as happens when
    another field of the unit is edited) needs no new confirmation while the list is incomplete."""
    return Address.objects.filter(
        postal_code_id=nr,
        street_name=street,
        house_number=house_number,
        floor=floor,
        door=door,
        validation=Address.Validation.CONFIRMED,
    ).exists()


def address_get_or_create(value: AddressInput, *, field: str) -> Address:
    """Validate and return the shared row for this address value. `field` names the form field
    an error belongs to (e.g. "postal_address")."""
    checked = address_check(value, field=field)
    v = checked.value
    value_lookup = {
        "street_name": v.street_name,
        "house_number": v.house_number,
        "floor": v.floor,
        "door": v.door,
        "postal_code_id": v.postal_code,
    }
    # With its postal code: the unit's search keys and snapshot read it (no query each).
    same_value = Address.objects.filter(**value_lookup).select_related("postal_code")
    # Reuse the most trusted existing row that was checked at least as well as now, so an
    # unchanged address re-saved (or checked offline while the service is down) keeps its row
    # and a unit's version history shows no change that is not one.
    acceptable = _TRUST[: _TRUST.index(checked.validation) + 1]
    existing = sorted(
        same_value.filter(validation__in=acceptable), key=lambda a: (_TRUST.index(a.validation), a.pk)
    )
    if checked.dar_house_number_id:
        # Checked against DAR now: only a row with the same identities is the same address.
        existing = [
            a
            for a in existing
            if (a.dar_id, a.dar_house_number_id) == (checked.dar_id, checked.dar_house_number_id)
        ]
    if existing:
        return existing[0]
    address, _ = Address.objects.get_or_create(
        **value_lookup,
        dar_id=checked.dar_id,
        dar_house_number_id=checked.dar_house_number_id,
        municipality_code=checked.municipality_code,
        validation=checked.validation,
    )
    return address
