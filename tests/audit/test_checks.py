"""Item 8 of issue 11: `check --deploy --database default` warns when the role the app runs as
could empty the audit trail or switch off its trigger (owner, superuser, TRUNCATE)."""

import importlib
import uuid

import pytest
from django.core import checks
from django.db import connection

from tests.pg import postgres_only, sqlite_only


def _deploy_database_checks():
    return checks.run_checks(
        include_deployment_checks=True, databases=["default"], tags=[checks.Tags.database]
    )


def _audit_ids(messages):
    return {m.id for m in messages if m.id.startswith("audit.")}


@postgres_only
def test_superuser_owner_is_warned(db):
    # The test user postgres is a superuser and owns the table.
    assert _audit_ids(_deploy_database_checks()) == {"audit.W001", "audit.W002", "audit.W003"}
    warning = next(m for m in _deploy_database_checks() if m.id == "audit.W003")
    assert isinstance(warning, checks.Warning) and "TRUNCATE" in warning.msg and warning.hint


@pytest.fixture
def app_role(db):
    """A role granted what the README gives the app role; dropped with the test's transaction."""
    name = f"sor_test_app_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOLOGIN")
        cursor.execute(f"GRANT SELECT, INSERT ON audit_auditevent TO {name}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON audit_chaincheckpoint TO {name}")
    return name


def _as_role(name):
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {name}")
    try:
        return _audit_ids(_deploy_database_checks())
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@postgres_only
def test_limited_app_role_is_silent(app_role):
    assert _as_role(app_role) == set()


@postgres_only
def test_app_role_with_truncate_is_warned(app_role):
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT TRUNCATE ON audit_auditevent TO {app_role}")
    assert _as_role(app_role) == {"audit.W003"}


@postgres_only
def test_member_of_the_owner_role_is_warned(app_role):
    owner = f"{app_role}_owner"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {owner} NOLOGIN")
        cursor.execute(f"ALTER TABLE audit_auditevent OWNER TO {owner}")
        cursor.execute(f"GRANT {owner} TO {app_role}")
    assert "audit.W002" in _as_role(app_role)


@sqlite_only
def test_silent_on_sqlite(db):
    assert _audit_ids(_deploy_database_checks()) == set()


def test_silent_without_a_database_to_check():
    """`check --deploy` without --database (as CI runs it) touches no database."""
    assert _audit_ids(checks.run_checks(include_deployment_checks=True)) == set()


@postgres_only
def test_migration_leaves_other_roles_only_select_and_insert(app_role):
    migration = importlib.import_module("audit.migrations.0006_only_owner_may_rewrite_audit")
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT ALL ON audit_auditevent TO {app_role}")
        cursor.execute("GRANT TRUNCATE ON audit_auditevent TO PUBLIC")
    assert _as_role(app_role) == {"audit.W003"}
    with connection.schema_editor() as editor:
        migration.revoke(None, editor)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE table_name = 'audit_auditevent' AND grantee = %s ORDER BY 1",
            [app_role],
        )
        assert [row[0] for row in cursor.fetchall()] == ["INSERT", "SELECT"]
    assert _as_role(app_role) == set()
