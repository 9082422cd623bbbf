"""What a rule is: a stable id, a Danish title and explanation (why it matters, for which use),
a severity, the set-based query that finds the units breaking it, and the tab that fixes it.

A rule's `query(units, day)` takes a queryset of the units in force on `day` in the run's scope
and returns the subset that breaks it, as one SQL statement (filters, `Exists`, or the lineage
CTE of `lineage.py`): never a Python loop over the register."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from hierarchy.models import Unit

FEJL = "fejl"
ADVARSEL = "advarsel"
INFO = "info"
SEVERITIES = {FEJL: "Fejl", ADVARSEL: "Advarsel", INFO: "Info"}
SEVERITY_ORDER = {FEJL: 0, ADVARSEL: 1, INFO: 2}

# The tab where a finding is fixed: a URL name of hierarchy.urls taking the unit's SOR-kode.
TAB_EDIT = "hierarchy:unit_edit"  # Rediger OE: name, addresses, contact block
TAB_DETAILS = "hierarchy:unit_detail"  # Detaljer: lokationsnummer (SDS) and message types (MedCom)
TAB_MOVE = "hierarchy:unit_move"
# The tabs' names as the unit panel shows them (the slides' words).
TAB_LABELS = {TAB_EDIT: "Rediger OE", TAB_DETAILS: "Detaljer", TAB_MOVE: "Flyt OE"}

Query = Callable[[QuerySet[Unit], date], QuerySet[Unit]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    explanation: str
    severity: str
    query: Query
    tab: str = TAB_EDIT
    source: str = ""
    # A rule whose findings are a capability (a list of units a system can use): for a change,
    # losing the finding is the consequence, not getting it (quality/impact.py).
    capability: bool = False

    @property
    def severity_label(self) -> str:
        return SEVERITIES[self.severity]

    @property
    def tab_label(self) -> str:
        return TAB_LABELS[self.tab]


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    title: str
    purpose: str
    rules: tuple[Rule, ...]
