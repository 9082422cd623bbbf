"""A varied register built through the services, for the export/import round trip and the
export tests: three kommuner and a private owner, a few hundred units, addresses with floors
and doors, own visiting and activity addresses, GLNs with EDI attributes and message types, a
closed unit, a unit closing later, a future unit, a moved unit, a renamed unit and an OE that
inherits telephone and postadresse."""

from datetime import timedelta

from addresses.services import AddressInput
from exchange import location_numbers
from hierarchy import services
from hierarchy.identifiers import make_gln, make_sor_id
from hierarchy.models import LocationNumber, Unit, UnitType, UnitVersion
from tests import factories

KOMMUNER = {"0201": ("3450", "Kongevejen"), "0751": ("8000", "Store Torv"), "0400": ("3700", "Ullasvej")}
OE_TYPES = (factories.TANDPLEJEKLINIK, factories.PLEJEHJEM, "550621000005101", "546811000005109")


def addr(postal_code, street, number="1", floor="", door=""):
    return AddressInput(
        postal_code=postal_code,
        street_name=street,
        house_number=number,
        floor=floor,
        door=door,
        confirm_unknown_street=True,
    )


class RegisterBuilder:
    def __init__(self, today):
        self.today = today
        self.types = {t.code: t for t in UnitType.objects.all()}
        self.gln_counter = 0
        self.count = 0

    def gln(self, unit, *codes, **attributes):
        self.gln_counter += 1
        attributes.setdefault("reason", "Testdata")
        return location_numbers.location_number_create(
            actor=None,
            unit=unit,
            gln=make_gln(f"579{900000 + self.gln_counter:09d}"),
            message_types=services.message_types_by_code(*codes),
            **attributes,
        )

    def data(self, name, type_code, postal_code, street, **values):
        self.count += 1
        i = self.count
        values.setdefault("phone", f"4{i:07d}")
        values.setdefault("postal_address", addr(postal_code, street, str(i % 200 + 1)))
        if i % 3 == 0:
            values.setdefault("email", f"enhed{i}@example.dk")
        if i % 4 == 0:
            values.setdefault("website", f"https://www.enhed{i}.dk")
        if i % 5 == 0:
            values["visiting_same_as_postal"] = False
            values["visiting_address"] = addr(postal_code, street, str(i % 90 + 2), floor="2", door="th")
        return services.UnitData(name=name, unit_type=self.types[type_code], **values)

    def oe(self, parent, name, postal_code, street, *, valid_from=factories.LONG_AGO, **values):
        data = self.data(name, OE_TYPES[self.count % len(OE_TYPES)], postal_code, street, **values)
        if self.count % 7 == 0:
            data.activity_same_as_visiting = False
            data.activity_address = addr(postal_code, street, str(self.count % 50 + 3), floor="st")
        return services.unit_create(
            actor=None, kind="OE", parent=parent, data=data, valid_from=valid_from, reason="Testændring"
        )

    def kommune(self, code, postal_code, street):
        ie = factories.kommune_ie(code)
        sis = []
        for s in range(4):
            si = services.unit_create(
                actor=None,
                kind="SI",
                parent=ie,
                data=self.data(
                    f"Forvaltning {s + 1}, {ie.name}", factories.SUNDHEDSFORVALTNING, postal_code, street
                ),
                valid_from=factories.LONG_AGO,
                reason="Testændring",
            )
            sis.append(si)
            self.gln(
                si,
                "XDIS16",
                "XDIS19",
                "DIS91",
                system_supplier="641000055002",
                communication_supplier="41000035001",
            )
            for o in range(7):
                oe = self.oe(si, f"Enhed {s + 1}.{o + 1} i {ie.name}", postal_code, street)
                if o == 0:
                    self.gln(oe, "DIS20", only_internal=True, note="Sygehusadviser")
                for sub in range(2):
                    self.oe(oe, f"Team {s + 1}.{o + 1}.{sub + 1} i {ie.name}", postal_code, street)
        return ie, sis

    def build(self):
        trees = {code: self.kommune(code, *place) for code, place in KOMMUNER.items()}
        _ie, sis = trees["0201"]
        # A closed leaf, a leaf that closes later, a future unit.
        closed = self.oe(sis[0], "Lukket tandklinik", "3450", "Bjarkesvej")
        services.unit_close(
            actor=None, unit=closed, closing_date=self.today - timedelta(days=40), reason="Test"
        )
        closing = self.oe(sis[1], "Lukker snart", "3450", "Bjarkesvej")
        services.unit_close(
            actor=None, unit=closing, closing_date=self.today + timedelta(days=30), reason="Test"
        )
        self.oe(
            sis[2], "Ny enhed til næste måned", "3450", "Søparken", valid_from=self.today + timedelta(days=20)
        )
        # Moved and renamed in the past: the export shows today's state.
        moved = Unit.objects.get(name="Team 1.2.1 i Allerød Kommune")
        services.unit_move(
            actor=None,
            unit=moved,
            new_parent=Unit.objects.get(name="Enhed 2.3 i Allerød Kommune"),
            effective_date=self.today - timedelta(days=100),
            reason="Test",
            confirm_impact=True,
        )
        renamed = Unit.objects.get(name="Team 1.3.1 i Allerød Kommune")
        data = services.UnitData.from_unit(renamed)
        data.name = "Omdøbt team"
        services.unit_update(
            actor=None,
            unit=renamed,
            data=data,
            effective_date=self.today - timedelta(days=10),
            reason="Testændring",
        )
        # An OE that inherits telephone and postadresse (SOR's rule; strict=False).
        services.unit_create(
            actor=None,
            kind="OE",
            parent=sis[3],
            data=services.UnitData(name="Arver kontakt", unit_type=self.types[factories.PLEJEHJEM]),
            valid_from=factories.LONG_AGO,
            strict=False,
            reason="Testændring",
        )
        # A private owner with a GLN on the IE, as in the real pharmacy sample.
        owner = services.unit_create(
            actor=None,
            kind="IE",
            parent=None,
            data=self.data("Privat Klinik ApS", "550891000005100", "8000", "Park Allé"),
            valid_from=factories.LONG_AGO,
            sor_id=make_sor_id(424242),
            reason="Testændring",
        )
        self.gln(owner, "XDIS91", system_supplier="1001000055001", communication_supplier="41000035001")
        clinic = services.unit_create(
            actor=None,
            kind="SI",
            parent=owner,
            data=self.data("Privat Klinik", "394761003", "8000", "Park Allé"),
            valid_from=factories.LONG_AGO,
            reason="Testændring",
        )
        self.oe(clinic, "Klinikken", "8000", "Park Allé")
        # A GLN closing next month stays on its unit until then.
        number = LocationNumber.objects.get(unit__name="Enhed 4.1 i Aarhus Kommune")
        location_numbers.location_number_close(
            actor=None, location_number=number, closing_date=self.today + timedelta(days=31), reason="Test"
        )


