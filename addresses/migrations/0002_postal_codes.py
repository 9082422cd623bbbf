from django.db import migrations


def load(apps, schema_editor):
    from addresses.reference import load_postal_codes

    load_postal_codes(apps.get_model("addresses", "PostalCode"))


class Migration(migrations.Migration):
    dependencies = [("addresses", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
