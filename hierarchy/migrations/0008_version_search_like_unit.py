"""The versions' search keys hold what the unit's hold (issue 27 item 8: the GUI's and the API's
searches were two code paths): the telephone number also without spaces, and all three
addresses, not only the postadresse. Recomputes `UnitVersion.search_text` as
`UnitVersion.search_keys()` now builds it (`hierarchy.search_keys.unit_values`), in batches."""

from django.db import migrations

BATCH = 2000
ADDRESS_FIELDS = ("postal_address_id", "visiting_address_id", "activity_address_id")


def refill(apps, schema_editor):
    # Frozen here as the models build it on this migration's day (historical models have no methods).
    UnitVersion = apps.get_model("hierarchy", "UnitVersion")
    Unit = apps.get_model("hierarchy", "Unit")
    Address = apps.get_model("addresses", "Address")
    last = 0
    while True:
        batch = list(UnitVersion.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            break
        sor_ids = dict(Unit.objects.filter(pk__in={v.unit_id for v in batch}).values_list("pk", "sor_id"))
        ids = {getattr(v, field) for v in batch for field in ADDRESS_FIELDS} - {None}
        addresses = Address.objects.select_related("postal_code").in_bulk(ids)
        for version in batch:
            phone = version.phone or ""
            parts = [version.name, sor_ids.get(version.unit_id), phone, "".join(phone.split()), version.email]
            for field in ADDRESS_FIELDS:
                address = addresses.get(getattr(version, field))
                if address is not None:
                    parts += [address.street_name, address.postal_code_id, address.postal_code.name]
            version.search_text = "\n" + "\n".join(p.lower() for p in parts if p) + "\n"
        UnitVersion.objects.bulk_update(batch, ["search_text"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("hierarchy", "0007_unit_node")]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop)]
