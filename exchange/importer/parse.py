"""Phase 1 of an import: a SOR XML file (and the EDI map beside it) to plain records with their
line numbers. Well-formed XML and the XSD are checked here; nothing here reads or writes the
database."""

import csv
import io
from datetime import date

from exchange.sorxml import (
    DKCC_2003,
    DKCC_2005,
    NS,
    XKOM_2005,
    XKOM_2006,
    Problem,
    SorFileRejected,
    parse_document,
    q,
    schema_problems,
)

from .records import ADDRESS_ELEMENTS, DATA_ELEMENT, TYPE_ELEMENT, AddressRecord, GlnRecord, UnitRecord

MSG_EDI_ENCODING = (
    "EDI-filen er ikke gemt som UTF-8 (byte {byte} kan ikke læses). Gem den som UTF-8 og prøv igen."
)


def _child(element, name: str, ns: str = NS):
    return element.find(q(name, ns)) if element is not None else None


def _text(element, name: str, ns: str = NS) -> str:
    child = _child(element, name, ns)
    return (child.text or "").strip() if child is not None else ""


def _date(text: str) -> date | None:
    # xs:date may carry a time zone ("2009-10-08+01:00"); the day is what counts.
    return date.fromisoformat(text[:10]) if text else None


def _bool(text: str) -> bool:
    return text in ("true", "1")


def _code(text: str) -> str:
    # Code fields are xs:long; 0 is what the export writes for "not registered".
    return "" if text in ("", "0") else text


def _status(element) -> dict:
    status = _child(element, "SorStatus")
    return {
        "from_date": _date(_text(status, "FromDate")),
        "to_date": _date(_text(status, "ToDate")),
        "updated_at": _date(_text(status, "UpdatedAt")),
        "first_from_date": _date(_text(status, "FirstFromDate")),
        "line": status.sourceline if status is not None else None,
    }


def _address(element, role: str) -> AddressRecord | None:
    info = _child(element, ADDRESS_ELEMENTS[role])
    if info is None:
        return None
    postal = _child(info, "AddressPostal", XKOM_2006)
    record = AddressRecord(role=role, line=(postal if postal is not None else info).sourceline)
    if postal is not None:
        record.street_name = _text(postal, "StreetName", DKCC_2005)
        record.house_number = _text(postal, "StreetBuildingIdentifier", DKCC_2003)
        record.floor = _text(postal, "FloorIdentifier", DKCC_2003)
        record.door = _text(postal, "SuiteIdentifier", DKCC_2003)
        record.postal_code = _text(postal, "PostCodeIdentifier", DKCC_2005)
        record.district_name = _text(postal, "DistrictName", DKCC_2005)
    record.stairway = _text(info, "Stairway")
    return record


def _gln(entity) -> GlnRecord | None:
    if entity is None:
        return None
    status = _status(entity)
    return GlnRecord(
        gln=_text(entity, "EanLocationCode"),
        line=_child(entity, "EanLocationCode").sourceline,
        only_internal=_bool(_text(entity, "OnlyInternalIndicator")),
        non_active=_bool(_text(entity, "NonActiveIndicator")),
        system_supplier=_code(_text(entity, "SystemSupplier")),
        system_type=_code(_text(entity, "SystemType")),
        communication_supplier=_code(_text(entity, "CommunicationSupplier")),
        region_code=_code(_text(entity, "RegionCode")),
        edi_administrator=_code(_text(entity, "EdiAdministrator")),
        note=_text(entity, "SorNote"),
        from_date=status["from_date"],
        first_from_date=status["first_from_date"],
        to_date=status["to_date"],
        updated_at=status["updated_at"],
    )


