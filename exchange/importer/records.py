"""The plain data of an import: the records read from a file (with their line numbers), the
checked plan the write phase applies, and the outcome. No database access here."""

from dataclasses import dataclass, field
from datetime import date

from addresses.services import AddressInput
from hierarchy.models import Municipality, Unit, UnitType

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


# --- what the check phase hands on, and the outcome -----------------------------------------


@dataclass
class Plan:
    """A checked file: its records (types inferred, addresses normalised, EDI rows resolved to
    message types) and what the check read from the register. Only `write.write` applies it."""

    records: list[UnitRecord]
    edi_rows: list[dict] | None
    types: dict[str, UnitType]
    existing: dict[str, Unit]  # the units of the file already in the register, by SOR-kode
    municipalities: dict[str, Municipality]  # by the casefolded name of their IE
    warnings: list[str] = field(default_factory=list)


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