def snapshot() -> dict:
    """Everything the round trip must carry, by SOR-ID."""
    units = {}
    for unit in Unit.objects.select_related(
        "parent", "postal_address", "visiting_address", "activity_address"
    ).order_by("sor_id"):

        def address(a):
            return a.as_dict() if a is not None else None

        number = LocationNumber.objects.filter(unit=unit).first()
        units[unit.sor_id] = {
            "kind": unit.kind,
            "name": unit.name,
            "unit_type": unit.unit_type_id,
            "owner_type": unit.owner_type_id,
            "parent": unit.parent.sor_id if unit.parent_id else None,
            "municipality": unit.municipality_id,
            "valid_from": unit.valid_from,
            "valid_to": unit.valid_to,
            "phone": unit.phone,
            "email": unit.email,
            "website": unit.website,
            "postal_address": address(unit.postal_address),
            "visiting_same_as_postal": unit.visiting_same_as_postal,
            "visiting_address": address(unit.visiting_address),
            "activity_same_as_visiting": unit.activity_same_as_visiting,
            "activity_address": address(unit.activity_address),
            "gln": None
            if number is None
            else {
                "gln": number.gln,
                "system_supplier": number.system_supplier,
                "communication_supplier": number.communication_supplier,
                "only_internal": number.only_internal,
                "note": number.note,
                "message_types": sorted(t.urn for t in number.message_types.all()),
            },
        }
    return units


def wipe_register() -> None:
    """Empty the register's tables (not the audit trail, which is append-only, nor the shared
    address rows), so an import starts from nothing."""
    from exchange.models import LocationNumberClosure, LocationNumberExtra, SorExtra

    LocationNumberClosure.objects.all().delete()
    LocationNumberExtra.objects.all().delete()
    for number in LocationNumber.objects.all():
        number.message_types.clear()
    LocationNumber.objects.all().delete()
    SorExtra.objects.all().delete()
    UnitVersion.objects.all().delete()
    for level in sorted(set(Unit.objects.values_list("node__level", flat=True)), reverse=True):
        Unit.objects.filter(node__level=level).delete()