def _unit_record(data, kind: str, parent: UnitRecord | None) -> UnitRecord:
    record = UnitRecord(kind=kind, line=data.sourceline, parent=parent)
    sor_id = _child(data, "SorIdentifier")
    record.sor_id = (sor_id.text or "").strip()
    record.sor_id_line = sor_id.sourceline
    record.name = _text(data, "EntityName")
    name = _child(data, "EntityName")
    record.name_line = name.sourceline if name is not None else record.line
    type_element = _child(data, TYPE_ELEMENT[kind])
    if type_element is not None:
        record.type_code = (type_element.text or "").strip()
        record.type_line = type_element.sourceline
    if kind == "IE":
        record.gln = _gln(_child(data, "EanLocationCodeEntity"))
    else:
        record.gln = _gln(_child(_child(data, "OptionalEanLocationCode"), "EanLocationCodeEntity"))
    for role in ADDRESS_ELEMENTS:
        address = _address(data, role)
        if address is not None:
            record.addresses[role] = address
    virtual = _child(data, "VirtualAddressInformation")
    if virtual is not None:
        record.virtual_line = virtual.sourceline
        record.email = _text(virtual, "EmailAddressIdentifier", XKOM_2005)
        record.website = _text(virtual, "Website")
        record.phone = _text(virtual, "TelephoneNumberIdentifier")
        record.fax = _text(virtual, "FaxNumberIdentifier")
    record.shak = _text(data, "ShakIdentifier")
    record.provider_id = _text(data, "ProviderIdentifier")
    record.pharmacy_id = _text(data, "PharmacyIdentifier")
    record.local_code = _text(data, "LocalCode")
    geo = _child(data, "GeographicalParent")
    if geo is not None:
        relation = _text(geo, "GeographicalParentRelation")
        record.geographical_parent_relation = int(relation) if relation else None
        record.geographical_parent_sor_id = _text(geo, "GeographicalParentSorIdentifier")
    specialities = _child(data, "ClinicalSpecialityCollection")
    if specialities is not None:
        record.specialities = [
            {"code": _text(s, "SpecialityCode"), "type": _text(s, "SpecialityType")}
            for s in specialities.findall(q("ClinicalSpeciality"))
        ]
    info = _child(data, "OrganizationalUnitInformation")
    if info is not None:
        record.unit_information = {
            "ambulant": _bool(_text(info, "AmbulantActivityIndicator")),
            "patients_admitted": _bool(_text(info, "PatientsAdmittedIndicator")),
            "reporting_level": _bool(_text(info, "ReportingLevelIndicator")),
        }
    attributes = _child(data, "LocalAttributeCollection")
    if attributes is not None:
        record.local_attributes = [_text(attributes, f"LocalAttribute{i}") for i in range(1, 6)]
    for name, target in (
        ("ReplacesEntityCollection", "replaces"),
        ("ReplacedByEntityCollection", "replaced_by"),
    ):
        collection = _child(data, name)
        if collection is not None:
            setattr(record, target, [(s.text or "").strip() for s in collection.findall(q("SorIdentifier"))])
    status = _status(data)
    record.first_from_date = status["first_from_date"]
    record.from_date = status["from_date"]
    record.to_date = status["to_date"]
    record.updated_at = status["updated_at"]
    record.status_line = status["line"]
    return record


def parse_sor_xml(source: bytes) -> list[UnitRecord]:
    """The units of a SOR XML file, parents before children; SorFileRejected with every
    problem of a file that is not well-formed or not valid against the XSD."""
    doc = parse_document(source)
    problems = schema_problems(doc)
    if problems:
        raise SorFileRejected(problems)
    return read_records(doc)


def read_records(doc) -> list[UnitRecord]:
    """The units of a schema-valid document, parents before children (document order)."""
    records: list[UnitRecord] = []
    child_entity = {"IE": ("HealthInstitutionEntity", "SI"), "SI": ("OrganizationalUnitEntity", "OE")}
    child_entity["OE"] = child_entity["SI"]
    stack = [(entity, "IE", None) for entity in reversed(doc.getroot().findall(q("InstitutionOwnerEntity")))]
    while stack:
        entity, kind, parent = stack.pop()
        record = _unit_record(_child(entity, DATA_ELEMENT[kind]), kind, parent)
        records.append(record)
        tag, child_kind = child_entity[kind]
        stack.extend((child, child_kind, record) for child in reversed(entity.findall(q(tag))))
    return records


def read_edi_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SorFileRejected(
            [Problem(line, "EDI", MSG_EDI_ENCODING.format(byte=f"0x{data[exc.start]:02x}"))]
        ) from None


def read_edi_rows(text: str) -> list[dict]:
    """The EDI map (lokationsnummer → meddelelsestyper) written by `export_sor_xml --edi`."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    rows = []
    for number, row in enumerate(reader, start=2):
        rows.append(
            {k: (v or "").strip().removeprefix('="').removesuffix('"') for k, v in row.items()}
            | {"_line": number}
        )
    return rows
