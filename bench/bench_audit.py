"""Benchmark of the Ændringslog (audit review) at 1,000,000 events (issue 5). Not part of the
test suite.

Usage (PostgreSQL; the database must exist, it is migrated and given the demo register once):

    createdb -h 127.0.0.1 -U postgres sor_audit_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_audit_bench \\
        .venv/bin/python bench/bench_audit.py [--events 1000000] [--repeat 100]

If the trail holds fewer than --events events, synthetic ones are appended until it holds that
many: varied actions, a few hundred users, every kommune, the demo register's units and
synthetic ones, Danish reasons, before/after JSON, five years of timestamps increasing with seq.
They go through the audit app's public bulk writer (`audit.services.record_many` with
`backfill=True`), which chains them like any other event, so `manage.py verify_audit` accepts
them. Then ANALYZE.

It prints, for each request, p50/p95 in milliseconds and the queries per request, and the same
rows fetched with raw SQL through psycopg in the same run and the ratio. Requests go through the
real views with Django's test client (logged in as a support user), so they include the form,
the chain-state line and template rendering.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from timing import Timer, setup_django  # noqa: E402 - bench/ is the script's folder

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sor_admin.settings.test")

READ_TARGET, SEARCH_TARGET = 30, 50
LOG, PAGE_SIZE = "/aendringslog/", 50


# -- synthetic events --------------------------------------------------------------------------

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
        ie_by_tree = dict(Unit.objects.filter(kind="IE").values_list("tree_id", "sor_id"))
        for sor_id, name, tree_id, parent in Unit.objects.exclude(kind="IE").values_list(
            "sor_id", "name", "tree_id", "parent__sor_id"
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


def fill_events(target, seed):
    """Append synthetic events until the trail holds `target`; returns seconds spent (0: none)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from audit import services as audit_services
    from audit.models import AuditEvent

    missing = target - AuditEvent.objects.count()
    if missing <= 0:
        return 0.0
    started = time.perf_counter()
    rng = random.Random(seed)
    first_user_id = (
        get_user_model().objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1000
    factory = EventFactory(rng, first_user_id=first_user_id)
    print(f"Skriver {missing} hændelser …", flush=True)
    # Five years up to now, strictly increasing with seq.
    end = datetime.now(UTC).replace(microsecond=0)
    start = end - timedelta(days=5 * 365)
    step = (end - start).total_seconds() / missing

    def events():
        for i in range(missing):
            yield factory.event(start + timedelta(seconds=(i + rng.random() * 0.9) * step))
            if (i + 1) % 100_000 == 0:
                print(f"  {i + 1} skrevet ({time.perf_counter() - started:.0f} s)", flush=True)

    with transaction.atomic():
        audit_services.record_many(events(), backfill=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditevent")
    return time.perf_counter() - started


# -- the benchmark -----------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from audit.models import AuditEvent
    from audit.selectors import AuditFilter, audit_page
    from hierarchy import permissions
    from hierarchy.models import Unit
    from hierarchy.roles import ensure_groups

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        call_command("seed_demo", verbosity=0)
    fill_seconds = fill_events(args.events, args.seed)
    if fill_seconds:
        print(f"Hændelser skrevet og ANALYZE kørt på {fill_seconds:.0f} s")
    groups = ensure_groups()
    user, _ = get_user_model().objects.get_or_create(username="bench.support")
    user.groups.add(groups[permissions.GROUP_SUPPORT])
    newest = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    print(f"Ændringslog: {newest} hændelser")

    rng = random.Random(args.seed + 1)
    timer = Timer(label_width=38, warm_up=True)
    repeat = args.repeat
    client = Client()
    client.force_login(user)
    raw = connection.connection  # psycopg connection under Django's
    select = "SELECT * FROM audit_auditevent"
    page = f"ORDER BY seq DESC LIMIT {PAGE_SIZE + 1}"

    def raw_fetch(sql, params):
        with raw.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    def get(params):
        return lambda i: client.get(LOG, params(i) if callable(params) else params)

    # The kommuner with most events, some middle ones, and their codes.
    by_scope = _scope_counts(connection)
    codes = dict(
        Unit.objects.filter(kind="IE", municipality__isnull=False).values_list("sor_id", "municipality__code")
    )
    ranked = sorted((s for s in by_scope if s in codes), key=by_scope.get, reverse=True)
    kommuner = [(codes[s], s) for s in ranked[:5] + ranked[len(ranked) // 2 : len(ranked) // 2 + 5]]
    print("Kommuner: " + ", ".join(f"{c} ({by_scope[s]} hændelser)" for c, s in kommuner))

    timer.measure(
        "første side, ingen filtre",
        get({}),
        repeat,
        raw=lambda i: raw_fetch(f"{select} {page}", []),
        target=READ_TARGET,
    )
    cursors = [rng.randint(PAGE_SIZE, newest) for _ in range(repeat)]
    timer.measure(
        "dyb side (tilfældig før=)",
        get(lambda i: {"før": cursors[i]}),
        repeat,
        raw=lambda i: raw_fetch(f"{select} WHERE seq < %s {page}", [cursors[i]]),
        target=READ_TARGET,
    )
    big_code, big_scope = kommuner[0]
    cursor, walk = None, 0
    while walk < 50:
        events, next_cursor = audit_page(AuditFilter(scope_id=big_scope), before_seq=cursor, size=PAGE_SIZE)
        if next_cursor is None:
            break
        cursor, walk = next_cursor, walk + 1
    timer.measure(
        f"kommune {big_code}, side {walk + 1}",
        get({"kommune": big_code, "før": cursor}),
        repeat,
        raw=lambda i: raw_fetch(f"{select} WHERE scope_id = %s AND seq < %s {page}", [big_scope, cursor]),
        target=READ_TARGET,
    )
    timer.measure(
        "kommune (10 forskellige)",
        get(lambda i: {"kommune": kommuner[i % len(kommuner)][0]}),
        repeat,
        raw=lambda i: raw_fetch(f"{select} WHERE scope_id = %s {page}", [kommuner[i % len(kommuner)][1]]),
        target=READ_TARGET,
    )
    units = list(
        Unit.objects.exclude(kind="IE")
        .filter(sor_id__in=AuditEvent.objects.values("object_id"))
        .values_list("sor_id", flat=True)
    )
    rng.shuffle(units)
    timer.measure(
        "SOR-kode",
        get(lambda i: {"sor_kode": units[i % len(units)]}),
        repeat,
        raw=lambda i: raw_fetch(f"{select} WHERE object_id = %s {page}", [units[i % len(units)]]),
        target=READ_TARGET,
    )
    actors = list(
        AuditEvent.objects.filter(seq__gt=newest - 20_000)
        .exclude(actor_name__startswith="system")
        .values_list("actor_name", flat=True)
        .distinct()
    )
    rng.shuffle(actors)
    timer.measure(
        "bruger (fuldt brugernavn)",
        get(lambda i: {"bruger": actors[i % len(actors)]}),
        repeat,
        raw=lambda i: raw_fetch(
            f"{select} WHERE UPPER(actor_name) LIKE UPPER(%s) {page}", [f"%{actors[i % len(actors)]}%"]
        ),
        target=SEARCH_TARGET,
    )
    for label, actions in (
        ("handling (hyppig)", ["hierarchy.unit.update", "hierarchy.unit.create", "hierarchy.unit.apply_due"]),
        (
            "handling (sjælden)",
            ["hierarchy.scope.add", "hierarchy.scope.remove", "hierarchy.unit.withdraw_close"],
        ),
    ):
        timer.measure(
            label,
            get(lambda i, a=actions: {"handling": a[i % len(a)]}),
            repeat,
            raw=lambda i, a=actions: raw_fetch(f"{select} WHERE action = %s {page}", [a[i % len(a)]]),
            target=READ_TARGET,
        )
    first_day = (
        AuditEvent.objects.filter(seq__gt=1000).order_by("seq").values_list("occurred_at", flat=True).first()
    )
    last_day = AuditEvent.objects.filter(seq=newest).values_list("occurred_at", flat=True).first()
    span = (last_day - first_day).days
    for label, days in (("dato fra–til (en måned)", 30), ("dato fra–til (et år)", 365)):
        ranges = []
        for _ in range(repeat):
            start = (first_day + timedelta(days=rng.randint(0, span - days))).date()
            ranges.append((start, start + timedelta(days=days - 1)))
        timer.measure(
            label,
            get(lambda i, r=ranges: {"dato_fra": f"{r[i][0]:%d-%m-%Y}", "dato_til": f"{r[i][1]:%d-%m-%Y}"}),
            repeat,
            raw=lambda i, r=ranges: raw_fetch(
                f"{select} WHERE occurred_at >= %s AND occurred_at < %s {page}",
                [_local_midnight(r[i][0]), _local_midnight(r[i][1] + timedelta(days=1))],
            ),
            target=READ_TARGET,
        )
    cases = list(
        AuditEvent.objects.filter(reason__contains="sagsnr.", seq__gt=newest // 2).values_list(
            "reason", flat=True
        )[:repeat]
    )
    searches = (
        ("begrundelse, ét ord (omstrukturering)", ["omstrukturering", "stavefejl", "udvalget"]),
        ("begrundelse, to ord (flytning Skovly)", ["flytning Skovly", "testforløb Engbo", "nyt Havebo"]),
        ("begrundelse, sagsnummer", [c.split("sagsnr. ")[1].split()[0] for c in cases]),
    )
    for label, words in searches:
        timer.measure(
            label,
            get(lambda i, w=words: {"begrundelse": w[i % len(w)]}),
            repeat,
            raw=lambda i, w=words: raw_fetch(
                f"{select} WHERE "
                + " AND ".join("UPPER(reason) LIKE UPPER(%s)" for _ in w[i % len(w)].split())
                + f" {page}",
                [f"%{word}%" for word in w[i % len(w)].split()],
            ),
            target=SEARCH_TARGET,
        )
    year_ago = (last_day - timedelta(days=365)).date()
    timer.measure(
        "kombination: kommune+handling+år+ord",
        get(
            lambda i: {
                "kommune": kommuner[i % len(kommuner)][0],
                "handling": "hierarchy.unit.update",
                "dato_fra": f"{year_ago:%d-%m-%Y}",
                "begrundelse": "adresse",
            }
        ),
        repeat,
        raw=lambda i: raw_fetch(
            f"{select} WHERE scope_id = %s AND action = %s AND occurred_at >= %s "
            f"AND UPPER(reason) LIKE UPPER(%s) {page}",
            [kommuners_scope(kommuner, i), "hierarchy.unit.update", _local_midnight(year_ago), "%adresse%"],
        ),
        target=SEARCH_TARGET,
    )
    seqs = [rng.randint(1, newest) for _ in range(repeat)]
    timer.measure(
        "hændelse (detaljeside)",
        lambda i: client.get(f"{LOG}{seqs[i]}/"),
        repeat,
        raw=lambda i: raw_fetch(f"{select} WHERE seq = %s", [seqs[i]]),
        target=READ_TARGET,
    )
    timer.print()


def kommuners_scope(kommuner, i):
    return kommuner[i % len(kommuner)][1]


def _scope_counts(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT scope_id, count(*) FROM audit_auditevent GROUP BY scope_id")
        return dict(cursor.fetchall())


def _local_midnight(day):
    from datetime import time as dtime

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, dtime.min))


if __name__ == "__main__":
    main()
