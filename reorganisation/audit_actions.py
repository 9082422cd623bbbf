"""The omstrukturering's words in the audit vocabulary (audit/registry.py)."""

from audit import registry

PACKAGE = "reorganisation.package"

ACTIONS = {
    "reorganisation.package.create": "Omstrukturering registreret",
    "reorganisation.package.apply": "Omstrukturering gennemført",
    "reorganisation.package.withdraw": "Omstrukturering tilbagetrukket",
    "reorganisation.package.apply_failed": "Omstrukturering kunne ikke gennemføres",
}

LABELS = {
    "name": "Navn",
    "case_number": "Sagsnummer",
    "effective_date": "Gældende fra",
    "status": "Status",
    "operations": "Antal operationer",
    "units": "Berørte enheder",
    "created": "Oprettede enheder",
    "last_error": "Seneste fejl",
}


def register() -> None:
    for code, label in ACTIONS.items():
        registry.register_action(code, label)
    registry.register_object_type(PACKAGE, "omstrukturering")
    registry.register_fields(PACKAGE, LABELS)
