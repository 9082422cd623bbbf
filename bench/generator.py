"""A synthetic national register for benchmarks and stress runs (`manage.py generate_register`).

Shape, after the SOR facts in shared/reference/sor-domain.md §2: the 98 kommuner (IE → a few
forvaltninger (SI) → units and teams (OE) 2-4 levels deep), the 5 regions (IE → hospitals (SI) →
Hospitalsområde → Center → Overafdeling → Afdeling → Afsnit, depth 6), and private owners (IE →
practice (SI) → 1-2 OEs). Real enhedstyper, valid SOR-IDs (Verhoeff) and GLNs (GS1), addresses
on real postnumre and street names, one version per unit (some with a later rename), and one
audit event per unit, chained like any other.

It writes with bulk inserts, computing the MPTT fields (`UnitNode`) itself, because building 100,000 units
one service call at a time takes far too long for a benchmark set-up. It is for test and
benchmark databases only: the GUI, admin and commands that serve real data go through
`hierarchy.services`.
"""

import csv
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from addresses.models import Address, PostalCode
from audit import services as audit_services
from audit.context import audit_context
from hierarchy.identifiers import make_gln, make_sor_id
from hierarchy.models import (
    EdiMessageType,
    IdCounter,
    LocationNumber,
    Municipality,
    Unit,
    UnitNode,
    UnitSearch,
    UnitVersion,
)

T_KOMMUNE, T_REGION, T_PRIVAT = "547211000005108", "550881000005103", "550891000005100"
MUNICIPAL_SI = ["554041000005106", "550811000005108"]
MUNICIPAL_OE = [
    "554221000005108",
    "42665001",
    "550621000005101",
    "554821000005109",
    "546811000005109",
    "550691000005104",
    "554021000005101",
    "264361005",
    "56781000005109",
    "554881000005108",
]
HOSPITAL_SI = "22232009"
PRIVATE_SI = ["394761003", "550671000005100", "550681000005102"]
SI_NAMES = [
    "Sundhed og Omsorg",
    "Social og Beskæftigelse",
    "Børn og Unge",
    "Ældre og Sundhed",
    "Sundhedsforvaltningen",
]
OE_WORDS = [
    "Plejecenter",
    "Hjemmeplejen",
    "Sygeplejen",
    "Tandplejen",
    "Sundhedsplejen",
    "Genoptræning",
    "Bostedet",
    "Aktivitetscenter",
    "Træningsenheden",
    "Rehabilitering",
]
PLACE_WORDS = [
    "Skovly",
    "Engbo",
    "Solgården",
    "Birkely",
    "Bakkegården",
    "Lindehuset",
    "Havebo",
    "Åbyen",
    "Østervang",
    "Nørremark",
    "Søndergård",
    "Vestervang",
]
HOSPITAL_LEVELS = ["Hospitalsområde", "Center", "Overafdeling", "Afdeling", "Afsnit"]
GLN_TYPES = ["XDIS16", "XDIS17", "XDIS19", "XDIS15", "XREF15", "DIS91"]


@dataclass
class Node:
    kind: str
    name: str
    type_code: str
    children: list = field(default_factory=list)
    owner_type: str | None = None
    municipality: str | None = None
    gln: bool = False
    renamed: bool = False


def _load_streets() -> list[str]:
    with open(settings.SOR_DATA_DIR / "dk" / "vejnavne-sample-cpr_vej.csv", encoding="utf-8") as fh:
        return sorted({row["navn"] for row in csv.DictReader(fh, delimiter=";")})


