"""SOR XML (the 2012 schema) of the register or one kommune, written as a stream of chunks."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone
from lxml import etree

from exchange.sorxml import (
    DKCC_2003,
    DKCC_2005,
    GEO_ORGANISATIONAL_PARENT,
    NS,
    NSMAP,
    XKOM_2005,
    XKOM_2006,
    q,
)
from hierarchy import inheritance, services
from hierarchy.models import LocationNumber, Municipality, Unit, UnitReplacement
from sor_admin.text import is_ascii_digits, xml_safe

from .rows import (
    CHUNK_UNITS,
    Frame,
    descend,
    export_units,
    frame_for,
    gln_of,
    iso,
    related_or_none,
    unchanged_since_import,
)

DATA_ELEMENT = {"IE": "InstitutionOwner", "SI": "HealthInstitution", "OE": "OrganizationalUnit"}
ENTITY_ELEMENT = {
    "IE": "InstitutionOwnerEntity",
    "SI": "HealthInstitutionEntity",
    "OE": "OrganizationalUnitEntity",
}

W_NO_PHONE = "{unit}: har intet telefonnummer, som SOR-XML kræver i VirtualAddressInformation ({where})."
W_NO_POSTAL = "{unit}: har ingen postadresse, som SOR-XML kræver for en institutionsejer."
W_NOT_A_CODE = "{unit}: {field} «{value}» på lokationsnummer {gln} er ikke en talkode og skrives som 0."
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


class _XmlWriter:
    def __init__(self, xf, warnings: list[str]):
        self.xf = xf
        self.warnings = warnings
        self.current: Unit | None = None  # the unit being written, for warnings
        # "Erstattet af" registered here (UnitReplacement), beside what SOR itself said (SorExtra).
        self.replaces: dict[int, list[str]] = {}
        self.replaced_by: dict[int, list[str]] = {}
        for old, new, old_id, new_id in UnitReplacement.objects.values_list(
            "replaced_id", "successor_id", "replaced__sor_id", "successor__sor_id"
        ).order_by("pk"):
            self.replaced_by.setdefault(old, []).append(new_id)
            self.replaces.setdefault(new, []).append(old_id)

    def replacement_ids(self, unit: Unit, extra, field: str) -> list[str]:
        """SOR's own values for `field` ("replaces"/"replaced_by"), then the register's."""
        values = list(getattr(extra, field)) if extra is not None else []
        return values + [v for v in getattr(self, field).get(unit.pk, []) if v not in values]

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
            self.leaf("FromDate", iso(from_date))
            if to_date:
                self.leaf("ToDate", iso(to_date))
            if updated_at:
                self.leaf("UpdatedAt", iso(updated_at))
            self.leaf("FirstFromDate", iso(first_from_date))

    def code(self, unit, number, field: str, value: str) -> str:
        if value and not is_ascii_digits(value):
            self.warnings.append(W_NOT_A_CODE.format(unit=unit, field=field, value=value, gln=number.gln))
            return "0"
        return value or "0"

    def gln(self, unit: Unit, number: LocationNumber, region_code: str) -> None:
        extra = related_or_none(number)
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

    def unit(self, unit: Unit, frame: Frame, parent: Frame | None) -> None:
        self.current = unit
        extra = related_or_none(unit)
        pristine = unchanged_since_import(unit)
        stairways = extra.stairways if extra is not None else {}
        own_gln = gln_of(unit)
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
            # The schema has ReplacesEntity/ReplacedByEntity for SIs and OEs only, not for IEs.
            if kind != "IE":
                self.sor_ids("ReplacesEntityCollection", self.replacement_ids(unit, extra, "replaces"))
                self.sor_ids("ReplacedByEntityCollection", self.replacement_ids(unit, extra, "replaced_by"))
            if kind != "IE" and extra is not None:
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
            stack: list[Frame] = []
            try:
                for unit in export_units(municipality=municipality).iterator(chunk_size=2000):
                    parent = descend(stack, unit)
                    frame = frame_for(unit, parent)
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
