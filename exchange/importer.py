"""Import of a SOR XML export into the register (`manage.py import_sor_xml`).

Two phases. First the whole file is checked and nothing is written: well-formed XML, the XSD
(with the local xkom/dkcc stand-ins, see xsd/README.md), then the semantic checks (SOR-ID
Verhoeff check digit, GLN check digit, SOR-IDs and GLNs unique, known enhedstyper of the right
kind, addresses, contact details, dates, the parent structure against the register). Every
problem is reported with its line and element, and one problem rejects the file whole.

Then, in one transaction, every change goes through the services (`hierarchy.services` for units,
`exchange.location_numbers` for every lokationsnummer write), as
the system (actor None) with `strict=False`, so an OE may inherit telephone and postadresse as
SOR allows. Each service writes its own audit event; the import as a whole writes one more,
"exchange.sor_xml.import", with the counts. A unit that already holds exactly what the file says
is not touched, so importing the same file twice changes nothing the second time.

Mapping (sor-domain.md §1.2, §1.5): FirstFromDate → valid_from; ToDate → closed through
`unit_close` (children before parents); FromDate → the date a change to an existing unit takes
effect from. A missing VisitingAddressInformation, or one equal to the postadresse, means "samme
som postadresse"; the same for the activity address and the besøgsadresse. What the register
does not model is kept in `SorExtra`/`LocationNumberExtra`. Two adjustments are reported as
warnings, not errors: an OE without UnitType gets its nearest ancestor's type (flagged), and a
unit whose FirstFromDate lies before its parent's starts on the parent's date (the register
requires the parent to be active).
"""

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from addresses.services import AddressInput, address_check
from audit import services as audit
from hierarchy import services
from hierarchy.identifiers import gln_problem, sor_id_problem
from hierarchy.models import EdiMessageType, LocationNumber, Municipality, Unit, UnitType
from sor_admin.text import is_phone_text, text_problem

