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
import re
from dataclasses import dataclass, field, fields
from datetime import date

from django.core.exceptions import ValidationError

from addresses.services import AddressInput
from hierarchy import contact
from sor_admin.dates import parse_date_or_none
from sor_admin.text import REASON_MAX_LENGTH, text_problem
from sor_admin.text import count as counted

KINDS = ("IE", "SI", "OE")
# Each operation's keys: those it must have, those that name a unit, and the others it may have
# (any other key is refused by name: a misspelt "last_dai" must not silently mean the default).
OPERATIONS = {
    "create": {
        "required": ("kind", "name", "unit_type"),
        "units": ("parent", "copy_from"),
        "optional": ("ref", "postal_address", *contact.FIELDS, "sor_id"),
    },
    "move": {"required": ("to",), "units": ("unit", "to"), "optional": ("units",)},
    "rename": {"required": ("unit", "name"), "units": ("unit",)},
    "change_type": {"required": ("unit", "unit_type"), "units": ("unit",)},
    "close": {"required": ("unit",), "units": ("unit",), "optional": ("last_day",)},
    "replace": {"required": ("unit", "by"), "units": ("unit", "by")},
    "scope_add": {"required": ("user", "ie"), "units": ("ie",)},
    "scope_remove": {"required": ("user", "ie"), "units": ("ie",)},
    "move_scopes": {"required": ("from", "to"), "units": ("from", "to")},
}
HEADER_KEYS = ("name", "case_number", "reason", "effective_date")
PLAN_KEYS = (*HEADER_KEYS, "operations")
# A selector's forms and the keys each may have.
SELECTOR_FORMS = (("ref",), ("sor_id",), ("region_code",), ("kind", "name", "under"))
CHILDREN_KEYS = ("children_of", "kind")
# The bounds of a plan file: its size (the upload and the command read at most this), how deep
# its JSON may nest (a selector's "under" chain is the deepest part of a plan; the bound is
# checked before the JSON is parsed, so a deeply nested file cannot exhaust the parser), and its
# operations (each unit a move lists counts as one, and so does each operation a move of "every
# SI under" or a move_scopes unfolds to). The preview runs every operation through the unit
# services and rolls them back, ~25-30 queries each (bench/bench_plan.py, PostgreSQL, 20k units,
# the machine shared and loaded, load average 8-10): 100 moves 7.9-14.8 s (the app's own CPU
# 3.1 s, the rest waiting on a busy database), 150 moves 14 s, 250 moves 24 s, 1,000 renames
# 96-138 s (a worker is killed at 30 s). So 100: on an unloaded machine well under 10 s, and
# even loaded far from the worker's limit (README, "Omstruktureringer").
MAX_PLAN_BYTES = 2 * 1024 * 1024
MAX_NESTING = 32
MAX_OPERATIONS = 100
# Dates a plan may carry (the day before and after of each must exist for the services).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)
# A refusal lists at most this many problems (a file with a bad character in every operation
# would otherwise list thousands), then says how many more there are.
MAX_PROBLEMS = 50
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

MSG_FILE_TOO_BIG = "Planfilen er for stor (højst 2 MB)."
MSG_FILE_ENCODING = "Planfilen skal være tekst i UTF-8."
MSG_NOT_JSON = "Planen er ikke gyldig JSON: {error}."
MSG_TOO_DEEP = (
    "Planens JSON er indlejret for dybt (mere end {limit} niveauer af {{}} og []). En plan har "
    "operationer med enheder og højst nogle få «under» i hinanden: ret filen."
)
MSG_TOO_MANY = (
    "Planen har {count} operationer; højst {limit} er tilladt i én omstrukturering (hver enhed, en "
    "flytning nævner, tæller som én). Del planen i flere omstruktureringer."
)
MSG_TOO_MANY_RESOLVED = (
    "Planen giver {count} operationer, når flytningerne af alle underenheder og af "
    "administratoransvar er udfoldet; højst {limit} er tilladt i én omstrukturering. Del planen i "
    "flere omstruktureringer."
)
MSG_DATE_RANGE = "{where}: «{value}» ligger uden for de datoer, en plan kan have (01-01-1900 til 31-12-9998)."
MSG_REASON_LENGTH = "Begrundelsen må højst have {limit} tegn (planen har {length}). Skriv den kortere."
MSG_MORE_PROBLEMS = "… og {count} problemer mere. Ret dem ovenfor, og indlæs planen igen."
MSG_NO_UNITS = "{where}: «units» er en tom liste. Angiv de enheder, der flyttes."
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
MSG_UNKNOWN_FIELD = "{where}: ukendt felt «{key}». Mulige felter: {keys}."
MSG_REF_TAKEN = "{where}: ref «{ref}» er brugt før i planen."
MSG_REF_UNKNOWN = "{where}: ref «{ref}» er ikke oprettet tidligere i planen."


def parse_day(value) -> date | None:
    """A date as the GUI's date fields read it (dd-mm-åååå, also ISO), or None."""
    return parse_date_or_none(value)


