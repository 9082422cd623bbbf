"""A control run: every rule over the units in force today, in one kommune or the whole
register, stored with its findings in one transaction and audited (`quality.run.create`).

Each rule's query is one statement; the findings are written in bulk. A finding's `first_seen`
is carried over from the previous run that covered the same kommune (the newest run of that
kommune or of the whole register), and `is_new` says it was not found there."""

import time
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from audit import services as audit
from hierarchy import permissions
from hierarchy.dates import today
from hierarchy.models import Municipality, Unit
from hierarchy.periods import in_force_q
from sor_admin import authority

from .audit_actions import RUN, RUN_CREATE
from .models import NO_KOMMUNE, Finding, QualityRun
from .rules import RULES

MSG_RUN_REFUSED = authority.text(
    "Du kan kun starte et kvalitetstjek af din egen kommune. Vælg din kommune, eller kontakt {authority}."
)
BATCH = 2000


def tree_kommuner() -> dict[int, str]:
    """{tree id: kommunekode} of every IE with a kommune."""
    rows = Unit.objects.filter(kind=Unit.Kind.INSTITUTION_OWNER, municipality__isnull=False)
    return dict(rows.values_list("node__tree_id", "municipality_id"))


def user_kommuner(user) -> list[str]:
    """The kommunekoder of the IEs a municipal administrator administers."""
    trees = permissions.scope_tree_ids(user)
    kommuner = tree_kommuner()
    return sorted({kommuner[t] for t in trees if t in kommuner})


def may_run(user, municipality: Municipality | None) -> bool:
    if permissions.is_sds(user):
        return True
    return municipality is not None and municipality.code in user_kommuner(user)


def previous_runs(kommune_codes) -> dict[str, int]:
    """{kommunekode (NO_KOMMUNE too): id of the newest run that covered it}."""
    whole = QualityRun.objects.filter(municipality__isnull=True).aggregate(last=Max("pk"))["last"] or 0
    per_kommune = dict(
        QualityRun.objects.filter(municipality__isnull=False)
        .values("municipality")
        .annotate(last=Max("pk"))
        .values_list("municipality", "last")
    )
    found = {code: max(whole, per_kommune.get(code, 0)) for code in kommune_codes}
    found[NO_KOMMUNE] = whole
    return {code: run for code, run in found.items() if run}


def _carried(previous: dict[str, int]) -> dict[tuple[str, int], object]:
    """{(rule id, unit id): first_seen} of the findings of the previous runs, each kommune's
    from its own previous run."""
    if not previous:
        return {}
    rows = Finding.objects.filter(run_id__in=set(previous.values())).values_list(
        "rule_id", "unit_id", "first_seen", "run_id", "municipality_id"
    )
    return {
        (rule, unit): first_seen
        for rule, unit, first_seen, run, kommune in rows
        if previous.get(kommune or NO_KOMMUNE) == run
    }


@dataclass
class _Scope:
    municipality: Municipality | None
    kommuner: dict[int, str]

    def units(self, day):
        units = Unit.objects.filter(in_force_q(day))
        if self.municipality is not None:
            trees = [t for t, code in self.kommuner.items() if code == self.municipality.code]
            units = units.filter(node__tree_id__in=trees)
        return units

    def codes(self) -> list[str]:
        if self.municipality is not None:
            return [self.municipality.code]
        return sorted(set(self.kommuner.values()))


def run_checks(*, actor, municipality: Municipality | None = None, source: str = "") -> QualityRun:
    """Run every rule in `municipality` (None: the whole register, SDS and the system only)."""
    if actor is not None and not may_run(actor, municipality):
        raise PermissionDenied(MSG_RUN_REFUSED)
    started = time.monotonic()
    day = today()
    with transaction.atomic():
        scope = _Scope(municipality, tree_kommuner())
        previous = previous_runs(scope.codes())
        carried = _carried(previous)
        run = QualityRun.objects.create(
            day=day,
            started_by=actor,
            source=source or ("web" if actor else "system"),
            municipality=municipality,
        )
        units = scope.units(day)
        counts: dict[str, dict[str, int]] = {}
        rows: list[Finding] = []
        for rule in RULES.values():
            for unit_id, tree_id in rule.query(units, day).values_list("pk", "node__tree_id"):
                kommune = scope.kommuner.get(tree_id, NO_KOMMUNE)
                seen = carried.get((rule.id, unit_id))
                rows.append(
                    Finding(
                        run=run,
                        rule_id=rule.id,
                        unit_id=unit_id,
                        municipality_id=kommune or None,
                        first_seen=seen or day,
                        is_new=seen is None,
                    )
                )
                per_rule = counts.setdefault(kommune, {})
                per_rule[rule.id] = per_rule.get(rule.id, 0) + 1
        Finding.objects.bulk_create(rows, batch_size=BATCH)
        run.counts = counts
        run.total = len(rows)
        run.duration_ms = int((time.monotonic() - started) * 1000)
        run.save(update_fields=["counts", "total", "duration_ms"])
        scope_id = ""
        if municipality is not None:
            ie = Unit.objects.filter(municipality=municipality).values_list("sor_id", flat=True).first()
            scope_id = ie or ""
        audit.record(
            actor=actor,
            action=RUN_CREATE,
            object_type=RUN,
            object_id=str(run.pk),
            object_repr=str(run),
            scope_id=scope_id,
            before=None,
            after={
                "kommune": municipality.code if municipality else "",
                "day": day.isoformat(),
                "total": run.total,
                "counts": {rule: sum(g.get(rule, 0) for g in counts.values()) for rule in RULES},
            },
        )
    return run
