"""Phase 2 of an import: the records read from a file against the register and its rules.
Every problem is collected with its line and element, and one problem rejects the file whole;
nothing is written. What passes is a `Plan` for the write phase."""

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError

from addresses.services import address_check
from exchange import location_numbers
from exchange.models import LocationNumberClosure, LocationNumberExtra, SorExtra
from exchange.sorxml import Problem, SorFileRejected
from hierarchy import contact, services
from hierarchy.identifiers import gln_problem, sor_id_problem
from hierarchy.models import EdiMessageType, LocationNumber, Municipality, Unit, UnitType
from sor_admin.text import text_problem

from .records import (
    ADDRESS_ELEMENTS,
    KIND_NAME,
    PROGRESS_EVERY,
    TYPE_ELEMENT,
    Plan,
    UnitRecord,
)

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
# The contact rules are hierarchy.contact's; a value of the wrong form is named in the file's words.
MSG_CONTACT_FORMAT = {
    "phone": "Telefonnummeret «{value}» " + contact.PHONE_RULE + ".",
    "email": "E-mailadressen «{value}» er ikke gyldig.",
    "website": "Hjemmesiden «{value}» er ikke en gyldig adresse.",
}
CONTACT_ELEMENTS = {
    "phone": "TelephoneNumberIdentifier",
    "email": "EmailAddressIdentifier",
    "website": "Website",
}
MSG_STORED_VALUE = "Værdien «{value}» kan ikke gemmes i registeret: {message}"
MSG_EDI_UNKNOWN_TYPE = "Ukendt meddelelsestype {value}."
MSG_EDI_UNKNOWN_GLN = "Lokationsnummeret {value} findes hverken i filen eller i registeret."
MSG_EDI_COLUMNS = "EDI-filen mangler kolonnerne EanLocationCode og Urn (eller Meddelelsestype og Version)."

W_TYPE_INFERRED = (
    "Linje {line}: {name} ({sor_id}) har ingen UnitType; enhedstypen {type} er overtaget fra {source}."
)


def check(
    records: list[UnitRecord],
    edi_rows: list[dict] | None = None,
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> Plan:
    """The plan for `records` (and the EDI rows, if given), or SorFileRejected with every
    problem. Infers an OE's missing UnitType and normalises the addresses on the records."""
    return _Checker(progress=progress).check(records, edi_rows)


class _Checker:
    def __init__(self, *, progress: Callable[[str, int, int], None] | None = None):
        self.progress = progress or (lambda stage, done, total: None)
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.types = {t.code: t for t in UnitType.objects.all()}
        self.message_types = {t.urn: t for t in EdiMessageType.objects.all()}
        self.existing: dict[str, Unit] = {}
        self.municipalities: dict[str, Municipality] = {}

    def problem(self, line, element, message) -> None:
        self.problems.append(Problem(line, element, message))

    def check(self, records: list[UnitRecord], edi_rows: list[dict] | None) -> Plan:
        today = services.today()
        ids = [r.sor_id for r in records]
        for start in range(0, len(ids), 500):
            for unit in Unit.objects.filter(sor_id__in=ids[start : start + 500]):
                self.existing[unit.sor_id] = unit
        self._load_municipalities()
        seen_ids: dict[str, int | None] = {}  # SOR-kode → line
        seen_glns: dict[str, int | None] = {}  # GLN → line
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
        return Plan(
            records=records,
            edi_rows=edi_rows,
            types=self.types,
            existing=self.existing,
            municipalities=self.municipalities,
            warnings=self.warnings,
        )

    def _load_municipalities(self) -> None:
        for municipality in Municipality.objects.all():
            for name in (municipality.owner_name, f"{municipality.name} Kommune"):
                self.municipalities[name.casefold()] = municipality

    def _check_code(self, value: str, *, line, element: str, problem, duplicate: str, seen: dict) -> None:
        """A SOR-kode or GLN: `problem` (its check digit) and once in the file (`seen`: value →
        line of its first use)."""
        if problem:
            self.problem(line, element, problem)
        if value in seen:
            self.problem(line, element, duplicate.format(value=value, other=seen[value]))
        seen[value] = line

    def _check_identity(self, record: UnitRecord, seen: dict) -> None:
        self._check_code(
            record.sor_id,
            line=record.sor_id_line,
            element="SorIdentifier",
            problem=sor_id_problem(record.sor_id),
            duplicate=MSG_DUPLICATE_SOR_ID,
            seen=seen,
        )
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
                self.warnings.append(
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
        address_check in _check_addresses; contact details: _check_contact). Each element once, so one problem is one line."""
        texts = [
            (record.name_line, "EntityName", "Navnet", record.name),
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
        values = {"phone": record.phone, "email": record.email, "website": record.website}
        for name, problem in contact.contact_problems(**values).items():
            message = problem.message
            if problem.code == "format":
                message = MSG_CONTACT_FORMAT[name].format(value=values[name])
            self.problem(record.virtual_line, CONTACT_ELEMENTS[name], message)

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
        self._check_code(
            gln.gln,
            line=gln.line,
            element="EanLocationCode",
            problem=gln_problem(gln.gln),
            duplicate=MSG_GLN_DUPLICATE,
            seen=seen,
        )
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