from . import location_numbers
from .models import LocationNumberClosure, LocationNumberExtra, SorExtra
from .sorxml import (
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

KOMMUNE_OWNER_TYPE = "547211000005108"
DATA_ELEMENT = {"IE": "InstitutionOwner", "SI": "HealthInstitution", "OE": "OrganizationalUnit"}
TYPE_ELEMENT = {"IE": "OwnerType", "SI": "InstitutionType", "OE": "UnitType"}
KIND_NAME = {"IE": "institutionsejer", "SI": "sundhedsinstitution", "OE": "organisatorisk enhed"}
ADDRESS_ELEMENTS = {
    "postal_address": "PostalAddressInformation",
    "visiting_address": "VisitingAddressInformation",
    "activity_address": "ActivityAddressInformation",
}
PROGRESS_EVERY = 100
# The columns that keep SOR's own values as read from the file, by the element they come from.
# The XSD allows more than some of them hold (RegionCode is an xs:long in a 4-character column).
STORED_ELEMENTS = {
    SorExtra: {
        "fax": "FaxNumberIdentifier",
        "shak": "ShakIdentifier",
        "provider_id": "ProviderIdentifier",
        "pharmacy_id": "PharmacyIdentifier",
        "local_code": "LocalCode",
        "geographical_parent_relation": "GeographicalParentRelation",
        "geographical_parent_sor_id": "GeographicalParentSorIdentifier",
    },
    LocationNumber: {
        "system_supplier": "SystemSupplier",
        "communication_supplier": "CommunicationSupplier",
        "note": "SorNote",
    },
    LocationNumberExtra: {
        "system_type": "SystemType",
        "region_code": "RegionCode",
        "edi_administrator": "EdiAdministrator",
    },
}

MSG_DUPLICATE_SOR_ID = "SOR-koden {value} forekommer flere gange i filen (også linje {other})."
MSG_UNKNOWN_TYPE = "Ukendt {element} {code}: koden findes ikke i SOR-klassifikationen af enhedstyper."
MSG_WRONG_TYPE_KIND = "{code} ({name}) er {what} og kan ikke bruges som {element}."
MSG_GLN_DUPLICATE = "Lokationsnummeret {value} forekommer flere gange i filen (også linje {other})."
MSG_GLN_HELD_OUTSIDE = (
    "Lokationsnummeret {gln} tilhører {unit} ({sor_id}), som ikke er med i filen. En import kan kun "
    "flytte et lokationsnummer mellem enheder, som filen selv beskriver: tag {unit} med i filen, "
    "eller flyt lokationsnummeret i registeret først."
)
MSG_KIND_CHANGED = "SOR-koden {value} findes i registeret som {existing}, men filen angiver den som {new}."
MSG_DATE_ORDER = "ToDate ({to}) ligger før FirstFromDate ({first})."
MSG_CHILD_OPEN = "Enheden er åben efter {day}, men den overliggende enhed {parent} lukker pr. {day}."
MSG_REOPEN = "Enheden er lukket pr. {day} i registeret; importen kan ikke genåbne eller flytte en lukning."
MSG_CLOSING_CHANGED = "Enheden er lukket pr. {existing} i registeret, men filen angiver ToDate {new}."
MSG_PHONE = "Telefonnummeret »{value}« skal have 8-20 tegn og må kun indeholde cifre, mellemrum, + og -."
MSG_EMAIL = "E-mailadressen »{value}« er ikke gyldig."
MSG_WEBSITE = "Hjemmesiden »{value}« er ikke en gyldig adresse."
MSG_SERVICE = "Registeret afviste enheden: {message}"
MSG_STORED_VALUE = "Værdien »{value}« kan ikke gemmes i registeret: {message}"
MSG_EDI_UNKNOWN_TYPE = "Ukendt meddelelsestype {value}."
MSG_EDI_UNKNOWN_GLN = "Lokationsnummeret {value} findes hverken i filen eller i registeret."
MSG_EDI_ENCODING = (
    "EDI-filen er ikke gemt som UTF-8 (byte {byte} kan ikke læses). Gem den som UTF-8 og prøv igen."
)
MSG_EDI_COLUMNS = "EDI-filen mangler kolonnerne EanLocationCode og Urn (eller Meddelelsestype og Version)."

W_TYPE_INFERRED = (
    "Linje {line}: {name} ({sor_id}) har ingen UnitType; enhedstypen {type} er overtaget fra {source}."
)
W_DATE_CLAMPED = (
    "Linje {line}: {name} ({sor_id}) har FirstFromDate {first}, før den overliggende enhed {parent} "
    "er gældende ({start}); enheden registreres som gældende fra {start}."
)
W_MUNICIPALITY_TAKEN = "Linje {line}: {name} er ikke knyttet til kommune {code}: kommunen har allerede institutionsejeren {other}."
W_START_DIFFERS = "Linje {line}: {name} ({sor_id}) er gældende fra {existing} i registeret; filens FirstFromDate {new} er ikke overført."
W_MUNICIPALITY_MISSING = "Linje {line}: {name} er i registeret ikke knyttet til kommune {code}; importen ændrer ikke kommunetilknytning."


# --- records read from the file ------------------------------------------------------------


@dataclass
class AddressRecord:
    role: str
    line: int | None
    street_name: str = ""
    house_number: str = ""
    floor: str = ""
    door: str = ""
    postal_code: str = ""
    district_name: str = ""
    stairway: str = ""
    normal: tuple | None = None  # (street, number, floor, door, postal code) after address_check

    @property
    def is_empty(self) -> bool:
        return not (self.street_name or self.postal_code or self.house_number)

    def to_input(self) -> AddressInput:
        # SOR is the authority on its own addresses: a street our offline list does not know is
        # taken as confirmed (a postnummer whose street list is complete still refuses it).
        return AddressInput(
            postal_code=self.postal_code,
            street_name=self.street_name,
            house_number=self.house_number,
            floor=self.floor,
            door=self.door,
            confirm_unknown_street=True,
        )


@dataclass
class GlnRecord:
    gln: str
    line: int | None
    only_internal: bool = False
    non_active: bool = False
    system_supplier: str = ""
    system_type: str = ""
    communication_supplier: str = ""
    region_code: str = ""
    edi_administrator: str = ""
    note: str = ""
    from_date: date | None = None
    first_from_date: date | None = None
    to_date: date | None = None
    updated_at: date | None = None

    def own_values(self) -> dict:
        return {
            "system_supplier": self.system_supplier,
            "communication_supplier": self.communication_supplier,
            "only_internal": self.only_internal,
            "note": self.note,
        }

    def extra_values(self) -> dict:
        return {
            "system_type": self.system_type,
            "region_code": self.region_code,
            "edi_administrator": self.edi_administrator,
            "non_active": self.non_active,
            "from_date": self.from_date,
            "first_from_date": self.first_from_date,
            "updated_at": self.updated_at,
        }


@dataclass
class UnitRecord:
    kind: str
    line: int | None
    parent: "UnitRecord | None"
    sor_id: str = ""
    sor_id_line: int | None = None
    name: str = ""
    name_line: int | None = None
    type_code: str = ""
    type_line: int | None = None
    type_inferred: bool = False
    addresses: dict = field(default_factory=dict)  # role -> AddressRecord
    phone: str = ""
    email: str = ""
    website: str = ""
    fax: str = ""
    virtual_line: int | None = None
    gln: GlnRecord | None = None
    shak: str = ""
    provider_id: str = ""
    pharmacy_id: str = ""
    local_code: str = ""
    geographical_parent_relation: int | None = None
    geographical_parent_sor_id: str = ""
    specialities: list = field(default_factory=list)
    unit_information: dict | None = None
    local_attributes: list = field(default_factory=list)
    replaces: list = field(default_factory=list)
    replaced_by: list = field(default_factory=list)
    first_from_date: date | None = None
    from_date: date | None = None
    to_date: date | None = None
    updated_at: date | None = None
    status_line: int | None = None
    valid_from: date | None = None  # the register's start date (FirstFromDate, maybe clamped)

    @property
    def element(self) -> str:
        return DATA_ELEMENT[self.kind]

    def extra_values(self) -> dict:
        return {
            "fax": self.fax,
            "shak": self.shak,
            "provider_id": self.provider_id,
            "pharmacy_id": self.pharmacy_id,
            "local_code": self.local_code,
            "geographical_parent_relation": self.geographical_parent_relation,
            "geographical_parent_sor_id": self.geographical_parent_sor_id,
            "specialities": self.specialities,
            "unit_information": self.unit_information,
            "local_attributes": self.local_attributes,
            "replaces": self.replaces,
            "replaced_by": self.replaced_by,
            "stairways": {
                role.removesuffix("_address"): a.stairway for role, a in self.addresses.items() if a.stairway
            },
            "unit_type_inferred": self.type_inferred,
            "first_from_date": self.first_from_date,
            "from_date": self.from_date,
            "updated_at": self.updated_at,
        }


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


# --- the import ------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    closed: int = 0
    gln_created: int = 0
    gln_moved: int = 0
    gln_changed: int = 0
    gln_closed: int = 0
    edi_changed: int = 0
    units: int = 0
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""

    def counts(self) -> dict:
        return {
            "units": self.units,
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "closed": self.closed,
            "gln_created": self.gln_created,
            "gln_moved": self.gln_moved,
            "gln_changed": self.gln_changed,
            "gln_closed": self.gln_closed,
            "edi_changed": self.edi_changed,
        }


def _normal_phone(value: str) -> str:
    return " ".join((value or "").split())


def _normal_website(value: str) -> str:
    value = (value or "").strip()
    if value and "://" not in value:
        value = "https://" + value
    return value


def _address_key(address) -> tuple | None:
    if address is None:
        return None
    return (address.street_name, address.house_number, address.floor, address.door, address.postal_code_id)


class SorXmlImporter:
    def __init__(self, *, progress: Callable[[str, int, int], None] | None = None, reason: str = ""):
        self.progress = progress or (lambda stage, done, total: None)
        self.reason = reason or "Import af SOR-XML"
        self.problems: list[Problem] = []
        self.result = ImportResult()
        self.types = {t.code: t for t in UnitType.objects.all()}
        self.message_types = {t.urn: t for t in EdiMessageType.objects.all()}
        self.existing: dict[str, Unit] = {}
        self.municipalities: dict[str, Municipality] = {}

    # --- phase 1: checks --------------------------------------------------------------------

    def problem(self, line, element, message) -> None:
        self.problems.append(Problem(line, element, message))

    def parse(self, source: bytes) -> list[UnitRecord]:
        doc = parse_document(source)
        problems = schema_problems(doc)
        if problems:
            raise SorFileRejected(problems)
        return read_records(doc)

    def check(self, records: list[UnitRecord], edi_rows: list[dict] | None) -> None:
        today = services.today()
        ids = [r.sor_id for r in records]
        for start in range(0, len(ids), 500):
            for unit in Unit.objects.filter(sor_id__in=ids[start : start + 500]):
                self.existing[unit.sor_id] = unit
        self._load_municipalities()
        seen_ids: dict[str, UnitRecord] = {}
        seen_glns: dict[str, GlnRecord] = {}
        closures = {
            c.gln: c
            for c in LocationNumberClosure.objects.filter(gln__in=[r.gln.gln for r in records if r.gln])
        }
        for index, record in enumerate(records, start=1):
            self._check_identity(record, seen_ids)
            self._check_type(record)
            self._check_text(record)
            self._check_contact(record)
            self._check_addresses(record)
            self._check_dates(record)
            self._check_stored_values(record)
            if record.gln is not None:
                self._check_gln(record, seen_glns, closures, today)
            if index % PROGRESS_EVERY == 0:
                self.progress("kontrol", index, len(records))
        self._check_gln_holders(records)
        if edi_rows is not None:
            self._check_edi(edi_rows, seen_glns)
        if self.problems:
            raise SorFileRejected(self.problems)

    def _load_municipalities(self) -> None:
        for municipality in Municipality.objects.all():
            for name in (municipality.owner_name, f"{municipality.name} Kommune"):
                self.municipalities[name.casefold()] = municipality

    def _check_identity(self, record: UnitRecord, seen: dict) -> None:
        problem = sor_id_problem(record.sor_id)
        if problem:
            self.problem(record.sor_id_line, "SorIdentifier", problem)
        other = seen.get(record.sor_id)
        if other is not None:
            self.problem(
                record.sor_id_line,
                "SorIdentifier",
                MSG_DUPLICATE_SOR_ID.format(value=record.sor_id, other=other.sor_id_line),
            )
        seen[record.sor_id] = record
        existing = self.existing.get(record.sor_id)
        if existing is not None and existing.kind != record.kind:
            self.problem(
                record.sor_id_line,
                "SorIdentifier",
                MSG_KIND_CHANGED.format(
                    value=record.sor_id, existing=KIND_NAME[existing.kind], new=KIND_NAME[record.kind]
                ),
            )

    def _check_type(self, record: UnitRecord) -> None:
        element = TYPE_ELEMENT[record.kind]
        if not record.type_code:
            # Only UnitType (OE) is optional in the XSD: take the nearest ancestor's type.
            source = record.parent
            record.type_code = source.type_code if source else ""
            record.type_inferred = True
            record.type_line = record.line
            if record.type_code in self.types:
                self.result.warnings.append(
                    W_TYPE_INFERRED.format(
                        line=record.line,
                        name=record.name,
                        sor_id=record.sor_id,
                        type=self.types[record.type_code].name,
                        source=source.name,
                    )
                )
            return
        unit_type = self.types.get(record.type_code)
        if unit_type is None:
            self.problem(
                record.type_line, element, MSG_UNKNOWN_TYPE.format(element=element, code=record.type_code)
            )
        elif unit_type.is_owner_type != (record.kind == "IE"):
            what = "en ejertype (IE)" if unit_type.is_owner_type else "en enhedstype"
            self.problem(
                record.type_line,
                element,
                MSG_WRONG_TYPE_KIND.format(
                    code=record.type_code, name=unit_type.name, what=what, element=element
                ),
            )

    def _check_text(self, record: UnitRecord) -> None:
        """The text the register keeps, by the same check as every other way in (addresses:
        address_check in _check_addresses). Each element once, so one problem is one line."""
        texts = [
            (record.name_line, "EntityName", "Navnet", record.name),
            (record.virtual_line, "EmailAddressIdentifier", "E-mailadressen", record.email),
            (record.virtual_line, "Website", "Hjemmesiden", record.website),
            (record.virtual_line, "FaxNumberIdentifier", "Faxnummeret", record.fax),
            (record.line, "LocalCode", "Den lokale kode", record.local_code),
        ]
        texts += [
            (record.line, f"LocalAttribute{i}", "Den lokale attribut", value)
            for i, value in enumerate(record.local_attributes, start=1)
        ]
        if record.gln is not None:
            texts.append((record.gln.line, "SorNote", "Noten", record.gln.note))
        for line, element, what, value in texts:
            problem = text_problem(value, what=what)
            if problem:
                self.problem(line, element, problem)

    def _check_contact(self, record: UnitRecord) -> None:
        phone = _normal_phone(record.phone)
        if phone and (not (8 <= len(phone) <= 20) or not is_phone_text(phone)):
            self.problem(
                record.virtual_line, "TelephoneNumberIdentifier", MSG_PHONE.format(value=record.phone)
            )
        if record.email:
            try:
                EmailValidator()(record.email)
            except ValidationError:
                self.problem(
                    record.virtual_line, "EmailAddressIdentifier", MSG_EMAIL.format(value=record.email)
                )
        if record.website:
            try:
                URLValidator(schemes=["http", "https"])(_normal_website(record.website))
            except ValidationError:
                self.problem(record.virtual_line, "Website", MSG_WEBSITE.format(value=record.website))

    def _check_addresses(self, record: UnitRecord) -> None:
        for role, address in record.addresses.items():
            if address.is_empty:
                continue
            try:
                checked = address_check(address.to_input(), field=role)
            except ValidationError as exc:
                for messages in exc.message_dict.values():
                    for message in messages:
                        self.problem(address.line, "AddressPostal", f"{ADDRESS_ELEMENTS[role]}: {message}")
                continue
            v = checked.value
            address.normal = (v.street_name, v.house_number, v.floor, v.door, v.postal_code)

    def _check_dates(self, record: UnitRecord) -> None:
        if record.to_date and record.first_from_date and record.to_date < record.first_from_date:
            self.problem(
                record.status_line,
                "SorStatus",
                MSG_DATE_ORDER.format(to=record.to_date, first=record.first_from_date),
            )
        parent = record.parent
        if (
            parent is not None
            and parent.to_date
            and (record.to_date is None or record.to_date > parent.to_date)
        ):
            self.problem(
                record.status_line,
                "SorStatus",
                MSG_CHILD_OPEN.format(
                    day=parent.to_date.isoformat(), parent=f"{parent.name} ({parent.sor_id})"
                ),
            )
        existing = self.existing.get(record.sor_id)
        if existing is not None and existing.valid_to is not None:
            if record.to_date is None:
                self.problem(
                    record.status_line, "SorStatus", MSG_REOPEN.format(day=existing.valid_to.isoformat())
                )
            elif record.to_date != existing.valid_to:
                self.problem(
                    record.status_line,
                    "ToDate",
                    MSG_CLOSING_CHANGED.format(
                        existing=existing.valid_to.isoformat(), new=record.to_date.isoformat()
                    ),
                )

    def _check_stored_values(self, record: UnitRecord) -> None:
        # Checked here with each column's own validators, so a value that does not fit refuses
        # the file before anything is written instead of failing in the database (PostgreSQL)
        # or being stored as it is (SQLite).
        values = [(SorExtra, record.extra_values(), record.line)]
        if record.gln is not None:
            values.append((LocationNumber, record.gln.own_values(), record.gln.line))
            values.append((LocationNumberExtra, record.gln.extra_values(), record.gln.line))
        for model, row, line in values:
            for name, element in STORED_ELEMENTS[model].items():
                try:
                    model._meta.get_field(name).clean(row[name], None)
                except ValidationError as exc:
                    self.problem(
                        line,
                        element,
                        MSG_STORED_VALUE.format(value=row[name], message=" ".join(exc.messages)),
                    )

    def _check_gln(self, record: UnitRecord, seen: dict, closures: dict, today: date) -> None:
        gln = record.gln
        problem = gln_problem(gln.gln)
        if problem:
            self.problem(gln.line, "EanLocationCode", problem)
        other = seen.get(gln.gln)
        if other is not None:
            self.problem(
                gln.line, "EanLocationCode", MSG_GLN_DUPLICATE.format(value=gln.gln, other=other.line)
            )
        seen[gln.gln] = gln
        closure = closures.get(gln.gln)
        if closure is not None and closure.closing_date != gln.to_date:
            self.problem(
                gln.line,
                "EanLocationCode",
                location_numbers.MSG_CLOSED_GLN.format(
                    gln=gln.gln, day=closure.closing_date.strftime("%d-%m-%Y")
                ),
            )

    def _check_gln_holders(self, records: list[UnitRecord]) -> None:
        # A GLN routes messages for its unit and every unit inheriting it: a file that does not
        # describe the current holder cannot know it is taking the number away from it.
        described = {r.sor_id for r in records}
        wanted = {r.gln.gln: r.gln for r in records if r.gln}
        glns = list(wanted)
        for start in range(0, len(glns), 500):
            held = LocationNumber.objects.filter(gln__in=glns[start : start + 500]).select_related("unit")
            for number in held:
                if number.unit.sor_id in described:
                    continue
                self.problem(
                    wanted[number.gln].line,
                    "EanLocationCode",
                    MSG_GLN_HELD_OUTSIDE.format(
                        gln=number.gln, unit=number.unit.name, sor_id=number.unit.sor_id
                    ),
                )

    def _check_edi(self, rows: list[dict], file_glns: dict) -> None:
        if rows and not ("EanLocationCode" in rows[0] and ("Urn" in rows[0] or "Meddelelsestype" in rows[0])):
            self.problem(1, "EDI", MSG_EDI_COLUMNS)
            return
        by_code = {}
        for message_type in self.message_types.values():
            by_code[(message_type.code, message_type.version)] = message_type
        known_glns = set(file_glns) | set(
            LocationNumber.objects.filter(gln__in={r["EanLocationCode"] for r in rows}).values_list(
                "gln", flat=True
            )
        )
        for row in rows:
            message_type = self.message_types.get(row.get("Urn", "")) or by_code.get(
                (row.get("Meddelelsestype", ""), row.get("Version", ""))
            )
            if message_type is None:
                value = row.get("Urn") or f"{row.get('Meddelelsestype', '')} {row.get('Version', '')}".strip()
                self.problem(row["_line"], "EDI", MSG_EDI_UNKNOWN_TYPE.format(value=value))
            else:
                row["_type"] = message_type
            if row["EanLocationCode"] not in known_glns:
                self.problem(row["_line"], "EDI", MSG_EDI_UNKNOWN_GLN.format(value=row["EanLocationCode"]))

    # --- phase 2: writes --------------------------------------------------------------------

    def write(self, records: list[UnitRecord], edi_rows: list[dict] | None, *, source_name: str) -> None:
        units: dict[str, Unit] = {}
        touched: set[str] = set()
        created: set[str] = set()
        for index, record in enumerate(records, start=1):
            try:
                unit, was_created, was_changed = self._write_unit(record, units)
            except ValidationError as exc:
                raise SorFileRejected([self._service_problem(record, exc)]) from None
            units[record.sor_id] = unit
            if was_created:
                created.add(record.sor_id)
            elif was_changed:
                touched.add(record.sor_id)
            if index % PROGRESS_EVERY == 0:
                self.progress("import", index, len(records))
        touched |= self._write_glns(records, units)
        if edi_rows is not None:
            touched |= self._write_edi(records, edi_rows, units)
        for record in reversed(records):  # children before their parents
            unit = units[record.sor_id]
            if record.to_date and unit.valid_to is None:
                try:
                    units[record.sor_id] = services.unit_close(
                        actor=None,
                        unit=unit,
                        closing_date=record.to_date,
                        reason=self.reason,
                        confirm_impact=True,
                    )
                except ValidationError as exc:
                    raise SorFileRejected([self._service_problem(record, exc, element="ToDate")]) from None
                self.result.closed += 1
                touched.add(record.sor_id)
        touched |= self._write_extras(records, units, created | touched)
        touched -= created
        self.result.created = len(created)
        self.result.changed = len(touched)
        self.result.unchanged = len(records) - len(created) - len(touched)
        self.result.units = len(records)
        audit.record(
            actor=None,
            actor_name="system:import_sor_xml",
            action="exchange.sor_xml.import",
            object_type="exchange.sor_xml",
            object_id=self.result.sha256[:40],
            object_repr=source_name,
            reason=self.reason,
            before=None,
            after={
                **self.result.counts(),
                "sha256": self.result.sha256,
                "warnings": len(self.result.warnings),
            },
        )

    def _service_problem(
        self, record: UnitRecord, exc: ValidationError, element: str | None = None
    ) -> Problem:
        if hasattr(exc, "message_dict"):
            text = " ".join(m for messages in exc.message_dict.values() for m in messages)
        else:
            text = " ".join(exc.messages)
        return Problem(record.line, element or record.element, MSG_SERVICE.format(message=text))

    def _unit_data(self, record: UnitRecord, unit: Unit | None) -> services.UnitData:
        unit_type = self.types[record.type_code]
        if record.type_inferred and unit is not None:
            unit_type = unit.unit_type  # an absent UnitType never overrides a registered one
        postal = record.addresses.get("postal_address")
        visiting = record.addresses.get("visiting_address")
        activity = record.addresses.get("activity_address")
        postal_input = postal.to_input() if postal and not postal.is_empty else None
        postal_key = postal.normal if postal_input else None
        visiting_same = visiting is None or visiting.is_empty or visiting.normal == postal_key
        visiting_key = postal_key if visiting_same else visiting.normal
        activity_same = (
            record.kind != "OE" or activity is None or activity.is_empty or activity.normal == visiting_key
        )
        return services.UnitData(
            name=record.name,
            unit_type=unit_type,
            phone=record.phone,
            email=record.email,
            website=record.website,
            postal_address=postal_input,
            visiting_same_as_postal=visiting_same,
            visiting_address=None if visiting_same else visiting.to_input(),
            activity_same_as_visiting=activity_same,
            activity_address=None if activity_same else activity.to_input(),
        )

    def _differences(self, unit: Unit, data: services.UnitData, record: UnitRecord) -> list[str]:
        def key(role):
            address = record.addresses.get(role)
            return address.normal if address is not None and not address.is_empty else None

        wanted = {
            "name": data.name.strip(),
            "unit_type": data.unit_type.code,
            "phone": _normal_phone(data.phone),
            "email": data.email.strip(),
            "website": _normal_website(data.website),
            "postal_address": key("postal_address") if data.postal_address else None,
            "visiting_same_as_postal": data.visiting_same_as_postal,
            "visiting_address": None if data.visiting_same_as_postal else key("visiting_address"),
            "activity_same_as_visiting": data.activity_same_as_visiting,
            "activity_address": None if data.activity_same_as_visiting else key("activity_address"),
        }
        current = {
            "name": unit.name,
            "unit_type": unit.unit_type_id,
            "phone": unit.phone,
            "email": unit.email,
            "website": unit.website,
            "postal_address": _address_key(unit.postal_address),
            "visiting_same_as_postal": unit.visiting_same_as_postal,
            "visiting_address": _address_key(unit.visiting_address),
            "activity_same_as_visiting": unit.activity_same_as_visiting,
            "activity_address": _address_key(unit.activity_address),
        }
        return [name for name in wanted if wanted[name] != current[name]]

    def _municipality(self, record: UnitRecord) -> Municipality | None:
        if record.kind != "IE" or record.type_code != KOMMUNE_OWNER_TYPE:
            return None
        municipality = self.municipalities.get(record.name.casefold())
        if municipality is None:
            return None
        holder = Unit.objects.filter(municipality=municipality).exclude(sor_id=record.sor_id).first()
        if holder is not None:
            self.result.warnings.append(
                W_MUNICIPALITY_TAKEN.format(
                    line=record.line, name=record.name, code=municipality.code, other=holder
                )
            )
            return None
        return municipality

    def _write_unit(self, record: UnitRecord, units: dict) -> tuple[Unit, bool, bool]:
        parent = units[record.parent.sor_id] if record.parent else None
        valid_from = record.first_from_date
        if parent is not None and parent.valid_from > valid_from:
            self.result.warnings.append(
                W_DATE_CLAMPED.format(
                    line=record.line,
                    name=record.name,
                    sor_id=record.sor_id,
                    first=record.first_from_date.isoformat(),
                    parent=parent.name,
                    start=parent.valid_from.isoformat(),
                )
            )
            valid_from = parent.valid_from
        record.valid_from = valid_from
        unit = self.existing.get(record.sor_id)
        if unit is None:
            unit = services.unit_create(
                actor=None,
                kind=record.kind,
                parent=parent,
                data=self._unit_data(record, None),
                valid_from=valid_from,
                reason=self.reason,
                sor_id=record.sor_id,
                municipality=self._municipality(record),
                strict=False,
            )
            return unit, True, False
        unit = Unit.objects.select_related(
            "unit_type", "postal_address", "visiting_address", "activity_address", "municipality"
        ).get(pk=unit.pk)
        if unit.valid_from != valid_from:
            self.result.warnings.append(
                W_START_DIFFERS.format(
                    line=record.line,
                    name=record.name,
                    sor_id=record.sor_id,
                    existing=unit.valid_from.isoformat(),
                    new=valid_from.isoformat(),
                )
            )
        if record.kind == "IE" and unit.municipality is None:
            municipality = self._municipality(record)
            if municipality is not None:
                self.result.warnings.append(
                    W_MUNICIPALITY_MISSING.format(line=record.line, name=record.name, code=municipality.code)
                )
        effective = max(record.from_date or valid_from, unit.valid_from)
        if unit.valid_to is not None:
            effective = min(effective, unit.valid_to)
        changed = False
        data = self._unit_data(record, unit)
        if self._differences(unit, data, record):
            try:
                unit = services.unit_update(
                    actor=None,
                    unit=unit,
                    data=data,
                    effective_date=effective,
                    reason=self.reason,
                    strict=False,
                )
                changed = True
            except services.NoChanges:
                pass  # differs from today's unit, but the version in force on that date holds it
        if parent is not None and unit.parent_id != parent.pk:
            unit = services.unit_move(
                actor=None,
                unit=unit,
                new_parent=parent,
                effective_date=effective,
                reason=self.reason,
                confirm_impact=True,
            )
            changed = True
        return unit, False, changed

    def _write_glns(self, records: list[UnitRecord], units: dict) -> set[str]:
        touched: set[str] = set()
        wanted = {r.gln.gln: r for r in records if r.gln}
        today = services.today()
        current = {
            n.unit_id: n
            for n in LocationNumber.objects.filter(unit__in=[u.pk for u in units.values()]).select_related(
                "unit"
            )
        }
        for record in records:
            number = current.get(units[record.sor_id].pk)
            own = record.gln.gln if record.gln else None
            if number is not None and number.gln != own and number.gln not in wanted:
                location_numbers.location_number_close(
                    actor=None,
                    location_number=number,
                    closing_date=today - timedelta(days=1),
                    reason=self.reason,
                )
                self.result.gln_closed += 1
                touched.add(record.sor_id)
        closures = {c.gln: c for c in LocationNumberClosure.objects.filter(gln__in=list(wanted))}
        for gln, record in wanted.items():
            if gln in closures:
                continue  # closed before with the same date (checked): nothing left to do
            unit = units[record.sor_id]
            try:
                changed = self._write_gln(record.gln, unit)
            except ValidationError as exc:
                problem = self._service_problem(record, exc, element="EanLocationCodeEntity")
                raise SorFileRejected([Problem(record.gln.line, problem.element, problem.message)]) from None
            if changed:
                touched.add(record.sor_id)
        return touched

    def _write_gln(self, gln: GlnRecord, unit: Unit) -> bool:
        number = LocationNumber.objects.select_related("unit").filter(gln=gln.gln).first()
        changed = False
        if number is None:
            number = location_numbers.location_number_create(
                actor=None, unit=unit, gln=gln.gln, reason=self.reason, **gln.own_values()
            )
            self.result.gln_created += 1
            changed = True
        elif number.unit_id != unit.pk:
            number = location_numbers.location_number_move(
                actor=None, location_number=number, new_unit=unit, reason=self.reason
            )
            self.result.gln_moved += 1
            changed = True
        extra = LocationNumberExtra.objects.filter(location_number=number).first()
        extra_values = gln.extra_values()
        if extra is None:
            extra_differs = any(v not in ("", None, False) for v in extra_values.values())
        else:
            extra_differs = any(getattr(extra, k) != v for k, v in extra_values.items())
        if extra_differs or any(getattr(number, k) != v for k, v in gln.own_values().items()):
            number = location_numbers.location_number_update(
                actor=None, location_number=number, reason=self.reason, **gln.own_values(), **extra_values
            )
            if not changed:
                self.result.gln_changed += 1
                changed = True
        if gln.to_date is not None:
            location_numbers.location_number_close(
                actor=None, location_number=number, closing_date=gln.to_date, reason=self.reason
            )
            self.result.gln_closed += 1
            changed = True
        return changed

    def _write_edi(self, records: list[UnitRecord], rows: list[dict], units: dict) -> set[str]:
        touched: set[str] = set()
        wanted: dict[str, set] = {r.gln.gln: set() for r in records if r.gln}
        for row in rows:
            wanted.setdefault(row["EanLocationCode"], set()).add(row["_type"].pk)
        for number in LocationNumber.objects.filter(gln__in=list(wanted)).select_related("unit"):
            have = set(number.message_types.values_list("pk", flat=True))
            if have != wanted[number.gln]:
                location_numbers.location_number_set_message_types(
                    actor=None,
                    location_number=number,
                    message_types=EdiMessageType.objects.filter(pk__in=wanted[number.gln]),
                    reason=self.reason,
                )
                self.result.edi_changed += 1
                touched.add(number.unit.sor_id)
        return touched

    def _write_extras(self, records: list[UnitRecord], units: dict, written: set[str]) -> set[str]:
        touched: set[str] = set()
        ids = [u.pk for u in units.values()]
        extras = {}
        revisions = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            extras.update({e.unit_id: e for e in SorExtra.objects.filter(unit_id__in=chunk)})
            revisions.update(dict(Unit.objects.filter(pk__in=chunk).values_list("pk", "revision")))
        for record in records:
            unit = units[record.sor_id]
            values = record.extra_values()
            extra = extras.get(unit.pk)
            if extra is None:
                extra = SorExtra(unit=unit)
                dirty = True
            else:
                dirty = any(getattr(extra, k) != v for k, v in values.items())
            if record.sor_id in written:
                dirty = dirty or extra.imported_revision != revisions[unit.pk]
            if not dirty:
                continue
            for key, value in values.items():
                setattr(extra, key, value)
            extra.imported_revision = revisions[unit.pk]
            extra.save()
            touched.add(record.sor_id)
        return touched

    # --- entry point ------------------------------------------------------------------------

    def run(
        self, source: bytes, *, source_name: str, edi_text: str | None = None, dry_run: bool = False
    ) -> ImportResult:
        self.result.sha256 = hashlib.sha256(source).hexdigest()
        records = self.parse(source)
        edi_rows = read_edi_rows(edi_text) if edi_text is not None else None
        self.check(records, edi_rows)
        self.result.units = len(records)
        if dry_run:
            return self.result
        with transaction.atomic():
            self.write(records, edi_rows, source_name=source_name)
        return self.result


def import_sor_xml(path, *, edi_path=None, progress=None, dry_run=False, reason: str = "") -> ImportResult:
    path = Path(path)
    importer = SorXmlImporter(progress=progress, reason=reason or f"Import af SOR-XML {path.name}")
    edi_text = read_edi_text(Path(edi_path).read_bytes()) if edi_path else None
    return importer.run(path.read_bytes(), source_name=path.name, edi_text=edi_text, dry_run=dry_run)