class RegisterGenerator:
    def __init__(self, units: int, seed: int = 2026, out=None):
        self.target = units
        self.rng = random.Random(seed)
        self.out = out
        self.count = 0

    # -- shape ---------------------------------------------------------------------------

    def _oe(self, depth_left: int, budget: int) -> Node:
        rng = self.rng
        node = Node("OE", f"{rng.choice(OE_WORDS)} {rng.choice(PLACE_WORDS)}", rng.choice(MUNICIPAL_OE))
        node.gln = rng.random() < 0.05
        node.renamed = rng.random() < 0.1
        self.count += 1
        if depth_left > 0 and budget > 1:
            for _ in range(rng.randint(0, min(4, budget - 1))):
                node.children.append(self._oe(depth_left - 1, budget // 3))
        return node

    def _kommune(self, municipality: Municipality, share: int) -> Node:
        ie = Node(
            "IE",
            municipality.owner_name,
            T_KOMMUNE,
            owner_type=T_KOMMUNE,
            municipality=municipality.code,
        )
        first = self.count
        self.count += 1
        for name in self.rng.sample(SI_NAMES, 3):
            si = Node("SI", name, self.rng.choice(MUNICIPAL_SI), gln=self.rng.random() < 0.3)
            self.count += 1
            ie.children.append(si)
        while self.count - first < share:
            self.rng.choice(ie.children).children.append(self._oe(3, share // 10 + 2))
        return ie

    def _region(self, name: str, share: int) -> Node:
        ie = Node("IE", name, T_REGION, owner_type=T_REGION)
        first = self.count
        self.count += 1
        hospital_no = 0
        while self.count - first < share:
            hospital_no += 1
            hospital = Node(
                "SI", f"{name.replace('Region ', '')}s Hospital {hospital_no}", HOSPITAL_SI, gln=True
            )
            self.count += 1
            ie.children.append(hospital)
            self._hospital_levels(hospital, 0, min(share - (self.count - first), 400))
        return ie

    def _hospital_levels(self, parent: Node, level: int, budget: int) -> int:
        made = 0
        if level >= len(HOSPITAL_LEVELS) or budget <= 0:
            return 0
        for i in range(self.rng.randint(2, 4)):
            if made >= budget:
                break
            node = Node(
                "OE",
                f"{HOSPITAL_LEVELS[level]} {i + 1}",
                "550871000005101" if level == 4 else "550811000005108",
            )
            node.gln = level == 3 and self.rng.random() < 0.5
            self.count += 1
            made += 1
            parent.children.append(node)
            made += self._hospital_levels(node, level + 1, (budget - made) // 2)
        return made

    def _private(self, number: int) -> Node:
        ie = Node("IE", f"Praksis {number}", T_PRIVAT, owner_type=T_PRIVAT)
        si = Node("SI", f"Klinik {number}", self.rng.choice(PRIVATE_SI), gln=True)
        ie.children.append(si)
        self.count += 2
        for i in range(self.rng.randint(1, 2)):
            si.children.append(Node("OE", f"Klinik {number} afsnit {i + 1}", self.rng.choice(MUNICIPAL_OE)))
            self.count += 1
        return ie

    def build(self) -> list[Node]:
        municipalities = list(Municipality.objects.order_by("code"))
        regions = sorted({(m.region_code, m.region_name) for m in municipalities})
        kommune_share = int(self.target * 0.45) // len(municipalities)
        region_share = int(self.target * 0.30) // len(regions)
        trees = [self._kommune(m, kommune_share) for m in municipalities]
        trees += [self._region(name, region_share) for _, name in regions]
        number = 0
        while self.count < self.target:
            number += 1
            trees.append(self._private(number))
        return trees

    # -- writing -------------------------------------------------------------------------

    def write(self, trees: list[Node]) -> dict:
        rng = self.rng
        postal_codes = list(
            PostalCode.objects.filter(is_large_volume_receiver=False).values_list("nr", flat=True)
        )
        streets = _load_streets()
        message_types = [
            EdiMessageType.objects.filter(code=c).order_by("-version").first() for c in GLN_TYPES
        ]
        today = timezone.localdate()
        start = date(2015, 1, 1)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("LOCK TABLE hierarchy_unit IN EXCLUSIVE MODE")
            Address.objects.bulk_create(
                [
                    Address(
                        street_name=rng.choice(streets),
                        house_number=str(i % 200 + 1),
                        postal_code_id=rng.choice(postal_codes),
                        # Synthetic: as if a user had confirmed each one, so re-saving a unit
                        # through the services accepts its address unchanged.
                        validation=Address.Validation.CONFIRMED,
                    )
                    for i in range(2000)
                ],
                ignore_conflicts=True,
            )
            addresses = list(Address.objects.values_list("pk", flat=True)[:5000])
            counter, _ = IdCounter.objects.select_for_update().get_or_create(
                name="sor_id", defaults={"value": 2_000_000}
            )
            first_number = counter.value + 1
            counter.value += self.count
            counter.save(update_fields=["value"])
            next_tree = (
                UnitNode.objects.order_by("-tree_id").values_list("tree_id", flat=True).first() or 0
            ) + 1
            next_pk = (Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

            units, nodes, versions, glns, audits = [], [], [], [], []
            number = first_number
            last_gln = LocationNumber.objects.filter(gln__startswith="5791").order_by("-gln").first()
            gln_body = int(last_gln.gln[:12]) if last_gln else 579_100_000_000

            def visit(node: Node, parent_pk, parent_from, tree_id, level, lft):
                nonlocal number, next_pk, gln_body
                pk = next_pk
                next_pk += 1
                sor_id = make_sor_id(number)
                number += 1
                # A unit starts on or after its parent, and before today.
                valid_from = parent_from + timedelta(
                    days=rng.randint(0, max(0, (today - parent_from).days // 4))
                )
                phone = (
                    f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
                )
                address_id = rng.choice(addresses) if node.kind != "SI" else None
                attrs = dict(
                    name=node.name[:60],
                    unit_type_id=node.type_code,
                    phone=phone if node.kind != "SI" else "",
                    postal_address_id=address_id,
                )
                child_lft = lft + 1
                for child in node.children:
                    child_lft = visit(child, pk, valid_from, tree_id, level + 1, child_lft) + 1
                rght = child_lft
                units.append(
                    Unit(
                        pk=pk,
                        sor_id=sor_id,
                        kind=node.kind,
                        parent_id=parent_pk,
                        owner_type_id=node.owner_type,
                        municipality_id=node.municipality,
                        valid_from=valid_from,
                        **attrs,
                    )
                )
                nodes.append(
                    UnitNode(
                        unit_id=pk, parent_id=parent_pk, tree_id=tree_id, lft=lft, rght=rght, level=level
                    )
                )
                if node.renamed:
                    rename_day = today + timedelta(days=rng.randint(-400, 200))
                    rename_day = max(rename_day, valid_from + timedelta(days=1))
                    versions.append(
                        UnitVersion(
                            unit_id=pk,
                            parent_id=parent_pk,
                            valid_from=valid_from,
                            valid_to=rename_day - timedelta(days=1),
                            applied=True,
                            **attrs,
                        )
                    )
                    renamed = {**attrs, "name": f"{attrs['name'][:50]} (ny)"}
                    versions.append(
                        UnitVersion(
                            unit_id=pk,
                            parent_id=parent_pk,
                            valid_from=rename_day,
                            applied=rename_day <= today,
                            **renamed,
                        )
                    )
                    if rename_day <= today:
                        units[-1].name = renamed["name"]
                else:
                    versions.append(
                        UnitVersion(
                            unit_id=pk, parent_id=parent_pk, valid_from=valid_from, applied=True, **attrs
                        )
                    )
                if node.gln and node.kind != "IE":
                    gln_body += 1
                    glns.append((pk, make_gln(str(gln_body))))
                audits.append((pk, sor_id, node.name, node.kind, valid_from, tree_id))
                return rght

            sys.setrecursionlimit(10_000)
            for tree in trees:
                visit(tree, None, start, next_tree, 0, 1)
                next_tree += 1

            self._progress(f"  enheder beregnet: {len(units)}; skriver …")
            Unit.objects.bulk_create(units, batch_size=5000)
            UnitNode.objects.bulk_create(nodes, batch_size=5000)
            address_by_pk = Address.objects.select_related("postal_code").in_bulk(addresses)
            UnitSearch.objects.bulk_create(  # bulk_create skips Unit.save(), which writes these
                [UnitSearch(unit_id=unit.pk, **unit.search_keys(address_by_pk)) for unit in units],
                batch_size=5000,
            )
            self._progress("  enheder skrevet")
            sor_ids = {unit.pk: unit.sor_id for unit in units}
            for version in versions:  # bulk_create skips UnitVersion.save(), which keeps these
                keys = version.search_keys(sor_id=sor_ids[version.unit_id], addresses_by_pk=address_by_pk)
                for name, value in keys.items():
                    setattr(version, name, value)
            UnitVersion.objects.bulk_create(versions, batch_size=5000)
            self._progress(f"  versioner skrevet: {len(versions)}")
            numbers = LocationNumber.objects.bulk_create(
                [LocationNumber(unit_id=pk, gln=gln) for pk, gln in glns], batch_size=5000
            )
            through = LocationNumber.message_types.through
            through.objects.bulk_create(
                [
                    through(locationnumber_id=n.pk, edimessagetype_id=t.pk)
                    for n in numbers
                    for t in rng.sample(message_types, 3)
                ],
                batch_size=5000,
            )
            self._progress(f"  lokationsnumre skrevet: {len(numbers)}")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence('hierarchy_unit', 'id'), (SELECT MAX(id) FROM hierarchy_unit))"
                    )
            self._write_audit(audits)
            self._progress(f"  ændringslog skrevet: {len(audits)} hændelser")
        return {"units": len(units), "versions": len(versions), "location_numbers": len(numbers)}

    def _write_audit(self, audits) -> None:
        roots = {}

        def events():
            for _pk, sor_id, name, kind, valid_from, tree_id in sorted(audits, key=lambda a: a[0]):
                if kind == "IE":
                    roots[tree_id] = sor_id
                yield {
                    "actor": None,
                    "actor_name": "system:generate_register",
                    "action": "hierarchy.unit.create",
                    "object_type": "hierarchy.unit",
                    "object_id": sor_id,
                    "object_repr": name,
                    "scope_id": roots.get(tree_id, ""),
                    "effective_date": valid_from,
                    "reason": "Syntetisk register til benchmark",
                    "before": None,
                    "after": {"name": name, "kind": kind},
                }

        with audit_context(source="command:generate_register", request_id="generate_register"):
            audit_services.record_many(events())

    def _progress(self, message: str) -> None:
        if self.out is not None:
            self.out.write(message)
