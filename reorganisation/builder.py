"""The step-by-step builder's draft: a plan dict of exactly the plan file's shape (plan.py), built
one operation at a time. Every change to it is checked by running the whole dict through
`read_plan` (the one place for the plan's rules) and, for a new operation, its selectors through
`resolve` on the draft's date; the package itself is checked and stored by the services, as a
file's is. No database writes here.

The draft is kept in the user's session (server side: the sessions are stored in the database)
rather than in a hidden field carrying the plan JSON: the builder is several small forms (the
header, one operation, a remove button per operation, discard) on one page that the user leaves
for the preview and comes back to; in the session the draft survives all of them without being
posted back with every form, and what the user posts is only the one change. It is still read
back with suspicion: a draft that is not a plan of the expected shape is treated as none.

Two tabs share the session's one draft. The draft carries a revision number, raised by every
change (`save`, `discard`); every builder form posts the number of the draft it showed, and a
change to a draft the user has not seen is refused (`check_revision`) rather than applied. A
discarded draft leaves its number behind, so a page shown before the discard cannot act on the
next draft (whose numbers go on from there)."""

import json
import re

from django.core.exceptions import ValidationError

from hierarchy.models import Unit, UnitType

from .plan import OP_LABELS, Plan, read_plan, text_problems, where
from .resolve import resolve

SESSION_KEY = "reorganisation_draft"
REVISION_KEY = "revision"  # in the draft, beside the plan's keys; never in the plan file
HEADER_KEYS = ("name", "case_number", "reason", "effective_date")
# The plan names a unit created earlier in it by its ref; the builder gives them in order.
REF_PREFIX = "ny-"
_REF = re.compile(rf"^{REF_PREFIX}\d+$")
_OPERATION = re.compile(r"^Operation (\d+)")

MSG_REMOVE_BLOCKED = "Operation {index} kan ikke fjernes: {problem}"
MSG_NO_SUCH_OPERATION = "Operation {index} findes ikke i kladden."
MSG_DRAFT_CHANGED = (
    "Kladden er ændret, siden siden blev vist (måske i et andet vindue eller faneblad), så din "
    "ændring er ikke gennemført. Kladden vises nu, som den er; se den igen, og prøv igen."
)
MSG_REVISION_MISSING = (
    "Formularen mangler oplysningen om, hvilken udgave af kladden du så, så intet er ændret. "
    "Se kladden igen, og prøv igen."
)


class DraftChanged(ValidationError):
    """The page was shown with another revision of the draft than the session holds now."""


# --- the draft in the session --------------------------------------------------------------


