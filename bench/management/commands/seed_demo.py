"""Loads the demo register (README.md, "Run it": its users are public). Idempotent: what exists is left alone.

Sources: the 98 kommuner from data/dk/kommuner.csv; Aarhus Kommune's real SOR-IDs and tree from
data/sor/eer-aarhus-kommune-sor-skeleton.csv (its OE names are placeholders in the source and
are written out here); the Allerød and Bornholm trees follow the examples in the SOR training
slides (shared/seed). Enhedstyper are the real SNOMED codes. Lokationsnumre are synthetic but
valid GLNs (579 + running number + GS1 check digit); message types are real MedCom codes.
Addresses use real street names from data/dk/vejnavne-demo.csv.
"""

import csv
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from addresses.services import AddressInput
from audit.context import audit_context
from bench import demo_findings
from change_requests.demo import seed_requests
from exchange import location_numbers
from hierarchy import permissions, services
from hierarchy.identifiers import make_gln
from hierarchy.models import LocationNumber, Municipality, Unit, UnitType
from hierarchy.roles import ensure_groups

KOMMUNALREFORM = date(2007, 1, 1)
SOR_START = date(2015, 1, 1)

T_KOMMUNE = "547211000005108"
T_SUNDHEDSFORVALTNING = "554041000005106"
T_ADMINISTRATIV = "550811000005108"
T_GENOPTRAENING = "546811000005109"
T_TANDPLEJE = "550691000005104"
T_SUNDHEDSPLEJEN = "554021000005101"
T_HJEMMEPLEJE = "554821000005109"
T_HJEMMESYGEPLEJE = "550621000005101"
T_PLEJEHJEM = "42665001"
T_ANDEN_EDI = "554241000005103"
T_REGION = "550881000005103"
T_HOSPITAL = "22232009"
T_AKUTMODTAGELSE = "550871000005101"
T_PSYKIATRI = "554871000005105"

EER_TYPES = {
    "administrativ-enhed": T_ADMINISTRATIV,
    "genoptræningsenhed": T_GENOPTRAENING,
    "sundhedsforvaltning": T_SUNDHEDSFORVALTNING,
}

# Message types (data/sor/medcom-edi-meddelelsestyper.csv) typical of a kommune's EOJ GLN and of
# the hospital-notification GLN ("sygehusadviser").
EOJ_TYPES = ("XDIS16", "XDIS17", "XDIS19", "XDIS15", "XREF15", "DIS91")
ADVIS_TYPES = ("DIS20", "XDIS16", "XDIS17")
CORRESPONDENCE_TYPES = ("DIS91", "XDIS91")

DEMO_PASSWORD = "demo"

# The demo kommuner's own contact block (telefon, e-mail, hjemmeside) and postadresse
# (postnummer, vej, husnummer), which the units below them share.
IE_CONTACTS = {
    "0201": ("48 10 01 00", "kommunen@alleroed.dk", "https://www.alleroed.dk", ("3450", "Bjarkesvej", "2")),
    "0751": (
        "89 40 20 00",
        "aarhus.kommune@aarhus.dk",
        "https://www.aarhus.dk",
        ("8000", "Rådhuspladsen", "2"),
    ),
    "0400": ("56 92 00 00", "brk@brk.dk", "https://www.brk.dk", ("3700", "Ullasvej", "23")),
}


# The two regions that the shipped plan data/reorganisations/region-oestdanmark-2027-01-01.json
# merges into Region Østdanmark (issue 23): small trees, so a new user can preview the plan on the
# demo. Their names are those of data/dk/kommuner.csv (the plan names a region by its code); the
# contact blocks are the regions' public ones; the hospitals are real, their departments few.
REGIONS = {
    "1084": (
        ("38 66 50 00", "regionh@regionh.dk", "https://www.regionh.dk", ("3400", "Kongens Vænge", "2")),
        {
            "Rigshospitalet": ("Akutmodtagelsen, Rigshospitalet", T_AKUTMODTAGELSE),
            "Psykiatrisk Center København": ("Psykiatrisk Akutmodtagelse, Bispebjerg", T_PSYKIATRI),
        },
    ),
    "1085": (
        (
            "70 15 50 00",
            "regionsjaelland@regionsjaelland.dk",
            "https://www.regionsjaelland.dk",
            ("4180", "Alléen", "15"),
        ),
        {
            "Sjællands Universitetshospital": ("Fælles Akutmodtagelse, Køge", T_AKUTMODTAGELSE),
            "Psykiatrien Region Sjælland": ("Psykiatrisk Akutmodtagelse, Roskilde", T_PSYKIATRI),
        },
    ),
}
# Message types of a hospital's GLN (data/sor/medcom-edi-meddelelsestyper.csv).
HOSPITAL_TYPES = ("XDIS15", "XREF15", "DIS91")


