"""Load the shipped classifications (data/sor and data/dk, see data/README.md). Idempotent:
rows already present are left as they are."""

import csv

from django.conf import settings


def _rows(*parts):
    with open(settings.SOR_DATA_DIR.joinpath(*parts), encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def load_unit_types(UnitType) -> int:
    existing = set(UnitType.objects.values_list("code", flat=True))
    new = [
        UnitType(
            code=row["snomed_code"],
            name=row["navn_da"],
            name_en=row["name_en"],
            is_owner_type=row["owner_type_level"] == "IE",
        )
        for row in _rows("sor", "sor-enhedstyper.csv")
        if row["snomed_code"] not in existing
    ]
    UnitType.objects.bulk_create(new)
    return len(new)


def load_municipalities(Municipality) -> int:
    existing = set(Municipality.objects.values_list("code", flat=True))
    new = [
        Municipality(
            code=row["kommunekode"],
            name=row["navn"],
            region_code=row["regionskode"],
            region_name=row["regionsnavn"],
        )
        for row in _rows("dk", "kommuner.csv")
        if row["kommunekode"] not in existing
    ]
    Municipality.objects.bulk_create(new)
    return len(new)


def load_message_types(EdiMessageType) -> int:
    existing = set(EdiMessageType.objects.values_list("urn", flat=True))
    new = [
        EdiMessageType(
            urn=row["urn"],
            code=row["meddelelsestype"],
            version=row["version"],
            format=row["format"],
            family=row["familie"],
            name=row["navn"],
        )
        for row in _rows("sor", "medcom-edi-meddelelsestyper.csv")
        if row["urn"] not in existing
    ]
    EdiMessageType.objects.bulk_create(new)
    return len(new)


def load_all() -> None:
    """For code that runs after a flush (transactional tests) or on a fresh database."""
    from addresses.reference import load_postal_codes

    from .models import EdiMessageType, Municipality, UnitType

    load_unit_types(UnitType)
    load_municipalities(Municipality)
    load_message_types(EdiMessageType)
    load_postal_codes()
