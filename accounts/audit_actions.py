"""Sign-in's words in the audit vocabulary (audit/registry.py). Imported from AccountsConfig.ready()."""

from audit import registry

USER = "auth.user"

ACTIONS = {
    "auth.login": "Logget ind",
    "auth.login_failed": "Log ind afvist",
    "auth.logout": "Logget ud",
}

USER_LABELS = {
    "method": "Log ind med",
    "issuer": "Identitetsudbyder",
    "subject": "Bruger-id hos udbyderen (sub)",
    "name": "Navn",
    "roles": "Roller i kravene",
    "kommunekoder": "Kommunekoder i kravene",
    "groups": "Roller i SOR",
    "scopes": "Administratoransvar",
    "reason": "Årsag",
    "address": "Klientadresse",
}


def register() -> None:
    for code, label in ACTIONS.items():
        registry.register_action(code, label)
    registry.register_object_type(USER, "bruger")
    registry.register_fields(USER, USER_LABELS)