def _number(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def load(session) -> dict | None:
    """The session's draft, or None (also for anything that is not a draft's shape)."""
    draft = session.get(SESSION_KEY)
    if not isinstance(draft, dict) or not all(isinstance(draft.get(k), str) for k in HEADER_KEYS):
        return None
    if not isinstance(draft.get("operations"), list):
        return None
    if REVISION_KEY in draft and _number(draft[REVISION_KEY]) is None:
        return None
    if text_problems(draft):
        # A text the register cannot hold (NUL, a lone surrogate), from a draft stored before
        # the plan's texts were checked: no draft, rather than a builder that fails on it.
        return None
    return draft


def revision(session) -> int:
    """The revision of the session's draft (that of the discarded one after a discard; 0 before
    the first draft)."""
    stored = session.get(SESSION_KEY)
    return (_number(stored.get(REVISION_KEY)) if isinstance(stored, dict) else None) or 0


def check_revision(session, shown) -> None:
    """Refuse (DraftChanged) a change posted from a page that showed another revision of the
    draft (`shown`: the posted number, None when the form did not carry it)."""
    if shown is None:
        raise DraftChanged(MSG_REVISION_MISSING, code="revision_missing")
    if shown != revision(session):
        raise DraftChanged(MSG_DRAFT_CHANGED, code="stale")


def save(session, draft: dict) -> dict:
    """Store `draft` as the session's draft with the next revision; the stored draft."""
    stored = {**draft, REVISION_KEY: revision(session) + 1}
    session[SESSION_KEY] = stored
    return stored


def discard(session) -> None:
    """No draft any more; only its revision is left, raised."""
    session[SESSION_KEY] = {REVISION_KEY: revision(session) + 1}


# --- the plan ------------------------------------------------------------------------------


def plan_json(draft: dict) -> str:
    """The draft as the plan file (the format `read_plan` and `manage.py reorganise` read)."""
    return json.dumps(
        {**{key: draft[key] for key in HEADER_KEYS}, "operations": draft["operations"]},
        ensure_ascii=False,
        indent=2,
    )


def plan_of(draft: dict) -> Plan:
    """The draft read as a plan file is read; ValidationError with every problem of its shape."""
    return read_plan(plan_json(draft))


def _checked(draft: dict) -> dict:
    """`draft` if it is a plan of the right shape (a draft without operations is allowed: the
    header is then all there is to check, and the header form has checked it)."""
    if draft["operations"]:
        plan_of(draft)
    return draft


def with_header(draft: dict | None, header: dict) -> dict:
    """The draft with a new name, case number, reason and date (effective_date as dd-mm-åååå)."""
    operations = draft["operations"] if draft else []
    return _checked({**{key: header[key] for key in HEADER_KEYS}, "operations": list(operations)})


def refs(draft: dict) -> list[str]:
    """The refs of the units the draft creates, in order."""
    return [op["ref"] for op in draft["operations"] if op.get("op") == "create" and op.get("ref")]


def next_ref(draft: dict) -> str:
    numbers = [int(ref[len(REF_PREFIX) :]) for ref in refs(draft) if _REF.match(ref)]
    return f"{REF_PREFIX}{max(numbers, default=0) + 1}"


def selector(value: str, refs=()) -> dict:
    """What the user typed for a unit, as a plan selector: ny-1, ny-2 … (and any other ref the
    draft's units are created with, e.g. by a loaded plan file: `refs`) name a unit the draft
    creates, anything else is a SOR-kode. Whether it names a unit is `read_plan`'s and
    `resolve`'s to say."""
    value = value.strip()
    return {"ref": value} if _REF.match(value) or value in refs else {"sor_id": value}


def from_plan_text(text: str) -> dict:
    """A draft of the plan file `text`, checked as an uploaded file is (`read_plan`; its units
    are looked up by the preview). The operations are kept as the file has them, so the draft
    downloads as the same plan; the date is written dd-mm-åååå."""
    plan = read_plan(text)
    return {
        "name": plan.name,
        "case_number": plan.case_number,
        "reason": plan.reason,
        "effective_date": plan.effective_date.strftime("%d-%m-%Y"),
        "operations": plan.operations,
    }


def add_operation(draft: dict, op: dict) -> dict:
    """The draft with `op` last: its shape checked with the whole plan (`read_plan`), its units
    looked up on the draft's date (`resolve`). ValidationError with the Danish messages."""
    candidate = {**draft, "operations": [*draft["operations"], op]}
    plan = plan_of(candidate)
    try:
        resolve(plan)
    except ValidationError as exc:
        # Only the new operation's problems: an earlier one is shown as it was added, and the
        # preview checks the whole plan again.
        prefix = where(len(candidate["operations"]), op) + ":"
        own = [message for message in exc.messages if message.startswith(prefix)]
        if own:
            raise ValidationError(own) from None
    return candidate


def remove_operation(draft: dict, index: int) -> dict:
    """The draft without operation `index` (1-based; the caller has checked that the page showed
    this revision of the draft, so the numbers are the ones the user saw). Refused when a later
    operation names a unit the removed one creates."""
    operations = draft["operations"]
    if not 1 <= index <= len(operations):
        raise ValidationError(MSG_NO_SUCH_OPERATION.format(index=index))
    candidate = {**draft, "operations": operations[: index - 1] + operations[index:]}
    try:
        return _checked(candidate)
    except ValidationError as exc:
        # read_plan numbers the operations without the removed one; say the numbers shown.
        def shown_number(match):
            number = int(match.group(1))
            return f"Operation {number + 1 if number >= index else number}"

        raise ValidationError(
            [
                MSG_REMOVE_BLOCKED.format(index=index, problem=_OPERATION.sub(shown_number, message, count=1))
                for message in exc.messages
            ]
        ) from None


# --- showing the draft ---------------------------------------------------------------------


def describe(draft: dict) -> list[str]:
    """One Danish line per operation, with the units' current names."""
    sor_ids = set(_sor_ids(draft["operations"]))
    names = dict(Unit.objects.filter(sor_id__in=sor_ids).values_list("sor_id", "name"))
    created = {
        op["ref"]: op.get("name", "")
        for op in draft["operations"]
        if op.get("op") == "create" and op.get("ref")
    }
    types = dict(UnitType.objects.values_list("code", "name"))

    def unit(value) -> str:
        if not isinstance(value, dict):
            return "?"
        if "ref" in value:
            return f"{created.get(value['ref'], '?')} ({value['ref']}, ny)"
        if "sor_id" in value:
            name = names.get(value["sor_id"])
            return f"{name} ({value['sor_id']})" if name else f"SOR-kode {value['sor_id']} (findes ikke)"
        return json.dumps(value, ensure_ascii=False)

    return [_line(op, unit, types) for op in draft["operations"]]


def _sor_ids(value):
    if isinstance(value, dict):
        if isinstance(value.get("sor_id"), str):
            yield value["sor_id"]
        for item in value.values():
            yield from _sor_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _sor_ids(item)


CREATE_CONTACT_LABELS = (("phone", "telefon"), ("email", "e-mail"), ("website", "hjemmeside"))


def _address(value: dict) -> str:
    """'Bjarkesvej 2, 1. th, 3450' as typed (the services normalise it)."""

    def part(key) -> str:
        item = value.get(key)
        return item.strip() if isinstance(item, str) else ""

    street = " ".join(p for p in (part("street_name"), part("house_number")) if p)
    floor_door = " ".join(p for p in (part("floor") + ("." if part("floor") else ""), part("door")) if p)
    return ", ".join(p for p in (street, floor_door, part("postal_code")) if p)


def _line(op: dict, unit, types: dict) -> str:
    kind = op.get("op")
    label = OP_LABELS.get(kind, kind).capitalize()
    if kind == "create":
        ref = f" ({op['ref']})" if op.get("ref") else ""
        text = f"Opret {op.get('kind')} «{op.get('name')}»{ref} af typen {types.get(op.get('unit_type'), op.get('unit_type'))}"
        if op.get("parent"):
            text += f" under {unit(op['parent'])}"
        if op.get("sor_id"):
            text += f", SOR-kode {op['sor_id']}"
        if op.get("copy_from"):
            text += f", kontaktoplysninger og adresser fra {unit(op['copy_from'])}"
        own = [f"{label} {op[key]}" for key, label in CREATE_CONTACT_LABELS if op.get(key)]
        if isinstance(op.get("postal_address"), dict):
            own.append(f"postadresse {_address(op['postal_address'])}")
        if own:
            text += ("; " if op.get("copy_from") else ", ") + ", ".join(own)
        return text
    if kind == "move":
        units = op.get("units")
        if isinstance(units, dict):
            what = f"alle {units.get('kind') or 'underenheder'} under {unit(units.get('children_of'))}"
        elif isinstance(units, list):
            what = ", ".join(unit(u) for u in units)
        else:
            what = unit(op.get("unit"))
        return f"Flyt {what} til {unit(op.get('to'))}"
    if kind == "rename":
        return f"Omdøb {unit(op.get('unit'))} til «{op.get('name')}»"
    if kind == "change_type":
        return f"Skift enhedstype for {unit(op.get('unit'))} til {types.get(op.get('unit_type'), op.get('unit_type'))}"
    if kind == "close":
        last = f" (sidste dag {op['last_day']})" if op.get("last_day") else " (sidste dag dagen før)"
        return f"Luk {unit(op.get('unit'))}{last}"
    if kind == "replace":
        return f"{unit(op.get('unit'))} erstattes af {unit(op.get('by'))}"
    if kind in ("scope_add", "scope_remove"):
        return f"{label}: {op.get('user')} for {unit(op.get('ie'))}"
    if kind == "move_scopes":
        return f"{label}: alle administratorer af {unit(op.get('from'))} får {unit(op.get('to'))} i stedet"
    return label
