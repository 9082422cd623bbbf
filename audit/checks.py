"""Deploy check: the role the app runs as must not be able to cut the audit trail short.

The append-only trigger refuses UPDATE and DELETE row by row, but TRUNCATE passes it, and the
table's owner (or a superuser) can disable it. The app should run as a role that only reads and
appends (README: Database roles); migrations run as the owner. Tagged `database`, so it runs only
with `check --deploy --database default`, never where no database is to be reached."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError, connections

PRIVILEGES_SQL = """
SELECT r.rolsuper,
       pg_has_role(current_user, c.relowner, 'USAGE'),
       has_table_privilege(c.oid, 'TRUNCATE'),
       current_user,
       pg_get_userbyid(c.relowner)
FROM pg_class c JOIN pg_roles r ON r.rolname = current_user
WHERE c.oid = to_regclass('audit_auditevent')
"""
HINT = (
    "Kør appen som en rolle med kun SELECT og INSERT på audit_auditevent, og kør migrate som "
    "ejerrollen (README: Database roles)."
)


@register(Tags.database, deploy=True)
def audit_table_privileges(
    app_configs: Sequence[AppConfig] | None = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue  # SQLite has neither roles nor the trigger
        try:
            with connection.cursor() as cursor:
                cursor.execute(PRIVILEGES_SQL)
                row = cursor.fetchone()
        except DatabaseError:
            continue  # unreachable: Django's own database checks report that
        if row is None:
            continue  # not migrated yet
        superuser, owner, truncate, role, table_owner = row
        if superuser:
            messages.append(
                Warning(
                    f"Databaserollen {role} ({alias}) er superbruger og kan slå ændringsloggens trigger fra.",
                    hint=HINT,
                    id="audit.W001",
                )
            )
        if owner:
            messages.append(
                Warning(
                    f"Databaserollen {role} ({alias}) ejer audit_auditevent (ejer: {table_owner}) og kan "
                    "slå tabellens trigger fra eller tømme den.",
                    hint=HINT,
                    id="audit.W002",
                )
            )
        if truncate:
            messages.append(
                Warning(
                    f"Databaserollen {role} ({alias}) har TRUNCATE på audit_auditevent og kan tømme "
                    "ændringsloggen uden om triggeren.",
                    hint=HINT,
                    id="audit.W003",
                )
            )
    return messages
