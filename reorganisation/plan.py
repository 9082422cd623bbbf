"""The plan file of an omstrukturering (JSON) and its shape: read, checked field by field with
Danish messages, no database. The README documents the format; `resolve` turns a plan's
selectors into SOR-koder on the effective date.

    {"name": ..., "case_number": ..., "reason": ..., "effective_date": "01-01-2027",
     "operations": [{"op": "create" | "move" | "rename" | "change_type" | "close" | "replace"
                     | "scope_add" | "scope_remove" | "move_scopes", ...}, ...]}

A unit is named by a selector: {"ref": "<a unit created earlier in the plan>"},
{"sor_id": "..."}, {"region_code": "1084"} (the region's IE, by the region's name in the
kommune list) or {"kind": "IE"|"SI"|"OE", "name": "...", "under": <selector>} (exactly one
match); a move may name many units with {"children_of": <selector>, "kind": "SI"}.
"""

import json
from dataclasses import dataclass, field, fields
from datetime import date

from django.core.exceptions import ValidationError

from addresses.services import AddressInput
from hierarchy import contact
from sor_admin.ui.forms import DATE_INPUT_FORMATS, DanishDateField

KINDS = ("IE", "SI", "OE")
OPERATIONS = {
    "create": {"required": ("kind", "name", "unit_type"), "units": ("parent", "copy_from")},
    "move": {"required": ("to",), "units": ("unit", "to")},
    "rename": {"required": ("unit", "name"), "units": ("unit",)},
    "change_type": {"required": ("unit", "unit_type"), "units": ("unit",)},
    "close": {"required": ("unit",), "units": ("unit",)},
    "replace": {"required": ("unit", "by"), "units": ("unit", "by")},
    "scope_add": {"required": ("user", "ie"), "units": ("ie",)},
    "scope_remove": {"required": ("user", "ie"), "units": ("ie",)},
    "move_scopes": {"required": ("from", "to"), "units": ("from", "to")},
}
OP_LABELS = {
    "create": "opret",
    "move": "flyt",
    "rename": "omdøb",
    "change_type": "skift enhedstype",
    "close": "luk",
    "replace": "erstattet af",
    "scope_add": "giv administratoransvar",
    "scope_remove": "fjern administratoransvar",
    "move_scopes": "flyt administratoransvar",
}

MSG_NOT_JSON = "Planen er ikke gyldig JSON: {error}."
MSG_NOT_OBJECT = (
    "Planen skal være et JSON-objekt med name, case_number, reason, effective_date og operations."
)
MSG_MISSING = "{where}: «{key}» mangler."
MSG_TEXT = "{where}: «{key}» skal være en tekst."
MSG_DATE = "{where}: «{value}» er ikke en dato. Skriv dd-mm-åååå, f.eks. 01-01-2027."
MSG_NO_OPERATIONS = "Planen har ingen operationer."
MSG_UNKNOWN_OP = "{where}: ukendt operation «{op}». Mulige: {ops}."
MSG_KIND = "{where}: «kind» skal være IE, SI eller OE."
MSG_SELECTOR = (
    '{where}: «{key}» skal udpege en enhed: {{"ref": …}}, {{"sor_id": …}} eller {{"kind": …, "name": …}}.'
)
MSG_MOVE_UNITS = '{where}: angiv «unit» (én enhed) eller «units» (en liste eller {{"children_of": …}}).'
MSG_ADDRESS = (
    "{where}: «postal_address» skal være et objekt med postal_code, street_name, house_number, floor og door."
)
MSG_FLAG = "{where}: «{key}» skal være true eller false."
MSG_UNKNOWN_KEY = "{where}: ukendt felt «{key}»."
MSG_REF_TAKEN = "{where}: ref «{ref}» er brugt før i planen."
MSG_REF_UNKNOWN = "{where}: ref «{ref}» er ikke oprettet tidligere i planen."


def parse_day(value) -> date | None:
    """A date as the GUI's date fields read it (dd-mm-åååå, also ISO), or None."""
    if not isinstance(value, str):
        return None
    try:
        return DanishDateField(input_formats=DATE_INPUT_FORMATS).to_python(value.strip())
    except ValidationError:
        return None


@dataclass
class Plan:
    name: str
    case_number: str
    reason: str
    effective_date: date
    operations: list[dict] = field(default_factory=list)


def where(index: int, op: dict | None = None) -> str:
    label = OP_LABELS.get((op or {}).get("op"), "")
    return f"Operation {index}" + (f" ({label})" if label else "")


def _check_selector(value, key: str, at: str, refs: set[str], errors: list[str]) -> None:
    if not isinstance(value, dict):
        errors.append(MSG_SELECTOR.format(where=at, key=key))
    elif "ref" in value:
        if value["ref"] not in refs:
            errors.append(MSG_REF_UNKNOWN.format(where=at, ref=value["ref"]))
    elif "sor_id" in value:
        if not isinstance(value["sor_id"], str):
            errors.append(MSG_SELECTOR.format(where=at, key=key))
    elif "region_code" in value:
        if not isinstance(value["region_code"], str):
            errors.append(MSG_SELECTOR.format(where=at, key=key))
    elif "name" in value and value.get("kind") in KINDS:
        if "under" in value:
            _check_selector(value["under"], f"{key}.under", at, refs, errors)
    else:
        errors.append(MSG_SELECTOR.format(where=at, key=key))


