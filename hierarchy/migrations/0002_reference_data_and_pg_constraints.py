"""Load the shipped classifications, and on PostgreSQL add the exclusion constraint that keeps
a unit's version periods from overlapping (SQLite relies on the service-level check)."""

from django.db import migrations


def load_reference(apps, schema_editor):
    from hierarchy import reference

    reference.load_unit_types(apps.get_model("hierarchy", "UnitType"))
    reference.load_municipalities(apps.get_model("hierarchy", "Municipality"))
    reference.load_message_types(apps.get_model("hierarchy", "EdiMessageType"))


def add_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        "ALTER TABLE hierarchy_unitversion ADD CONSTRAINT unitversion_no_overlap "
        "EXCLUDE USING gist (unit_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)"
    )


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE hierarchy_unitversion DROP CONSTRAINT unitversion_no_overlap")


class Migration(migrations.Migration):
    dependencies = [("hierarchy", "0001_initial")]

    operations = [
        migrations.RunPython(load_reference, migrations.RunPython.noop),
        migrations.RunPython(add_exclusion, drop_exclusion),
    ]
