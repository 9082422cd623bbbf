"""Phase 3 of an import: a checked `Plan` applied in one transaction. Every change goes through
the services, as the system (actor None) with `strict=False`, so an OE may inherit telephone
and postadresse as SOR allows; each service writes its own audit event, and the import as a
whole one more, "exchange.sor_xml.import", with the counts. A unit that already holds exactly
what the file says is not touched, so importing the same file twice changes nothing the second
time. A refusal by a service still rejects the whole file (SorFileRejected, nothing written).

The lokationsnummer writes (create, move, update, close, message types) are the service
functions imported by name below, and this module is the only one of the import to call them."""

from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from audit import services as audit
from exchange.location_numbers import (
    location_number_close,
    location_number_create,
    location_number_move,
    location_number_set_message_types,
    location_number_update,
)
from exchange.models import LocationNumberClosure, LocationNumberExtra, SorExtra
from exchange.sor_extra import sor_extra_save
from exchange.sorxml import Problem, SorFileRejected
from hierarchy import contact, services
from hierarchy.models import EdiMessageType, LocationNumber, Municipality, Unit

from .records import KOMMUNE_OWNER_TYPE, PROGRESS_EVERY, GlnRecord, ImportResult, Plan, UnitRecord

MSG_SERVICE = "Registeret afviste enheden: {message}"
W_DATE_CLAMPED = (
    "Linje {line}: {name} ({sor_id}) har FirstFromDate {first}, før den overliggende enhed {parent} "
    "er gældende ({start}); enheden registreres som gældende fra {start}."
)
W_MUNICIPALITY_TAKEN = "Linje {line}: {name} er ikke knyttet til kommune {code}: kommunen har allerede institutionsejeren {other}."
W_START_DIFFERS = "Linje {line}: {name} ({sor_id}) er gældende fra {existing} i registeret; filens FirstFromDate {new} er ikke overført."
W_MUNICIPALITY_MISSING = "Linje {line}: {name} er i registeret ikke knyttet til kommune {code}; importen ændrer ikke kommunetilknytning."


def _address_key(address) -> tuple | None:
    if address is None:
        return None
    return (address.street_name, address.house_number, address.floor, address.door, address.postal_code_id)


def write(
    plan: Plan,
    *,
    source_name: str,
    sha256: str = "",
    reason: str = "",
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportResult:
    """Apply a checked plan in one transaction and return the counts."""
    writer = _Writer(plan, sha256=sha256, reason=reason, progress=progress)
    with transaction.atomic():
        writer.write(source_name=source_name)
    return writer.result


class _Writer:
    def __init__(self, plan: Plan, *, sha256: str, reason: str, progress):
        self.plan = plan
        self.progress = progress or (lambda stage, done, total: None)
        self.reason = reason or "Import af SOR-XML"
        self.types = plan.types
        self.existing = plan.existing
        self.municipalities = plan.municipalities
        self.result = ImportResult(units=len(plan.records), warnings=list(plan.warnings), sha256=sha256)

    def write(self, *, source_name: str) -> None:
        records, edi_rows = self.plan.records, self.plan.edi_rows
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
            **contact.normal_contact(phone=data.phone, email=data.email, website=data.website),
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
                location_number_close(
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
            number = location_number_create(
                actor=None, unit=unit, gln=gln.gln, reason=self.reason, **gln.own_values()
            )
            self.result.gln_created += 1
            changed = True
        elif number.unit_id != unit.pk:
            number = location_number_move(
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
            number = location_number_update(
                actor=None, location_number=number, reason=self.reason, **gln.own_values(), **extra_values
            )
            if not changed:
                self.result.gln_changed += 1
                changed = True
        if gln.to_date is not None:
            location_number_close(
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
                location_number_set_message_types(
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
            if sor_extra_save(
                actor=None,
                unit=unit,
                extra=extras.get(unit.pk),
                values=record.extra_values(),
                revision=revisions[unit.pk],
                unit_written=record.sor_id in written,
                reason=self.reason,
            ):
                touched.add(record.sor_id)
        return touched
