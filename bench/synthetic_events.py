"""Synthetic audit events for bench/bench_audit.py: varied actions, a few hundred users, every
kommune, the database's units and synthetic ones, Danish reasons, before/after JSON. Not part
of the app or the test suite."""

from datetime import timedelta

FIRST_NAMES = (
    "mette anne kirsten hanne susanne lene maria marianne inge karen camilla louise pia tina "
    "jens peter michael lars henrik thomas søren niels anders martin jesper christian rasmus"
).split()
LAST_NAMES = (
    "jensen nielsen hansen pedersen andersen christensen larsen sørensen rasmussen jørgensen "
    "petersen madsen kristensen olsen thomsen christiansen poulsen johansen møller mortensen"
).split()
OE_WORDS = (
    "Plejecenter Hjemmeplejen Sygeplejen Tandplejen Sundhedsplejen Genoptræning Bostedet "
    "Aktivitetscenter Træningsenheden Rehabilitering Akutteam Demensteam Sundhedshuset"
).split()
PLACES = (
    "Skovly Engbo Solgården Birkely Bakkegården Lindehuset Havebo Åbyen Østervang Nørremark "
    "Søndergård Vestervang Kildebakken Egebjerg Fjordbo Strandparken Møllehøj Rosenvænget"
).split()
STREETS = "Skolevej Kirkegade Stationsvej Ahornvej Bøgevænget Torvet Hovedgaden Parkvej".split()
TOWNS = ("8000 Aarhus C", "3450 Allerød", "3700 Rønne", "2100 København Ø", "5000 Odense C", "9000 Aalborg")
REASONS = (
    "Ny adresse efter flytning til {place}",
    "Telefonnummer rettet efter henvendelse fra {place}",
    "Sammenlægning af {word} og {word2} i {place}",
    "Lukkes pga. omstrukturering i forvaltningen",
    "Enhedstype ændret efter aftale med Sundhedsdatastyrelsen",
    "Oprettet i forbindelse med nyt {word} i {place}",
    "Navneændring besluttet af udvalget, jf. sagsnr. {case}",
    "Flyttes under {word} {place} pr. {month}",
    "Rettelse af stavefejl i navnet",
    "Hjemmeside og e-mail opdateret",
    "Lokationsnummer til korrespondancemodul, jf. MedCom",
    "Meddelelsestyper tilpasset efter testforløb med {place}",
    "Administratoransvar ved jobskifte, sagsnr. {case}",
)
ACTIONS = (  # (action, weight)
    ("hierarchy.unit.update", 480),
    ("hierarchy.unit.create", 110),
    ("hierarchy.unit.apply_due", 150),
    ("hierarchy.unit.move", 80),
    ("hierarchy.unit.close", 60),
    ("hierarchy.unit.withdraw_change", 20),
    ("hierarchy.unit.withdraw_close", 10),
    ("exchange.location_number.create", 45),
    ("exchange.location_number.set_message_types", 35),
    ("hierarchy.scope.add", 6),
    ("hierarchy.scope.remove", 4),
)
MESSAGE_TYPES = [f"urn:dk:medcom:sor:edi:{c}" for c in ("XDIS16", "XDIS17", "XDIS19", "XDIS15", "DIS91")]


