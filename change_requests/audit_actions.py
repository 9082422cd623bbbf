"""The Anmodninger's words in the audit vocabulary (audit/registry.py). Every step of a request
is an event on object type `requests.request`, with the unit's SOR-kode as object id, so the
Ændringslog filtered by SOR-kode shows a request beside the change it led to."""

from audit import registry

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


def register() -> None:
    for code, label in ACTIONS.items():
        registry.register_action(code, label)
    registry.register_object_type(OBJECT_TYPE, "anmodning")
    registry.register_fields(OBJECT_TYPE, LABELS)