def starts_with(parent: Unit, valid_from: date) -> date:
    """A demo unit's first day, not before its parent's: on a register made by
    generate_register the kommuner begin after SOR_START, and a unit may not begin before the
    unit above it (so the order generate_register, then seed_demo works)."""
    return max(valid_from, parent.valid_from)


def addr(**parts) -> AddressInput:
    # Demo addresses are real street names entered deliberately: where the shipped street list
    # is incomplete for the postnummer, the seed confirms the name as a user would.
    return AddressInput(confirm_unknown_street=True, **parts)


class Seeder:
    def __init__(self, out):
        self.out = out
        self.types = {t.code: t for t in UnitType.objects.all()}
        self.gln_counter = 100_000
        self.today = services.today()

    def data(self, name, type_code, *, phone="", email="", website="", address=None):
        return services.UnitData(
            name=name,
            unit_type=self.types[type_code],
            phone=phone,
            email=email,
            website=website,
            postal_address=address,
        )

    def child(
        self, parent, kind, name, type_code, *, valid_from=SOR_START, sor_id=None, protected=False, **data
    ):
        existing = Unit.objects.filter(parent=parent, name=name).first() or (
            Unit.objects.filter(sor_id=sor_id).first() if sor_id else None
        )
        if existing:
            return existing
        return services.unit_create(
            actor=None,
            kind=kind,
            parent=parent,
            data=self.data(name, type_code, **data),
            valid_from=starts_with(parent, valid_from),
            sor_id=sor_id,
            is_municipal_communication=protected,
            reason="Demodata",
        )

    def gln(self, unit, codes):
        if LocationNumber.objects.filter(unit=unit).exists():
            return
        while True:
            self.gln_counter += 1
            gln = make_gln(f"579{self.gln_counter:09d}")
            if not LocationNumber.objects.filter(gln=gln).exists():
                break
        location_numbers.location_number_create(
            actor=None,
            unit=unit,
            gln=gln,
            message_types=services.message_types_by_code(*codes),
            reason="Demodata",
        )

    def kommuner(self):
        made = 0
        for municipality in Municipality.objects.all():
            if Unit.objects.filter(municipality=municipality).exists():
                continue
            services.unit_create(
                actor=None,
                kind=Unit.Kind.INSTITUTION_OWNER,
                parent=None,
                data=self.data(municipality.owner_name, T_KOMMUNE),
                valid_from=KOMMUNALREFORM,
                municipality=municipality,
                sor_id="311000016009" if municipality.code == "0751" else None,
                reason="Demodata: kommune som institutionsejer",
            )
            made += 1
        self.out.write(f"  kommuner oprettet som IE: {made}")

    def ie(self, code) -> tuple[Unit, AddressInput]:
        """The kommune's IE with its contact block and postadresse (IE_CONTACTS), and that
        address for the units below it."""
        phone, email, website, (postal_code, street_name, house_number) = IE_CONTACTS[code]
        address = addr(postal_code=postal_code, street_name=street_name, house_number=house_number)
        unit = Unit.objects.get(municipality_id=code)
        if not unit.phone:
            data = services.UnitData.from_unit(unit)
            data.phone, data.email, data.website, data.postal_address = phone, email, website, address
            unit = services.unit_update(
                actor=None, unit=unit, data=data, effective_date=unit.valid_from, reason="Demodata"
            )
        return unit, address

    def allerod(self):
        ie, address = self.ie("0201")
        contact = {"phone": "48 10 01 00", "email": "sundhed@alleroed.dk", "address": address}
        si = self.child(ie, "SI", "Center for Sundhed og Omsorg", T_SUNDHEDSFORVALTNING, **contact)
        self.gln(si, EOJ_TYPES)
        tand = self.child(
            si,
            "OE",
            "Allerød Kommunes Tandpleje",
            T_TANDPLEJE,
            phone="48 10 08 50",
            address=addr(postal_code="3450", street_name="Kongevejen", house_number="48"),
        )
        for name, street, number in (
            ("Tandplejen Blovstrød Skole", "Sortemosevej", "1"),
            ("Tandplejen Lillerød Skole", "Rypevang", "1"),
            ("Tandplejen Kratbjerg Skole", "Søparken", "1"),
        ):
            self.child(
                tand,
                "OE",
                name,
                T_TANDPLEJE,
                phone="48 10 08 50",
                address=addr(postal_code="3450", street_name=street, house_number=number),
            )
        self.child(
            tand,
            "OE",
            "Tandplejen Lynge Skole",
            T_TANDPLEJE,
            phone="48 10 08 50",
            valid_from=self.today + timedelta(days=30),
            address=addr(postal_code="3540", street_name="Ved Gadekæret", house_number="15A"),
        )
        sundhedspleje = self.child(si, "OE", "Sundhedsplejen Allerød", T_SUNDHEDSPLEJEN, **contact)
        self.child(
            sundhedspleje,
            "OE",
            "Blovstrød Skole",
            T_SUNDHEDSPLEJEN,
            phone="48 10 08 60",
            address=addr(postal_code="3450", street_name="Sortemosevej", house_number="1"),
        )
        hjemmepleje = self.child(si, "OE", "Hjemmeplejen Allerød", T_HJEMMEPLEJE, **contact)
        self.child(hjemmepleje, "OE", "Hjemmeplejen Nord", T_HJEMMEPLEJE, **contact)
        self.child(hjemmepleje, "OE", "Hjemmeplejen Syd", T_HJEMMEPLEJE, **contact)
        sygepleje = self.child(si, "OE", "Hjemmesygeplejen Allerød", T_HJEMMESYGEPLEJE, **contact)
        self.gln(sygepleje, EOJ_TYPES)
        self.child(sygepleje, "OE", "Sygeplejeklinikken Allerød", T_HJEMMESYGEPLEJE, **contact)
        self.child(
            si,
            "OE",
            "Plejecenter Skovvang",
            T_PLEJEHJEM,
            phone="48 10 07 00",
            address=addr(postal_code="3450", street_name="Toftevej", house_number="2"),
        )
        self.child(si, "OE", "Genoptræning Allerød", T_GENOPTRAENING, **contact)
        self.communication(si, "Allerød Kommune", contact)
        return ie

    def communication(self, parent, kommune_name, contact):
        advis = self.child(
            parent, "OE", f"Sygehusadviser, {kommune_name}", T_ANDEN_EDI, protected=True, **contact
        )
        self.gln(advis, ADVIS_TYPES)
        corr = self.child(
            parent, "OE", f"Korrespondancemodul, {kommune_name}", T_ANDEN_EDI, protected=True, **contact
        )
        self.gln(corr, CORRESPONDENCE_TYPES)

    def aarhus(self):
        ie, address = self.ie("0751")
        contact = {"phone": "89 40 20 00", "address": address}
        path = settings.SOR_DATA_DIR / "sor" / "eer-aarhus-kommune-sor-skeleton.csv"
        with open(path, encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if r["sor_level"] != "IE"]
        by_id = {ie.sor_id: ie}
        for row in (r for r in rows if r["sor_level"] == "SI"):
            described = row["description_in_source"].split(" - ", 1)
            name = described[1].strip() if len(described) == 2 else f"Organisation {row['sor_id']}"
            name = name.replace(", AAR kommune", ", Aarhus Kommune")
            type_code = EER_TYPES.get(row["eer_unit_type"], T_SUNDHEDSFORVALTNING)
            by_id[row["sor_id"]] = self.child(ie, "SI", name, type_code, sor_id=row["sor_id"], **contact)
        for row in (r for r in rows if r["sor_level"] == "OE"):
            base = row["description_in_source"].split(" - ", 1)[0].replace(", AAR", ", Aarhus Kommune")
            base = base.replace("LÆ- blanketter", "LÆ-blanketter")
            unit = Unit.objects.filter(sor_id=row["sor_id"]).first() or services.unit_create(
                actor=None,
                kind="OE",
                parent=by_id[row["parent_sor_id"]],
                data=self.data(base, T_ANDEN_EDI, **contact),
                valid_from=starts_with(by_id[row["parent_sor_id"]], SOR_START),
                sor_id=row["sor_id"],
                is_municipal_communication=True,
                reason="Demodata (SOR-ID fra MedCom EER)",
            )
            self.gln(unit, ADVIS_TYPES if base.startswith("Sygehusadviser") else CORRESPONDENCE_TYPES)
        omsorg = by_id["937961000016000"]
        for name, type_code, number in (
            ("Plejehjemmet Kongsgården", T_PLEJEHJEM, "4"),
            ("Hjemmeplejen Midtbyen", T_HJEMMEPLEJE, "6"),
            ("Sundhedsplejen Aarhus", T_SUNDHEDSPLEJEN, "8"),
            ("Tandplejen Aarhus", T_TANDPLEJE, "10"),
        ):
            self.child(
                omsorg,
                "OE",
                name,
                type_code,
                phone="89 40 20 00",
                address=addr(postal_code="8000", street_name="Rådhuspladsen", house_number=number),
            )
        return ie

    def bornholm(self):
        ie, address = self.ie("0400")
        contact = {"phone": "56 92 00 00", "address": address}
        si = self.child(ie, "SI", "Ældre og Sundhed", T_SUNDHEDSFORVALTNING, **contact)
        sygepleje = self.child(si, "OE", "Hjemmesygepleje", T_HJEMMESYGEPLEJE, **contact)
        self.gln(sygepleje, EOJ_TYPES)
        self.child(sygepleje, "OE", "Plejecenter Klippebo", T_PLEJEHJEM, **contact)
        self.communication(si, "Bornholms Regionskommune", contact)
        return ie

    def regions(self) -> list[Unit]:
        made = []
        for code, ((phone, email, website, (postal_code, street, number)), hospitals) in REGIONS.items():
            name = Municipality.objects.filter(region_code=code).values_list("region_name", flat=True).first()
            address = addr(postal_code=postal_code, street_name=street, house_number=number)
            contact = {"phone": phone, "email": email, "website": website, "address": address}
            ie = Unit.objects.filter(kind=Unit.Kind.INSTITUTION_OWNER, name=name, parent=None).first()
            if ie is None:
                ie = services.unit_create(
                    actor=None,
                    kind=Unit.Kind.INSTITUTION_OWNER,
                    parent=None,
                    data=self.data(name, T_REGION, **contact),
                    valid_from=KOMMUNALREFORM,
                    reason="Demodata: region som institutionsejer",
                )
            for hospital, (department, department_type) in hospitals.items():
                si = self.child(ie, "SI", hospital, T_HOSPITAL, phone=phone, address=address)
                self.gln(si, HOSPITAL_TYPES)
                self.child(si, "OE", department, department_type, phone=phone, address=address)
            made.append(ie)
        return made