def _day_problem(value, at: str) -> str | None:
    """Why `value` is not a date a plan may carry, or None."""
    day = parse_day(value)
    if day is None:
        return MSG_DATE.format(where=at, value=shown(value))
    if not FIRST_DAY <= day <= LAST_DAY:
        return MSG_DATE_RANGE.format(where=at, value=shown(value))
    return None


def shown(value, limit: int = 60) -> str:
    """A value of the file as a message quotes it: cut to `limit` characters, and every character
    the text check refuses (NUL, a lone surrogate, a bidi override, a line break) written as
    \\uXXXX, so a refusal never carries what it refuses."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)[: limit + 1]
    quoted = "".join(c if text_problem(f"x{c}") is None else f"\\u{ord(c):04x}" for c in text[:limit])
    return quoted + ("…" if len(text) > limit else "")


@dataclass
class Plan:
    name: str
    case_number: str
    reason: str
    effective_date: date
    operations: list[dict] = field(default_factory=list)


def _is_one_of(value, names) -> bool:
    return isinstance(value, str) and value in names


def where(index: int, op: dict | None = None) -> str:
    kind = op.get("op") if isinstance(op, dict) else None
    label = OP_LABELS.get(kind, "") if isinstance(kind, str) else ""
    return f"Operation {index}" + (f" ({label})" if label else "")


def _selector_form(value: dict) -> tuple[str, ...] | None:
    for form in SELECTOR_FORMS[:3]:
        if form[0] in value:
            return form
    if "name" in value and _is_one_of(value.get("kind"), KINDS) and isinstance(value["name"], str):
        return SELECTOR_FORMS[3]
    return None


def _check_selector(value, key: str, at: str, refs: set[str], errors: list[str]) -> None:
    form = _selector_form(value) if isinstance(value, dict) else None
    if form is None:
        errors.append(MSG_SELECTOR.format(where=at, key=key))
        return
    for extra in value.keys() - set(form):
        errors.append(MSG_UNKNOWN_FIELD.format(where=at, key=f"{key}.{shown(extra)}", keys=", ".join(form)))
    if form[0] == "kind":
        if "under" in value:
            _check_selector(value["under"], f"{key}.under", at, refs, errors)
    elif not isinstance(value[form[0]], str):
        errors.append(MSG_SELECTOR.format(where=at, key=key))
    elif form[0] == "ref" and value["ref"] not in refs:
        errors.append(MSG_REF_UNKNOWN.format(where=at, ref=shown(value["ref"])))


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
            errors.append(MSG_UNKNOWN_KEY.format(where=at, key=f"postal_address.{shown(key)}"))


def _check_move_units(op: dict, at: str, refs: set[str], errors: list[str]) -> None:
    units = op.get("units")
    if ("unit" in op) == ("units" in op):
        errors.append(MSG_MOVE_UNITS.format(where=at))
    elif isinstance(units, list):
        if not units:
            errors.append(MSG_NO_UNITS.format(where=at))
        for number, selector in enumerate(units, start=1):
            _check_selector(selector, f"units[{number}]", at, refs, errors)
    elif isinstance(units, dict):
        for extra in units.keys() - set(CHILDREN_KEYS):
            errors.append(
                MSG_UNKNOWN_FIELD.format(where=at, key=f"units.{shown(extra)}", keys=", ".join(CHILDREN_KEYS))
            )
        _check_selector(units.get("children_of"), "units.children_of", at, refs, errors)
        if "kind" in units and not _is_one_of(units["kind"], KINDS):
            errors.append(MSG_KIND.format(where=at))
    elif units is not None:
        errors.append(MSG_MOVE_UNITS.format(where=at))


def _check_operation(index: int, op, refs: set[str], errors: list[str]) -> None:
    at = where(index, op)
    kind = op.get("op") if isinstance(op, dict) else op
    if not isinstance(op, dict) or not _is_one_of(kind, OPERATIONS):
        errors.append(MSG_UNKNOWN_OP.format(where=at, op=shown(kind), ops=", ".join(OPERATIONS)))
        return
    spec = OPERATIONS[kind]
    allowed = tuple(dict.fromkeys(("op", *spec["required"], *spec["units"], *spec.get("optional", ()))))
    for key in op:
        if key not in allowed:
            errors.append(MSG_UNKNOWN_FIELD.format(where=at, key=shown(key), keys=", ".join(allowed)))
    for key in spec["required"]:
        if key not in op:
            errors.append(MSG_MISSING.format(where=at, key=key))
    for key in spec["units"]:
        if key in op:
            _check_selector(op[key], key, at, refs, errors)
    for key in ("name", "unit_type", "user", "ref"):
        if key in op and not isinstance(op[key], str):
            errors.append(MSG_TEXT.format(where=at, key=key))
    if kind == "create":
        if not _is_one_of(op.get("kind"), KINDS):
            errors.append(MSG_KIND.format(where=at))
        for key in CREATE_TEXTS:
            if key in op and not isinstance(op[key], str):
                errors.append(MSG_TEXT.format(where=at, key=key))
        if "postal_address" in op:
            _check_address(op["postal_address"], at, errors)
        ref = op.get("ref")
        if isinstance(ref, str):
            if ref in refs:
                errors.append(MSG_REF_TAKEN.format(where=at, ref=shown(ref)))
            refs.add(ref)
    if kind == "move":
        _check_move_units(op, at, refs, errors)
    if kind == "close" and "last_day" in op and (problem := _day_problem(op["last_day"], at)):
        errors.append(problem)


def _strings(value, key: str):
    """(the key it is under, text, is_key) for every key and every string in `value`."""
    if isinstance(value, str):
        yield key, value, False
    elif isinstance(value, dict):
        for name, item in value.items():
            yield key, name, True
            yield from _strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)


def text_problems(data: dict) -> list[str]:
    """The one text check (sor_admin.text) on every key and every string of the plan (or the
    builder's draft): what the register or the database would refuse later (NUL, a lone
    surrogate) is refused here, named."""
    errors: list[str] = []
    operations = data.get("operations")
    parts = [("Planen", {k: v for k, v in data.items() if k != "operations"})]
    if isinstance(operations, list):
        parts += [(where(index, op), op) for index, op in enumerate(operations, start=1)]
    for at, part in parts:
        for key, text, is_key in _strings(part, ""):
            what = f"{at}: feltnavnet «{shown(text)}»" if is_key else f"{at}: «{shown(key)}»"
            multiline = not is_key and at == "Planen" and key == "reason"
            if problem := text_problem(text, what=what, multiline=multiline):
                errors.append(problem)
    return errors


def _too_deep(text: str) -> bool:
    """Whether the JSON in `text` nests more than MAX_NESTING levels: the brackets outside its
    strings counted, before the parser (which recurses) sees it."""
    depth = 0
    for match in _BRACKETS.finditer(_JSON_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return True
        else:
            depth -= 1
    return False


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def operation_count(operations: list) -> int:
    """How many operations the bound counts: one each, and one per unit a move lists."""
    return sum(
        len(op["units"]) if isinstance(op, dict) and isinstance(op.get("units"), list) else 1
        for op in operations
    )


def decode_plan_file(data: bytes) -> str:
    """The text of a plan file's bytes (UTF-8, a byte order mark allowed), as the upload and
    `manage.py reorganise` read it; ValidationError when it is too big or not UTF-8."""
    if len(data) > MAX_PLAN_BYTES:
        raise ValidationError(MSG_FILE_TOO_BIG)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(MSG_FILE_ENCODING) from None


def _refuse(errors: list[str]):
    if len(errors) > MAX_PROBLEMS:
        errors = [*errors[:MAX_PROBLEMS], MSG_MORE_PROBLEMS.format(count=len(errors) - MAX_PROBLEMS)]
    raise ValidationError(errors)


def read_plan(text: str) -> Plan:
    """The plan in `text` (JSON), or a ValidationError listing every problem of its shape."""
    if _too_deep(text):
        raise ValidationError(MSG_TOO_DEEP.format(limit=MAX_NESTING))
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValidationError(MSG_NOT_JSON.format(error=exc)) from None
    if not isinstance(data, dict):
        raise ValidationError(MSG_NOT_OBJECT)
    operations = data.get("operations")
    if isinstance(operations, list) and (count := operation_count(operations)) > MAX_OPERATIONS:
        raise ValidationError(MSG_TOO_MANY.format(count=count, limit=MAX_OPERATIONS))
    errors: list[str] = []
    for key in data:
        if key not in PLAN_KEYS:
            errors.append(MSG_UNKNOWN_FIELD.format(where="Planen", key=shown(key), keys=", ".join(PLAN_KEYS)))
    for key in HEADER_KEYS:
        if key not in data:
            errors.append(MSG_MISSING.format(where="Planen", key=key))
        elif not isinstance(data[key], str) or not data[key].strip():
            errors.append(MSG_TEXT.format(where="Planen", key=key))
    if (
        isinstance(data.get("effective_date"), str)
        and data["effective_date"].strip()
        and (problem := _day_problem(data["effective_date"], "Planen"))
    ):
        errors.append(problem)
    if isinstance(data.get("reason"), str) and len(data["reason"].strip()) > REASON_MAX_LENGTH:
        errors.append(MSG_REASON_LENGTH.format(limit=REASON_MAX_LENGTH, length=len(data["reason"].strip())))
    if not isinstance(operations, list) or not operations:
        errors.append(MSG_NO_OPERATIONS)
        operations = []
    refs: set[str] = set()
    for index, op in enumerate(operations, start=1):
        _check_operation(index, op, refs, errors)
    errors += text_problems(data)
    if errors:
        _refuse(errors)
    return Plan(
        name=data["name"].strip(),
        case_number=data["case_number"].strip(),
        reason=data["reason"].strip(),
        effective_date=parse_day(data["effective_date"]),
        operations=operations,
    )


def operations_count(count: int) -> str:
    """Danish singular and plural ("1 operation", "4 operationer"), not "operation(er)"."""
    return counted(count, "operation", "operationer")
