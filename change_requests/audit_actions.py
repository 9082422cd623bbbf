"""The Anmodninger's words in the audit vocabulary (audit/registry.py). Every step of a request
is an event on object type `requests.request`, with the unit's SOR-kode as object id, so the
Ændringslog filtered by SOR-kode shows a request beside the change it led to."""

from typing import Any

from audit import registry
from hierarchy.models import Unit

from .models import ChangeRequest

OBJECT_TYPE = "requests.request"
FILE = "requests.request.file"
TAKE = "requests.request.take"
ASK = "requests.request.ask"
REPLY = "requests.request.reply"
REJECT = "requests.request.reject"
APPROVE = "requests.request.approve"
WITHDRAW = "requests.request.withdraw"

ACTIONS = {
    FILE: "Anmodning modtaget",
    TAKE: "Anmodning taget under behandling",
    ASK: "Anmodning: yderligere oplysninger efterspurgt",
    REPLY: "Anmodning: anmoder har svaret",
    REJECT: "Anmodning afvist",
    APPROVE: "Anmodning godkendt",
    WITHDRAW: "Anmodning trukket tilbage",
}

LABELS = {
    "request": "Anmodning",
    "kind": "Anmodning om",
    "status": "Status",
    "team": "Behandles af",
    "requester": "Anmoder",
    "proposed": "Foreslåede værdier",
    "effective_date": "Gældende fra",
    "applied_fields": "Godkendte felter",
    "applied_date": "Godkendt fra",
    "answer": "Svar",
    "question": "Spørgsmål",
    "reply": "Anmoders svar",
    "unit_changed": "Enheden ændret siden anmodningen",
}


# The keys of a proposal (`proposed`), as the unit's own fields are named.
PROPOSED_LABELS = {
    "name": "Navn",
    "unit_type": "Enhedstype",
    "phone": "Telefonnummer",
    "email": "E-mail",
    "website": "Hjemmeside",
    "postal_address": "Postadresse",
    "new_parent": "Ny overliggende enhed",
    "gln": "Lokationsnummer",
    "message_types": "Meddelelsestyper",
}
_CHOICES = {
    "status": dict(ChangeRequest.Status.choices),
    "team": dict(ChangeRequest.Team.choices),
    # A request's kind, or inside a proposal to create a unit, its level (SI, OE).
    "kind": {**dict(ChangeRequest.Kind.choices), **dict(Unit.Kind.choices)},
}


def _label_of(key: str) -> registry.Renderer:
    def render(value: Any, _snapshot: dict[str, Any]) -> str:
        return str(_CHOICES[key].get(value, value))

    return render


def register() -> None:
    for code, label in ACTIONS.items():
        registry.register_action(code, label)
    registry.register_object_type(OBJECT_TYPE, "anmodning")
    renderers = {key: _label_of(key) for key in _CHOICES}
    renderers["applied_fields"] = lambda keys, _s: ", ".join(PROPOSED_LABELS.get(k, k) for k in keys or ())
    registry.register_fields(OBJECT_TYPE, {**LABELS, **PROPOSED_LABELS}, renderers=renderers)