def ensure_user(username, group, *, staff=False, scopes=()):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"is_staff": staff})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(group)
    for ie in scopes:
        services.administrator_scope_add(actor=None, user=user, institution_owner=ie, reason="Demodata")
    return user


class Command(BaseCommand):
    help = "Loads the demo register and demo users (password 'demo'). Safe to run again."

    def handle(self, *args, **options):
        with audit_context(source="command:seed_demo"), transaction.atomic():
            seeder = Seeder(self.stdout)
            self.stdout.write("Indlæser demoregister …")
            seeder.kommuner()
            allerod = seeder.allerod()
            aarhus = seeder.aarhus()
            seeder.bornholm()
            seeder.regions()
            demo_findings.add(
                seeder,
                allerod,
                aarhus,
                types={"tandpleje": T_TANDPLEJE, "hjemmepleje": T_HJEMMEPLEJE},
                codes=EOJ_TYPES,
            )
            groups = ensure_groups()
            users = {
                "allerod": ensure_user(
                    "admin.allerod", groups[permissions.GROUP_MUNICIPAL_ADMIN], scopes=[allerod]
                ),
                "aarhus": ensure_user(
                    "admin.aarhus", groups[permissions.GROUP_MUNICIPAL_ADMIN], scopes=[aarhus]
                ),
                "sds": ensure_user("sds", groups[permissions.GROUP_SDS], staff=True),
                "medcom": ensure_user("medcom", groups[permissions.GROUP_MEDCOM], staff=True),
            }
            ensure_user("support", groups[permissions.GROUP_SUPPORT])
            # Anmodninger in every state (change_requests/demo.py).
            self.stdout.write(f"  anmodninger oprettet: {seed_requests(**users)}")
        self.stdout.write(
            f"Demoregister klar: {Unit.objects.count()} enheder, "
            f"{LocationNumber.objects.count()} lokationsnumre."
        )
        self.stdout.write(
            "Demo-brugere (adgangskode 'demo'): admin.allerod, admin.aarhus, sds, medcom, support"
        )
