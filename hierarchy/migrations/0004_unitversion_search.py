"""Search keys on every version, for searches on a date (issue 6: the JSON API's navn and
fritekst folded names and addresses in SQL over every version in force, 0.2-1 s at 100,000
units). `UnitVersion.name_search` = the folded name, `search_text` = the folded name, SOR-kode,
phone, e-mail and postal address between newlines (hierarchy.models.search_document); both kept
by `UnitVersion.save()`, trigram-indexed on PostgreSQL."""

from django.db import migrations, models

BATCH = 2000
INDEXES = {
    "hierarchy_unitversion_name_trgm": "name_search",
    "hierarchy_unitversion_text_trgm": "search_text",
}


def fill(apps, schema_editor):
    # As UnitVersion.save() computes them (historical models have no methods).
    UnitVersion = apps.get_model("hierarchy", "UnitVersion")
    Unit = apps.get_model("hierarchy", "Unit")
    Address = apps.get_model("addresses", "Address")
    last = 0
    while True:
        batch = list(UnitVersion.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            break
        sor_ids = dict(Unit.objects.filter(pk__in={v.unit_id for v in batch}).values_list("pk", "sor_id"))
        addresses = Address.objects.select_related("postal_code").in_bulk(
            {v.postal_address_id for v in batch} - {None}
        )
        for version in batch:
            parts = [version.name, sor_ids.get(version.unit_id), version.phone, version.email]
            address = addresses.get(version.postal_address_id)
            if address is not None:
                parts += [address.street_name, address.postal_code_id, address.postal_code.name]
            version.name_search = version.name.lower()
            version.search_text = "\n" + "\n".join(p.lower() for p in parts if p) + "\n"
        UnitVersion.objects.bulk_update(batch, ["name_search", "search_text"])
        last = batch[-1].pk


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON hierarchy_unitversion USING gin ({column} gin_trgm_ops)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("hierarchy", "0003_unit_search")]

    operations = [
        migrations.AddField(
            model_name="unitversion",
            name="name_search",
            field=models.CharField(blank=True, editable=False, max_length=60, verbose_name="søgenavn"),
        ),
        migrations.AddField(
            model_name="unitversion",
            name="search_text",
            field=models.TextField(blank=True, editable=False, verbose_name="søgetekst"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