class EventFactory:
    """Realistic events over the kommuner and units of the database, plus synthetic units."""

    def __init__(self, rng, *, first_user_id):
        from hierarchy.identifiers import make_sor_id
        from hierarchy.models import Unit

        self.rng = rng
        ies = list(
            Unit.objects.filter(kind="IE", municipality__isnull=False).values_list("pk", "sor_id", "name")
        )
        if not ies:
            raise SystemExit("No kommune IEs: run manage.py seed_demo first.")
        # Big kommuner change much more than small ones.
        self.kommuner = [sor_id for _, sor_id, _ in ies]
        self.kommune_weights = [rng.lognormvariate(0, 0.8) for _ in ies]
        real = {sor_id: [] for sor_id in self.kommuner}
        ie_by_tree = dict(Unit.objects.filter(kind="IE").values_list("node__tree_id", "sor_id"))
        for sor_id, name, tree_id, parent in Unit.objects.exclude(kind="IE").values_list(
            "sor_id", "name", "node__tree_id", "parent__sor_id"
        ):
            if ie_by_tree.get(tree_id) in real:
                real[ie_by_tree[tree_id]].append((sor_id, name, parent))
        self.units, running = {}, 9_000_000  # far above what seed_demo and the services hand out
        for ie in self.kommuner:
            units = list(real[ie])
            for _ in range(rng.randint(60, 600)):
                running += 1
                name = f"{rng.choice(OE_WORDS)} {rng.choice(PLACES)}"
                units.append((make_sor_id(running), name, ie))
            self.units[ie] = units
        self.real_units = [u for ie in self.kommuner for u in real[ie]]
        self.users = []  # (id, name, home kommune or None for SDS/MedCom)
        taken = set()
        for i in range(320):
            while True:
                name = f"{rng.choice(FIRST_NAMES)}.{rng.choice(LAST_NAMES)}{rng.randint(1, 99)}"
                if name not in taken:
                    break
            taken.add(name)
            home = None if i < 30 else rng.choice(self.kommuner)
            if i < 30:
                name = ("sds." if i < 22 else "medcom.") + name
            self.users.append((first_user_id + i, name, home))
        self.by_kommune = {}
        for user in self.users:
            if user[2]:
                self.by_kommune.setdefault(user[2], []).append(user)
        self.sds = [u for u in self.users if u[2] is None]
        self.actions = [a for a, _ in ACTIONS]
        self.action_weights = [w for _, w in ACTIONS]

    def _snapshot(self, sor_id, name, parent, valid_from):
        rng = self.rng
        return {
            "name": name,
            "unit_type": "554221000005108",
            "unit_type_name": "Plejecenter",
            "phone": f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "email": f"{name.split()[0].lower()}@kommune.dk",
            "website": "",
            "postal_address": f"{rng.choice(STREETS)} {rng.randint(1, 120)}, {rng.choice(TOWNS)}",
            "visiting_same_as_postal": True,
            "visiting_address": None,
            "activity_same_as_visiting": True,
            "activity_address": None,
            "sor_id": sor_id,
            "kind": "OE",
            "parent": parent,
            "valid_from": valid_from.isoformat(),
            "valid_to": None,
            "is_municipal_communication": False,
        }

    def _reason(self, when):
        rng = self.rng
        if rng.random() < 0.2:
            return ""
        return rng.choice(REASONS).format(
            place=rng.choice(PLACES),
            word=rng.choice(OE_WORDS),
            word2=rng.choice(OE_WORDS),
            case=f"{when.year % 100:02d}-{rng.randint(1, 99999):05d}",
            month=when.strftime("%m-%Y"),
        )

    def event(self, when):
        """The fields of one event for `audit.services.record_many(..., backfill=True)`."""
        rng = self.rng
        action = rng.choices(self.actions, self.action_weights)[0]
        ie = rng.choices(self.kommuner, self.kommune_weights)[0]
        sor_id, name, parent = rng.choice(self.units[ie])
        local = self.by_kommune.get(ie)
        actor_id, actor_name, _ = rng.choice(self.sds if not local or rng.random() < 0.15 else local)
        source, object_type, object_id, repr_ = "web", "hierarchy.unit", sor_id, name
        effective = when.date() + timedelta(days=rng.choice((0, 0, 1, 7, 14, 30)))
        reason, before, after = self._reason(when), None, None
        snap = self._snapshot(sor_id, name, parent, when.date() - timedelta(days=rng.randint(30, 3000)))
        if action == "hierarchy.unit.create":
            after = {**snap, "valid_from": effective.isoformat()}
        elif action in (
            "hierarchy.unit.update",
            "hierarchy.unit.apply_due",
            "hierarchy.unit.withdraw_change",
        ):
            before = snap
            field = rng.choice(("name", "phone", "email", "postal_address", "website"))
            changed = {
                "name": f"{rng.choice(OE_WORDS)} {rng.choice(PLACES)}",
                "phone": f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} 00",
                "email": f"post.{rng.choice(PLACES).lower()}@kommune.dk",
                "postal_address": f"{rng.choice(STREETS)} {rng.randint(1, 120)}, {rng.choice(TOWNS)}",
                "website": f"https://www.{rng.choice(PLACES).lower()}.dk",
            }[field]
            after = {**snap, field: changed}
            if action == "hierarchy.unit.apply_due":
                actor_id, actor_name, source = None, "system:apply_due_changes", "job:apply_due_changes"
                reason, effective = "Planlagt ændring er trådt i kraft.", when.date()
        elif action == "hierarchy.unit.move":
            before = snap
            after = {**snap, "parent": rng.choice(self.units[ie])[0]}
        elif action in ("hierarchy.unit.close", "hierarchy.unit.withdraw_close"):
            closed = {**snap, "valid_to": (effective + timedelta(days=7)).isoformat()}
            before, after = (closed, snap) if "withdraw" in action else (snap, closed)
        elif action.startswith("exchange.location_number."):
            gln = f"579{rng.randint(0, 10**10 - 1):010d}"
            object_type, object_id, repr_ = "hierarchy.location_number", gln, f"{gln} på {name}"
            types = sorted(rng.sample(MESSAGE_TYPES, rng.randint(1, 4)))
            after = {"gln": gln, "unit": sor_id, "message_types": types}
            if action.endswith("set_message_types"):
                before = {**after, "message_types": sorted(rng.sample(MESSAGE_TYPES, rng.randint(1, 4)))}
                actor_id, actor_name, _ = rng.choice([u for u in self.sds if u[1].startswith("medcom.")])
            effective = None
        else:  # administrator scope
            uid, uname, _ = rng.choice(local or self.users)
            actor_id, actor_name, _ = rng.choice(self.sds)
            object_type, object_id = "hierarchy.administrator_scope", f"{uid}:{ie}"
            repr_, effective = f"{uname} → {ie}", None
            snap_scope = {"user": uname, "institution_owner": ie}
            before, after = (None, snap_scope) if action.endswith("add") else (snap_scope, None)
        return {
            "occurred_at": when,
            "actor": None,
            "actor_id": actor_id,
            "actor_name": actor_name,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "object_repr": repr_[:200],
            "scope_id": ie,
            "effective_date": effective,
            "reason": reason,
            "request_id": f"{rng.getrandbits(128):032x}",
            "source": source,
            "before": before,
            "after": after,
        }
