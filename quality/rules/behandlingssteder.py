"""Behandlingssteder: Styrelsen for Patientsikkerhed's Behandlingsstedsregister (BSR) and
tilsyn. Every place that treats patients must be registered before treatment starts (BEK nr.
1257 af 25/10/2023 § 1, stk. 3); § 2 names among others plejehjem, hjemmesygepleje,
genoptræning, sundhedspleje, tandpleje and misbrugsbehandling, and § 2, stk. 2 makes each fixed
location a behandlingssted of its own. Every BSR site must exist in SOR (the seed).

The enhedstyper counted as behandlingssteder are data, not code: `behandlingssted_typer.csv`
beside this module (SNOMED code, the Danish name from data/sor/sor-enhedstyper.csv, and the
category of BEK 1257/2023 § 2 it stands for). Hjemmepleje is in the list because the issue
names it and SOR's hjemmeplejeenheder deliver sygepleje in the home; the bekendtgørelse's own
word is hjemmesygepleje."""

import csv
from datetime import date
from pathlib import Path

from django.db.models import Q, QuerySet

from hierarchy.models import Unit

from .base import FEJL, TAB_EDIT, Pack, Rule

TYPES_FILE = Path(__file__).with_name("behandlingssted_typer.csv")


def _load_types() -> dict[str, str]:
    with TYPES_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["snomed_code"]: row["bek_1257_2023"] for row in csv.DictReader(handle)}


BEHANDLINGSSTED_TYPES = _load_types()


def own_place() -> Q:
    """The unit's effective aktivitetsadresse is registered on the unit itself, not inherited
    (`hierarchy.inheritance.inherit`: an own aktivitetsadresse, or "samme som" an own
    besøgsadresse, or "samme som" an own postadresse)."""
    return (
        Q(activity_same_as_visiting=False, activity_address__isnull=False)
        | Q(visiting_same_as_postal=False, visiting_address__isnull=False)
        | Q(postal_address__isnull=False)
    )


def without_own_address(units: QuerySet[Unit], day: date) -> QuerySet[Unit]:
    return units.filter(unit_type__in=BEHANDLINGSSTED_TYPES).exclude(own_place())


PACK = Pack(
    id="behandlingssteder",
    title="Behandlingssteder",
    purpose="Styrelsen for Patientsikkerheds Behandlingsstedsregister og tilsyn.",
    rules=(
        Rule(
            id="behandlingssteder.uden_egen_adresse",
            title="Behandlingssted uden egen aktivitetsadresse",
            explanation=(
                "Enheden er af en type, som bekendtgørelsen regner som behandlingssted "
                "(plejehjem, hjemmesygepleje, hjemmepleje, genoptræning, sundhedspleje, tandpleje, "
                "misbrugsbehandling), men har ingen adresse af sin egen: den arver den. Hvert fast "
                "sted, hvor der behandles, er sit eget behandlingssted og skal kunne findes i "
                "Behandlingsstedsregistret. Angiv stedets aktivitetsadresse."
            ),
            severity=FEJL,
            query=without_own_address,
            tab=TAB_EDIT,
            source="BEK nr. 1257 af 25/10/2023 § 1, stk. 3 og § 2, stk. 2",
        ),
    ),
)
