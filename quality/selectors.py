"""Reads of the Kvalitetstjek: the run that holds a kommune's (or the register's) current
findings, the findings per pack, the trend and the national overview. A kommune's current run
is the newest run that covered it: its own, or one of the whole register."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from hierarchy.dates import today
from hierarchy.models import Municipality, Unit

from .models import NO_KOMMUNE, AcceptedDeviation, Finding, QualityRun, deviations_in_force
from .rules import PACK_OF, PACKS, RULES, SEVERITY_ORDER, Pack, Rule

TREND_RUNS = 20
FINDINGS_SHOWN = 200  # per pack on the page; the CSV holds them all


def runs_covering(kommune: str | None) -> QuerySet[QualityRun]:
    """The runs whose findings cover `kommune` (None: the whole register), newest first."""
    runs = QualityRun.objects.filter(municipality__isnull=True)
    if kommune:
        runs = QualityRun.objects.filter(Q(municipality__isnull=True) | Q(municipality_id=kommune))
    return runs.order_by("-pk")


def current_run(kommune: str | None) -> QualityRun | None:
    return runs_covering(kommune).select_related("municipality", "started_by").first()


def open_findings(run: QualityRun, kommune: str | None) -> QuerySet[Finding]:
    """The run's findings in `kommune` (None: all) that no Godkendt afvigelse in force covers."""
    rows = Finding.objects.filter(run=run)
    if kommune:
        rows = rows.filter(municipality_id=kommune)
    accepted = deviations_in_force(today()).filter(rule_id=OuterRef("rule_id"), unit=OuterRef("unit"))
    return rows.exclude(Exists(accepted))


def findings(run: QualityRun, kommune: str | None) -> QuerySet[Finding]:
    return (
        open_findings(run, kommune)
        .select_related("unit", "municipality")
        .order_by("rule_id", "unit__name", "unit__sor_id")
    )


@dataclass
class RuleGroup:
    rule: Rule
    findings: list = field(default_factory=list)
    count: int = 0
    new: int = 0


@dataclass
class PackSummary:
    pack: Pack
    rules: list[RuleGroup]
    count: int = 0
    new: int = 0
    shown: int = 0

    @property
    def truncated(self) -> bool:
        return self.shown < self.count


def pack_summaries(
    run: QualityRun | None, kommune: str | None, *, with_findings: bool = True
) -> list[PackSummary]:
    """Per pack: its rules with their findings (at most FINDINGS_SHOWN per pack), counts and
    the number new since the previous run."""
    groups = {rule_id: RuleGroup(rule) for rule_id, rule in RULES.items()}
    if run is not None:
        rows = open_findings(run, kommune)
        for rule_id, is_new in rows.values_list("rule_id", "is_new").iterator(chunk_size=5000):
            group = groups.get(rule_id)
            if group is not None:  # a rule since removed from the code
                group.count += 1
                group.new += is_new
    summaries = []
    for pack in PACKS:
        rules = sorted(
            (groups[rule.id] for rule in pack.rules),
            key=lambda g: (SEVERITY_ORDER[g.rule.severity], g.rule.id),
        )
        summary = PackSummary(pack, rules, sum(g.count for g in rules), sum(g.new for g in rules))
        if run is not None and with_findings:
            budget = FINDINGS_SHOWN
            for group in rules:
                if budget <= 0 or not group.count:
                    continue
                group.findings = list(findings(run, kommune).filter(rule_id=group.rule.id)[:budget])
                budget -= len(group.findings)
                summary.shown += len(group.findings)
        summaries.append(summary)
    return summaries


@dataclass
class TrendPoint:
    run: QualityRun
    total: int
    per_severity: dict[str, int]


def trend(kommune: str | None, limit: int = TREND_RUNS) -> list[TrendPoint]:
    """The last `limit` runs covering `kommune`, oldest first, with their findings there (from
    the counts stored on each run, so no findings are read)."""
    points = []
    for run in reversed(list(runs_covering(kommune)[:limit])):
        per_severity = {severity: 0 for severity in SEVERITY_ORDER}
        groups = run.counts.values() if kommune is None else [run.counts.get(kommune, {})]
        for group in groups:
            for rule_id, n in group.items():
                if rule_id in RULES:
                    per_severity[RULES[rule_id].severity] += n
        points.append(TrendPoint(run, sum(per_severity.values()), per_severity))
    return points


@dataclass
class KommuneRow:
    code: str
    name: str
    per_pack: list[int]
    total: int


def national_overview(run: QualityRun | None) -> list[KommuneRow]:
    """Findings per kommune and pack in a run of the whole register, from its stored counts."""
    if run is None:
        return []
    names = dict(Municipality.objects.values_list("code", "name"))
    rows = []
    for code, group in run.counts.items():
        per_pack = [sum(n for rule_id, n in group.items() if PACK_OF.get(rule_id) is pack) for pack in PACKS]
        label = names.get(code, code) if code != NO_KOMMUNE else "Uden kommune (private ejere m.fl.)"
        rows.append(KommuneRow(code, label, per_pack, sum(per_pack)))
    return sorted(rows, key=lambda r: (-r.total, r.name))


def accepted_deviations(kommune: str | None, day) -> QuerySet[AcceptedDeviation]:
    """The Godkendte afvigelser in force for units of `kommune` (None: all)."""
    rows = deviations_in_force(day).select_related("unit", "created_by")
    if kommune:
        trees = Unit.objects.filter(kind=Unit.Kind.INSTITUTION_OWNER, municipality_id=kommune).values(
            "node__tree_id"
        )
        rows = rows.filter(unit__node__tree_id__in=trees)
    return rows.order_by("rule_id", "unit__name")


def kommune_of(unit: Unit) -> str | None:
    """The kommunekode of the IE at the top of the unit's tree (None: a private owner)."""
    return (
        Unit.objects.filter(node__tree_id=unit.tree_id, node__parent__isnull=True)
        .values_list("municipality_id", flat=True)
        .first()
    )


@dataclass
class UnitFindings:
    run: QualityRun | None
    findings: list  # (Rule, Finding), most severe first


def unit_findings(unit: Unit) -> UnitFindings:
    """The open findings of one unit in the newest run that covered its kommune (the unit's
    Detaljer): one query for the run (the kommune found in it), one for its findings."""
    top = Unit.objects.filter(node__tree_id=unit.tree_id, node__parent__isnull=True)
    run = (
        QualityRun.objects.filter(
            Q(municipality__isnull=True) | Q(municipality_id=Subquery(top.values("municipality_id")[:1]))
        )
        .order_by("-pk")
        .first()
    )
    if run is None:
        return UnitFindings(None, [])
    rows = open_findings(run, None).filter(unit=unit)
    pairs = [(RULES[f.rule_id], f) for f in rows if f.rule_id in RULES]
    pairs.sort(key=lambda pair: (SEVERITY_ORDER[pair[0].severity], pair[0].id))
    return UnitFindings(run, pairs)
