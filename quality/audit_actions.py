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
