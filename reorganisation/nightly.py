"""The one nightly run (`manage.py apply_due_changes`): everything whose day has come, each
thing on its own, so one that cannot be applied stops none of the others. Omstruktureringer
first (each whole or not at all, with its author's rights of the day), then the units' due
versions, then the lokationsnummer closures; last it deletes the used form keys that no browser
can send again (`sor_admin.submissions.prune`). It sits above the register and the exchange app
because it calls both."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from exchange.location_numbers import location_number_apply_closures
from hierarchy import services
from hierarchy.policy import fmt, today
from sor_admin import submissions

from .models import Reorganisation
from .services import apply_due_reorganisations

MSG_FUTURE = (
    "Datoen {day} er efter i dag ({today}). apply_due_changes anvender kun det, der er trådt i "
    "kraft, for ellers kom fremtiden ind i dagens træ; intet er ændret. Kør den på dagen, eller "
    "udelad --on."
)


@dataclass
class Night:
    """What one run did: the packages it applied itself, the units projected, the GLNs taken
    off their units, the used form keys deleted, and the Danish report of each thing that could not be applied."""

    packages: list[Reorganisation] = field(default_factory=list)
    units: int = 0
    closures: int = 0
    form_keys: int = 0  # used form keys deleted
    package_problems: list[str] = field(default_factory=list)
    unit_problems: list[str] = field(default_factory=list)
    closure_problems: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.package_problems or self.unit_problems or self.closure_problems)


def apply_all_due(*, on: date | None = None) -> Night:
    """Apply what has come due by `on` (default today; catch-up after downtime). A date after
    today is refused (ValidationError) before anything is read: today's projection must show
    the versions in force today."""
    now = today()
    on = on or now
    if on > now:
        raise ValidationError(MSG_FUTURE.format(day=fmt(on), today=fmt(now)))
    night = Night()
    night.packages, night.package_problems = apply_due_reorganisations(on=on)
    night.units = services.apply_due_changes(on=on, problems=night.unit_problems)
    night.closures = location_number_apply_closures(on=on, problems=night.closure_problems)
    night.form_keys = submissions.prune()
    return night
