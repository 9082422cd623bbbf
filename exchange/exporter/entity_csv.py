"""The daily "SorEntity" CSV of SOR: one row per unit with its effective (own or inherited)
addresses, contact details and lokationsnummer."""

import csv
from collections.abc import Iterator

from django.conf import settings

from hierarchy.models import Municipality
from sor_admin.csvexport import CsvWriter, excel_text

from .rows import CHUNK_UNITS, Frame, descend, export_units, frame_for, iso, related_or_none

ADDRESS_COLUMNS = (
    "StreetName",
    "StreetBuildingId",
    "FloorId",
    "SuiteId",
    "PostCodeId",
    "DistrictName",
    "CoordETRS89z32EMeasure",
    "CoordETRS89z32NMeasure",
)
SPECIALITY_COLUMNS = tuple(f"PrioritizedEntitySpeciality{i}Name" for i in range(1, 9))
SOR_ENTITY_COLUMNS = (
    "SorId",
    "SorType",
    "EntityName",
    "EntityTypeName",
    "ParentSorId",
    "HealthInstitutionSorId",
    "HealthInstitutionEntityName",
    "HealthInstitutionEntityTypeName",
    "InstitutionOwnerSorId",
    "InstitutionOwnerEntityName",
    "InstitutionOwnerEntityTypeName",
    "FromDate",
    "ToDate",
    "FirstFromDate",
    *(f"{role}Address{column}" for role in ("Postal", "Visiting", "Activity") for column in ADDRESS_COLUMNS),
    "VirtualAddressTelephoneNumber",
    "VirtualAddressWebsite",
    "VirtualAddressEmailAddress",
    "EanLocationCode",
    "EanLocationCodeInheritance",
    "EanLocationCodeRegionName",
    "ShakId",
    "ProviderId",
    "PharmacyId",
    *SPECIALITY_COLUMNS,
)


def _speciality_names() -> dict[str, str]:
    with open(settings.SOR_DATA_DIR / "sor" / "sor-kliniske-specialer.csv", encoding="utf-8") as fh:
        return {row["snomed_code"]: row["navn_da"] for row in csv.DictReader(fh)}


def _address_cells(address) -> list[str]:
    if address is None:
        return [""] * len(ADDRESS_COLUMNS)
    return [
        address.street_name,
        address.house_number,
        address.floor,
        address.door,
        address.postal_code_id,
        address.postal_code.name,
        "",
        "",
    ]


def iter_sor_entity_csv(*, municipality: Municipality | None = None) -> Iterator[bytes]:
    """One row per unit in the shape of SOR's daily SorEntity file (sor-domain.md §1.2):
    semicolon-separated UTF-8 with BOM, SOR-IDs and GLNs as ="…". Addresses, contact details and
    the lokationsnummer are the effective ones (inherited where the unit has none of its own), as
    SOR's CSV shows them."""
    writer = CsvWriter()
    lines = [writer.header_row(SOR_ENTITY_COLUMNS)]
    specialities = _speciality_names()
    regions = dict(Municipality.objects.values_list("region_code", "region_name").distinct())
    stack: list[Frame] = []
    for count, unit in enumerate(export_units(municipality=municipality).iterator(chunk_size=2000), start=1):
        parent = descend(stack, unit)
        frame = frame_for(unit, parent)
        stack.append(frame)
        ie = stack[0].unit
        si = next((f.unit for f in stack if f.unit.kind == "SI"), None)
        effective = frame.effective
        contact = effective.contact.value
        extra = related_or_none(unit)
        gln = frame.gln
        gln_extra = related_or_none(gln) if gln is not None else None
        region_code = (gln_extra.region_code if gln_extra else "") or frame.region_code
        names = [specialities.get(s["code"], s["code"]) for s in (extra.specialities if extra else [])][:8]
        lines.append(
            writer.row(
                [
                    excel_text(unit.sor_id),
                    unit.kind,
                    unit.name,
                    unit.unit_type.name,
                    excel_text(parent.unit.sor_id if parent else ""),
                    excel_text(si.sor_id if si else ""),
                    si.name if si else "",
                    si.unit_type.name if si else "",
                    excel_text(ie.sor_id),
                    ie.name,
                    ie.unit_type.name,
                    iso(unit.current_from),
                    iso(unit.valid_to),
                    iso(unit.valid_from),
                    *_address_cells(effective.postal_address.value),
                    *_address_cells(effective.visiting_address.value),
                    *(
                        _address_cells(effective.activity_address.value)
                        if effective.activity_address is not None
                        else [""] * len(ADDRESS_COLUMNS)
                    ),
                    contact.phone,
                    contact.website,
                    contact.email,
                    excel_text(gln.gln if gln else ""),
                    ("egen" if gln.unit_id == unit.pk else "nedarvet") if gln else "",
                    regions.get(region_code, "") if gln else "",
                    extra.shak if extra else "",
                    extra.provider_id if extra else "",
                    extra.pharmacy_id if extra else "",
                    *names,
                    *[""] * (8 - len(names)),
                ]
            )
        )
        if count % CHUNK_UNITS == 0:
            yield "".join(lines).encode("utf-8")
            lines.clear()
    yield "".join(lines).encode("utf-8")
