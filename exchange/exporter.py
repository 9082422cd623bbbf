"""Exports in SOR's own formats: SOR XML (2012 schema), the daily "SorEntity" CSV and the EDI
map (lokationsnummer → meddelelsestyper, which SOR XML has no place for).

All three are generators of byte chunks, so a command writes them to a file and a view streams
them, and memory stays flat however large the register: the units are read with `.iterator()` in
tree order (`tree_id`, `lft`), and the only state kept is the path from the IE down to the
current unit (for the nesting of the XML and for inherited addresses, contact details and
lokationsnumre).

The export writes what the register holds and invents nothing. Where the register lacks what
SOR's schema requires (an IE without telephone number, say), the element is left out, the file
then fails XSD validation at that spot, and a warning names the unit. One convention: the
mandatory EDI codes of a lokationsnummer (SystemSupplier, SystemType, CommunicationSupplier,
RegionCode, EdiAdministrator) are written as 0 when not registered; 0 is no valid code, and the
importer reads it back as "not registered".
"""

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import QuerySet
from django.utils import timezone
from lxml import etree

from hierarchy import inheritance, services
from hierarchy.models import LocationNumber, Municipality, Unit, UnitVersion
from sor_admin.csvexport import CsvWriter, excel_text
from sor_admin.text import is_ascii_digits, xml_safe

from .models import LocationNumberClosure
from .sorxml import DKCC_2003, DKCC_2005, GEO_ORGANISATIONAL_PARENT, NS, NSMAP, XKOM_2005, XKOM_2006, q

CHUNK_UNITS = 500
DATA_ELEMENT = {"IE": "InstitutionOwner", "SI": "HealthInstitution", "OE": "OrganizationalUnit"}
ENTITY_ELEMENT = {
    "IE": "InstitutionOwnerEntity",
    "SI": "HealthInstitutionEntity",
    "OE": "OrganizationalUnitEntity",
}

W_NO_PHONE = "{unit}: har intet telefonnummer, som SOR-XML kræver i VirtualAddressInformation ({where})."
W_NO_POSTAL = "{unit}: har ingen postadresse, som SOR-XML kræver for en institutionsejer."
W_NOT_A_CODE = "{unit}: {field} »{value}« på lokationsnummer {gln} er ikke en talkode og skrives som 0."
W_NOT_XML = (
    "{unit}: {element} indeholder tegn, som XML ikke kan rumme (fx styretegn); de er udeladt i "
    "udtrækket. Ret teksten i registeret."
)
W_EMPTY = "Udtrækket indeholder ingen enheder; SOR-XML kræver mindst én institutionsejer."


