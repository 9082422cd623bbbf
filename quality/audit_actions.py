"""The Kvalitetstjek's words in the audit vocabulary (audit/registry.py)."""

from audit import registry

RUN = "quality.run"
RUN_CREATE = "quality.run.create"

ACTIONS = {
    RUN_CREATE: "Kvalitetstjek kørt",
}

LABELS = {
    "kommune": "Kommune",
    "day": "Kontrolleret pr.",
    "total": "Antal fund",
    "counts": "Antal fund pr. regel",
}


def register() -> None:
    for code, label in ACTIONS.items():
        registry.register_action(code, label)
    registry.register_object_type(RUN, "kontrolkørsel")
    registry.register_fields(RUN, LABELS)
    register_deviations()


DEVIATION = "quality.deviation"
DEVIATION_ACCEPT = "quality.deviation.accept"
DEVIATION_WITHDRAW = "quality.deviation.withdraw"

DEVIATION_ACTIONS = {
    DEVIATION_ACCEPT: "Godkendt afvigelse registreret",
    DEVIATION_WITHDRAW: "Godkendt afvigelse trukket tilbage",
}
DEVIATION_LABELS = {
    "rule": "Regel",
    "unit": "Enhed",
    "end_date": "Gælder til og med",
}


def register_deviations() -> None:
    for code, label in DEVIATION_ACTIONS.items():
        registry.register_action(code, label)
    registry.register_object_type(DEVIATION, "godkendt afvigelse")
    registry.register_fields(DEVIATION, DEVIATION_LABELS)
