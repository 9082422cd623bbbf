"""On PostgreSQL, a trigram index lets the audit review search words in reasons quickly (the
filter is icontains, i.e. UPPER(reason) LIKE UPPER('%word%'))."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS audit_event_reason_trgm ON audit_auditevent USING gin (UPPER(reason) gin_trgm_ops)"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS audit_event_actor_trgm ON audit_auditevent USING gin (UPPER(actor_name) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS audit_event_reason_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS audit_event_actor_trgm")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_checkpoint")]

    operations = [migrations.RunPython(create, drop)]
