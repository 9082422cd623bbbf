"""Load the postnummer↔kommune parts, the search keys and the shipped streets: the CPR sample
(data/dk/vejnavne-sample-cpr_vej.csv) and the hand-entered demo streets
(data/dk/vejnavne-demo.csv). See data/README.md for their origin."""

from django.db import migrations


def load(apps, schema_editor):
    from addresses.reference import load_postal_code_details, load_shipped_streets

    load_postal_code_details(apps)
    load_shipped_streets(apps)


class Migration(migrations.Migration):
    dependencies = [("addresses", "0003_streets")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
