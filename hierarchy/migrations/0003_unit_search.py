"""Search keys for every unit, in their own table (issue 6).

The search used to fold names and addresses in SQL (REPLACE … + lower()) across three joined
addresses, which no index can serve: every search read and joined the whole register (about 1 s
at 100,000 units). `UnitSearch` holds, per unit, `name` = fold_name(Unit.name) for the Navn
search and `text` = the folded values between newlines (hierarchy.models.search_document) for
Fritekst, both kept by `Unit.save()` with a copy of `valid_to`, so a search's first page is found
and ordered in this table alone. On PostgreSQL trigram GIN indexes (pg_trgm) serve LIKE and
regular expressions on them; SQLite gets no index (a leading wildcard cannot use a b-tree).

The keys are not columns of `hierarchy_unit` because a write to the tree rewrites many of its
rows (nested-set shifts), and each rewritten row would go into the trigram indexes as well.

The b-tree on `Unit.name` goes: with it the planner walks the names in order, filtering, rather
than use a trigram index (80 ms rather than a few for a word found in 4,500 of 100,000 names),
and every index on `hierarchy_unit` slows the nested-set shifts.
"""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000
INDEXES = {
    "hierarchy_unitsearch_name_trgm": "name",
    "hierarchy_unitsearch_text_trgm": "text",
}


def fill(apps, schema_editor):
    # The keys as Unit.search_keys() builds them (historical models have no methods, and a
    # migration must not import the app's current code).
    Unit = apps.get_model("hierarchy", "Unit")
    UnitSearch = apps.get_model("hierarchy", "UnitSearch")
    Address = apps.get_model("addresses", "Address")
    fields = ("postal_address_id", "visiting_address_id", "activity_address_id")
    last = 0
    while True:
        batch = list(Unit.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            break
        ids = {getattr(u, f) for u in batch for f in fields} - {None}
        addresses = Address.objects.select_related("postal_code").in_bulk(ids)
        rows = []
        for unit in batch:
            parts = [unit.name, unit.sor_id, unit.phone, "".join(unit.phone.split()), unit.email]
            for field in fields:
                address = addresses.get(getattr(unit, field))
                if address is not None:
                    parts += [address.street_name, address.postal_code_id, address.postal_code.name]
            text = "\n" + "\n".join(p.lower() for p in parts if p) + "\n"
            rows.append(
                UnitSearch(unit_id=unit.pk, name=unit.name.lower(), text=text, valid_to=unit.valid_to)
            )
        UnitSearch.objects.bulk_create(rows)
        last = batch[-1].pk


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON hierarchy_unitsearch USING gin ({column} gin_trgm_ops)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("hierarchy", "0002_reference_data_and_pg_constraints"),
        ("addresses", "0005_street_search_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitSearch",
            fields=[
                (
                    "unit",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="hierarchy.unit",
                    ),
                ),
                ("name", models.CharField(max_length=60, verbose_name="søgenavn")),
                ("text", models.TextField(verbose_name="søgetekst")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="ophørsdato")),
            ],
            options={"verbose_name": "søgenøgler", "verbose_name_plural": "søgenøgler"},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RemoveIndex(model_name="unit", name="hierarchy_u_name_3a47ba_idx"),
    ]