# What a create may carry beside its unit fields (engine.Run.create reads them).
CREATE_TEXTS = (*contact.FIELDS, "sor_id")
# The postal address is an AddressInput: its text parts and its flag.
ADDRESS_TEXTS = tuple(f.name for f in fields(AddressInput) if f.type in (str, "str"))
ADDRESS_FLAGS = tuple(f.name for f in fields(AddressInput) if f.type in (bool, "bool"))


def _check_address(address, at: str, errors: list[str]) -> None:
    """A create's postal address: an object of texts (and the one flag), as AddressInput takes."""
    if not isinstance(address, dict):
        errors.append(MSG_ADDRESS.format(where=at))
        return
    for key, value in address.items():
        if key in ADDRESS_TEXTS:
            if not isinstance(value, str):
                errors.append(MSG_TEXT.format(where=at, key=f"postal_address.{key}"))
        elif key in ADDRESS_FLAGS:
            if not isinstance(value, bool):
                errors.append(MSG_FLAG.format(where=at, key=f"postal_address.{key}"))
        else:
            errors.append(MSG_UNKNOWN_KEY.format(where=at, key=f"postal_address.{key}"))


def _check_operation(index: int, op, refs: set[str], errors: list[str]) -> None:
    at = where(index, op if isinstance(op, dict) else None)
    if not isinstance(op, dict) or op.get("op") not in OPERATIONS:
        errors.append(
            MSG_UNKNOWN_OP.format(
                where=at, op=(op or {}).get("op") if isinstance(op, dict) else op, ops=", ".join(OPERATIONS)
            )
        )
        return
    spec = OPERATIONS[op["op"]]
    for key in spec["required"]:
        if key not in op:
            errors.append(MSG_MISSING.format(where=at, key=key))
    for key in spec["units"]:
        if key in op:
            _check_selector(op[key], key, at, refs, errors)
    for key in ("name", "unit_type", "user", "ref"):
        if key in op and not isinstance(op[key], str):
            errors.append(MSG_TEXT.format(where=at, key=key))
    if op["op"] == "create":
        if op.get("kind") not in KINDS:
            errors.append(MSG_KIND.format(where=at))
        for key in CREATE_TEXTS:
            if key in op and not isinstance(op[key], str):
                errors.append(MSG_TEXT.format(where=at, key=key))
        if "postal_address" in op:
            _check_address(op["postal_address"], at, errors)
        ref = op.get("ref")
        if isinstance(ref, str):
            if ref in refs:
                errors.append(MSG_REF_TAKEN.format(where=at, ref=ref))
            refs.add(ref)
    if op["op"] == "move":
        units = op.get("units")
        if ("unit" in op) == (units is not None):
            errors.append(MSG_MOVE_UNITS.format(where=at))
        elif isinstance(units, list):
            for number, selector in enumerate(units, start=1):
                _check_selector(selector, f"units[{number}]", at, refs, errors)
        elif isinstance(units, dict):
            _check_selector(units.get("children_of"), "units.children_of", at, refs, errors)
            if "kind" in units and units["kind"] not in KINDS:
                errors.append(MSG_KIND.format(where=at))
        elif units is not None:
            errors.append(MSG_MOVE_UNITS.format(where=at))
    if op["op"] == "close" and "last_day" in op and parse_day(op["last_day"]) is None:
        errors.append(MSG_DATE.format(where=at, value=op["last_day"]))


def read_plan(text: str) -> Plan:
    """The plan in `text` (JSON), or a ValidationError listing every problem of its shape."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValidationError(MSG_NOT_JSON.format(error=exc)) from None
    if not isinstance(data, dict):
        raise ValidationError(MSG_NOT_OBJECT)
    errors: list[str] = []
    for key in ("name", "case_number", "reason", "effective_date"):
        if key not in data:
            errors.append(MSG_MISSING.format(where="Planen", key=key))
        elif not isinstance(data[key], str) or not data[key].strip():
            errors.append(MSG_TEXT.format(where="Planen", key=key))
    day = parse_day(data.get("effective_date"))
    if "effective_date" in data and isinstance(data["effective_date"], str) and day is None:
        errors.append(MSG_DATE.format(where="Planen", value=data["effective_date"]))
    operations = data.get("operations")
    if not isinstance(operations, list) or not operations:
        errors.append(MSG_NO_OPERATIONS)
        operations = []
    refs: set[str] = set()
    for index, op in enumerate(operations, start=1):
        _check_operation(index, op, refs, errors)
    if errors:
        raise ValidationError(errors)
    return Plan(
        name=data["name"].strip(),
        case_number=data["case_number"].strip(),
        reason=data["reason"].strip(),
        effective_date=day,
        operations=operations,
    )