class _Sink:
    """A write() target whose contents are taken out chunk by chunk."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> None:
        self.parts.append(data if isinstance(data, bytes) else data.encode("utf-8"))

    def drain(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def export_units(*, municipality: Municipality | None = None) -> QuerySet:
    """Every unit of the register (or of one kommune's IE tree) in tree order, with what the
    exports need joined in, one row per unit."""
    on = services.today()
    current_from = (
        UnitVersion.objects.filter(unit=OuterRef("pk"), valid_from__lte=on)
        .order_by("-valid_from")
        .values("valid_from")[:1]
    )
    closing = LocationNumberClosure.objects.filter(
        gln=OuterRef("location_number__gln"), applied_at__isnull=True
    ).values("closing_date")[:1]
    queryset = (
        Unit.objects.select_related(
            "unit_type",
            "municipality",
            "postal_address__postal_code",
            "visiting_address__postal_code",
            "activity_address__postal_code",
            "location_number__sor_extra",
            "sor_extra",
        )
        .annotate(
            current_from=Coalesce(Subquery(current_from), "valid_from"),
            gln_closing_date=Subquery(closing),
        )
        .order_by("tree_id", "lft")
    )
    if municipality is not None:
        owner = Unit.objects.filter(municipality=municipality).first()
        queryset = queryset.filter(tree_id=owner.tree_id) if owner is not None else queryset.none()
    return queryset


def _extra(obj, name="sor_extra"):
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _own_gln(unit) -> LocationNumber | None:
    return _extra(unit, "location_number")


def unchanged_since_import(unit) -> bool:
    extra = _extra(unit)
    return extra is not None and extra.imported_revision == unit.revision


def _d(day: date | None) -> str:
    return day.isoformat() if day else ""


@dataclass
class _Frame:
    """What a unit passes down to the units below it."""

    unit: Unit
    effective: inheritance.Effective  # its addresses and contact block, own or inherited
    gln: LocationNumber | None
    region_code: str
    cm: object = None  # the open XML *Entity element


def _descend(stack: list[_Frame], unit: Unit) -> _Frame | None:
    """Pop frames that are not ancestors of `unit` and return its parent's frame."""
    while stack and (stack[-1].unit.tree_id != unit.tree_id or stack[-1].unit.level >= unit.level):
        frame = stack.pop()
        if frame.cm is not None:
            frame.cm.__exit__(None, None, None)
    return stack[-1] if stack else None


def _frame_for(unit: Unit, parent: _Frame | None) -> _Frame:
    own_gln = _own_gln(unit)
    if parent is None:
        region = unit.municipality.region_code if unit.municipality_id else ""
        return _Frame(
            unit=unit,
            effective=inheritance.inherit(unit, None, kind=unit.kind),
            gln=own_gln,
            region_code=region,
        )
    return _Frame(
        unit=unit,
        effective=inheritance.inherit(unit, parent.effective, kind=unit.kind),
        gln=own_gln or parent.gln,
        region_code=parent.region_code,
    )


# --- SOR XML ---------------------------------------------------------------------------------


class _XmlWriter:
    def __init__(self, xf, warnings: list[str]):
        self.xf = xf
        self.warnings = warnings
        self.current: Unit | None = None  # the unit being written, for warnings

    def leaf(self, name: str, text, ns: str = NS, attrib=None) -> None:
        # Data stored before every way in checked text may hold characters XML cannot carry;
        # lxml would stop the whole export at them, so they are left out and reported.
        text = str(text)
        safe = xml_safe(text)
        if safe != text:
            self.warnings.append(W_NOT_XML.format(unit=xml_safe(str(self.current)), element=name))
        with self.xf.element(q(name, ns), attrib or {}):
            self.xf.write(safe)
        self.xf.write("\n")

    @contextmanager
    def block(self, name: str, ns: str = NS):
        # One element per line, so a validator's line numbers point at something.
        with self.xf.element(q(name, ns)):
            self.xf.write("\n")
            yield
        self.xf.write("\n")

    def address(self, element: str, address, stairway: str = "") -> None:
        with self.block(element):
            with self.block("AddressPostal", XKOM_2006):
                if address is not None:
                    self.leaf("StreetName", address.street_name, DKCC_2005)
                    if address.house_number:
                        self.leaf("StreetBuildingIdentifier", address.house_number, DKCC_2003)
                    if address.floor:
                        self.leaf("FloorIdentifier", address.floor, DKCC_2003)
                    if address.door:
                        self.leaf("SuiteIdentifier", address.door, DKCC_2003)
                    self.leaf("PostCodeIdentifier", address.postal_code_id, DKCC_2005)
                    self.leaf("DistrictName", address.postal_code.name[:34], DKCC_2005)
                    self.leaf("CountryIdentificationCode", "DK", DKCC_2003, {"scheme": "iso3166-alpha2"})
            if stairway:
                self.leaf("Stairway", stairway)

    def status(self, *, from_date, to_date, updated_at, first_from_date) -> None:
        with self.block("SorStatus"):
            self.leaf("FromDate", _d(from_date))
            if to_date:
                self.leaf("ToDate", _d(to_date))
            if updated_at:
                self.leaf("UpdatedAt", _d(updated_at))
            self.leaf("FirstFromDate", _d(first_from_date))

    def code(self, unit, number, field: str, value: str) -> str:
        if value and not is_ascii_digits(value):
            self.warnings.append(W_NOT_A_CODE.format(unit=unit, field=field, value=value, gln=number.gln))
            return "0"
        return value or "0"

    def gln(self, unit: Unit, number: LocationNumber, region_code: str) -> None:
        extra = _extra(number)
        with self.block("EanLocationCodeEntity"):
            self.leaf("EanLocationCode", number.gln)
            self.leaf("OnlyInternalIndicator", "true" if number.only_internal else "false")
            self.leaf("NonActiveIndicator", "true" if extra is not None and extra.non_active else "false")
            self.leaf("SystemSupplier", self.code(unit, number, "SystemSupplier", number.system_supplier))
            self.leaf("SystemType", self.code(unit, number, "SystemType", extra.system_type if extra else ""))
            self.leaf(
                "CommunicationSupplier",
                self.code(unit, number, "CommunicationSupplier", number.communication_supplier),
            )
            self.leaf(
                "RegionCode",
                self.code(unit, number, "RegionCode", (extra.region_code if extra else "") or region_code),
            )
            self.leaf(
                "EdiAdministrator",
                self.code(unit, number, "EdiAdministrator", extra.edi_administrator if extra else ""),
            )
            if number.note:
                self.leaf("SorNote", number.note)
            closing = unit.gln_closing_date
            if (extra is not None and extra.first_from_date) or closing:
                # GLN dates are not modelled by the register: SOR's own, else the unit's start.
                first = (extra.first_from_date if extra else None) or unit.valid_from
                self.status(
                    from_date=(extra.from_date if extra else None) or first,
                    to_date=closing,
                    updated_at=extra.updated_at if extra else None,
                    first_from_date=first,
                )

    def virtual(self, unit: Unit, extra, *, mandatory: bool) -> None:
        # The unit's own block only: a reader of SOR XML takes an absent block from the nearest
        # enclosing unit, which is the rule `hierarchy.inheritance` applies.
        own = inheritance.own_contact(unit)
        fax = extra.fax if extra is not None else ""
        if not (mandatory or own or fax):
            return
        with self.block("VirtualAddressInformation"):
            if own.email:
                self.leaf("EmailAddressIdentifier", own.email, XKOM_2005)
            if own.website:
                self.leaf("Website", own.website)
            if own.phone:
                self.leaf("TelephoneNumberIdentifier", own.phone)
            else:
                where = (
                    "krævet for en institutionsejer"
                    if mandatory
                    else "e-mail, hjemmeside eller fax uden telefon"
                )
                self.warnings.append(W_NO_PHONE.format(unit=unit, where=where))
            if fax:
                self.leaf("FaxNumberIdentifier", fax)

    def sor_ids(self, element: str, values: list[str]) -> None:
        if values:
            with self.block(element):
                for value in values:
                    self.leaf("SorIdentifier", value)

    def unit(self, unit: Unit, frame: _Frame, parent: _Frame | None) -> None:
        self.current = unit
        extra = _extra(unit)
        pristine = unchanged_since_import(unit)
        stairways = extra.stairways if extra is not None else {}
        own_gln = _own_gln(unit)
        kind = unit.kind
        with self.block(DATA_ELEMENT[kind]):
            self.leaf("SorIdentifier", unit.sor_id)
            self.leaf("EntityName", unit.name)
            if kind == "IE":
                self.leaf("OwnerType", unit.unit_type_id)
                if own_gln is not None:
                    self.gln(unit, own_gln, frame.region_code)
                if unit.postal_address is None:
                    self.warnings.append(W_NO_POSTAL.format(unit=unit))
                self.address("PostalAddressInformation", unit.postal_address, stairways.get("postal", ""))
                self.virtual(unit, extra, mandatory=True)
            else:
                if kind == "SI":
                    self.leaf("InstitutionType", unit.unit_type_id)
                elif not (pristine and extra.unit_type_inferred):
                    self.leaf("UnitType", unit.unit_type_id)
                if extra is not None:
                    if kind == "OE" and extra.local_code:
                        self.leaf("LocalCode", extra.local_code)
                    if extra.pharmacy_id:
                        self.leaf("PharmacyIdentifier", extra.pharmacy_id)
                    if extra.shak:
                        self.leaf("ShakIdentifier", extra.shak)
                    if kind == "OE" and extra.provider_id:
                        self.leaf("ProviderIdentifier", extra.provider_id)
                with self.block("OptionalEanLocationCode"):
                    if own_gln is not None:
                        self.gln(unit, own_gln, frame.region_code)
                    else:
                        self.leaf("EntityInheritedIndicator", "true" if parent.gln is not None else "false")
                relation = extra.geographical_parent_relation if extra is not None else None
                if relation is not None or kind == "OE":
                    with self.block("GeographicalParent"):
                        self.leaf("GeographicalParentRelation", relation or GEO_ORGANISATIONAL_PARENT)
                        if extra is not None and extra.geographical_parent_sor_id:
                            self.leaf("GeographicalParentSorIdentifier", extra.geographical_parent_sor_id)
                if unit.postal_address is not None:
                    self.address("PostalAddressInformation", unit.postal_address, stairways.get("postal", ""))
                if not unit.visiting_same_as_postal and unit.visiting_address is not None:
                    self.address(
                        "VisitingAddressInformation", unit.visiting_address, stairways.get("visiting", "")
                    )
                if kind == "OE" and not unit.activity_same_as_visiting and unit.activity_address is not None:
                    self.address(
                        "ActivityAddressInformation", unit.activity_address, stairways.get("activity", "")
                    )
                self.virtual(unit, extra, mandatory=False)
                if kind == "OE" and extra is not None and extra.specialities:
                    with self.block("ClinicalSpecialityCollection"):
                        for speciality in extra.specialities[:8]:
                            with self.block("ClinicalSpeciality"):
                                self.leaf("SpecialityCode", speciality["code"])
                                self.leaf("SpecialityType", speciality["type"])
            self.status(
                from_date=(
                    max(extra.from_date, unit.valid_from)
                    if pristine and extra.from_date
                    else unit.current_from
                ),
                to_date=unit.valid_to,
                updated_at=(
                    extra.updated_at if pristine and extra.updated_at else timezone.localdate(unit.updated_at)
                ),
                first_from_date=unit.valid_from,
            )
            if kind != "IE" and extra is not None:
                self.sor_ids("ReplacesEntityCollection", extra.replaces)
                self.sor_ids("ReplacedByEntityCollection", extra.replaced_by)
                if kind == "OE" and extra.unit_information is not None:
                    info = extra.unit_information
                    with self.block("OrganizationalUnitInformation"):
                        for name, key in (
                            ("AmbulantActivityIndicator", "ambulant"),
                            ("PatientsAdmittedIndicator", "patients_admitted"),
                            ("ReportingLevelIndicator", "reporting_level"),
                        ):
                            self.leaf(name, "true" if info.get(key) else "false")
                if kind == "OE" and extra.local_attributes:
                    with self.block("LocalAttributeCollection"):
                        for index, value in enumerate(extra.local_attributes[:5], start=1):
                            if value:
                                self.leaf(f"LocalAttribute{index}", value)


def iter_sor_xml(
    *, municipality: Municipality | None = None, warnings: list[str] | None = None
) -> Iterator[bytes]:
    """The register (or one kommune) as SOR XML, in chunks of bytes."""
    warnings = warnings if warnings is not None else []
    sink = _Sink()
    count = 0
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(q("SorTree"), nsmap=NSMAP):
            writer = _XmlWriter(xf, warnings)
            writer.leaf("CreatedAtTime", timezone.localtime().replace(microsecond=0).isoformat())
            writer.leaf("SnapshotDate", services.today().isoformat())
            stack: list[_Frame] = []
            try:
                for unit in export_units(municipality=municipality).iterator(chunk_size=2000):
                    parent = _descend(stack, unit)
                    frame = _frame_for(unit, parent)
                    frame.cm = writer.block(ENTITY_ELEMENT[unit.kind])
                    frame.cm.__enter__()
                    stack.append(frame)
                    writer.unit(unit, frame, parent)
                    count += 1
                    if count % CHUNK_UNITS == 0:
                        xf.flush()
                        yield sink.drain()
            finally:
                # Also when the consumer stops early (a download cancelled): lxml needs the open
                # elements closed innermost first.
                while stack:
                    stack.pop().cm.__exit__(None, None, None)
            if count == 0:
                warnings.append(W_EMPTY)
    yield sink.drain()


def write_sor_xml(out, **kwargs) -> int:
    """Write the SOR XML to a binary file; returns the number of bytes."""
    size = 0
    for chunk in iter_sor_xml(**kwargs):
        out.write(chunk)
        size += len(chunk)
    return size


# --- SorEntity CSV ---------------------------------------------------------------------------

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
    lines = ["\ufeff" + writer.row(SOR_ENTITY_COLUMNS)]
    specialities = _speciality_names()
    regions = dict(Municipality.objects.values_list("region_code", "region_name").distinct())
    stack: list[_Frame] = []
    for count, unit in enumerate(export_units(municipality=municipality).iterator(chunk_size=2000), start=1):
        parent = _descend(stack, unit)
        frame = _frame_for(unit, parent)
        stack.append(frame)
        ie = stack[0].unit
        si = next((f.unit for f in stack if f.unit.kind == "SI"), None)
        effective = frame.effective
        contact = effective.contact.value
        extra = _extra(unit)
        gln = frame.gln
        gln_extra = _extra(gln) if gln is not None else None
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
                    _d(unit.current_from),
                    _d(unit.valid_to),
                    _d(unit.valid_from),
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


# --- EDI map ---------------------------------------------------------------------------------

EDI_COLUMNS = ("EanLocationCode", "SorId", "EntityName", "Meddelelsestype", "Version", "Format", "Urn")


def iter_edi_csv(*, municipality: Municipality | None = None) -> Iterator[bytes]:
    """One row per lokationsnummer and message type (like SOR2's LocationsCodeEDITypeMap), for
    systems that route EDI and for `import_sor_xml --edi`, since SOR XML has no place for them."""
    writer = CsvWriter()
    lines = ["\ufeff" + writer.row(EDI_COLUMNS)]
    numbers = LocationNumber.objects.select_related("unit").prefetch_related("message_types").order_by("gln")
    if municipality is not None:
        owner = Unit.objects.filter(municipality=municipality).first()
        numbers = numbers.filter(Q(unit__tree_id=owner.tree_id)) if owner is not None else numbers.none()
    for count, number in enumerate(numbers.iterator(chunk_size=2000), start=1):
        for message_type in sorted(number.message_types.all(), key=lambda t: (t.code, t.version)):
            lines.append(
                writer.row(
                    [
                        excel_text(number.gln),
                        excel_text(number.unit.sor_id),
                        number.unit.name,
                        message_type.code,
                        message_type.version,
                        message_type.format,
                        message_type.urn,
                    ]
                )
            )
        if count % CHUNK_UNITS == 0:
            yield "".join(lines).encode("utf-8")
            lines.clear()
    yield "".join(lines).encode("utf-8")
