"""On PostgreSQL, no role but the table's owner keeps UPDATE, DELETE, TRUNCATE, TRIGGER or
REFERENCES on the audit trail. Default privileges (README: Database roles) give the app role full
DML on every new table; for this one it keeps SELECT and INSERT, and TRUNCATE, which the
append-only trigger does not see, is gone whoever granted it."""

from django.db import migrations

REVOKE = """
DO $$
DECLARE grantee_oid oid;
BEGIN
    FOR grantee_oid IN
        SELECT DISTINCT a.grantee
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'audit_auditevent'::regclass
          AND a.grantee <> c.relowner
          AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES')
    LOOP
        EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_auditevent FROM '
            || CASE WHEN grantee_oid = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(grantee_oid)) END;
    END LOOP;
END
$$;
"""


def revoke(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVOKE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_event_seq_indexes")]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
