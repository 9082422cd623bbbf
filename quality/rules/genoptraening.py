"""Genoptræning: the units a kommune can report genoptræning on. The seed's "Tidligere
regelsæt": an OE (level 3 and below) can be reported on when its IE is privat or kommunal and
its SI has one of seven types; the OE's own type is not looked at. Today's rule (SDS,
"Indberetning af genoptræning") reports on the unit where training actually takes place, so
the list is shown as information, with the genoptræning units the earlier rule set would miss.
The names of the seven types are mapped to data/sor/sor-enhedstyper.csv ("genoptræningscenter"
is the type "genoptræningsenhed", Rehabilitation center; "hjemmesygepleje" is
"hjemmesygeplejeenhed")."""

from datetime import date

from django.db.models import QuerySet

from hierarchy.models import Unit

from . import lineage
from .base import INFO, TAB_EDIT, TAB_MOVE, Pack, Rule

OWNER_TYPES = {
    "547211000005108": "kommune",
    "550891000005100": "privat",
}
SI_TYPES = {
    "42665001": "plejehjem",
    "264361005": "sundhedscenter",
    "546811000005109": "genoptræningsenhed (genoptræningscenter)",
    "546821000005103": "ergoterapiklinik",
    "547011000005103": "fysioterapiklinik",
    "550621000005101": "hjemmesygeplejeenhed (hjemmesygepleje)",
    "550641000005106": "kiropraktorklinik",
}
# The units that do genoptræning by their own type, whatever the earlier rule set says.
TRAINING_TYPES = {
    "546811000005109": "genoptræningsenhed",
    "547011000005103": "fysioterapiklinik",
    "546821000005103": "ergoterapiklinik",
    "550861000005106": "fysioterapi- og ergoterapiklinik",
}


def _reportable_condition() -> tuple[str, list[str]]:
    owners, types = list(OWNER_TYPES), list(SI_TYPES)
    condition = (
        f"owner_type IN ({lineage.placeholders(owners)}) AND si_type IN ({lineage.placeholders(types)})"
    )
    return condition, owners + types


def reportable(units: QuerySet[Unit], day: date) -> QuerySet[Unit]:
    condition, params = _reportable_condition()
    return lineage.where(units.filter(kind=Unit.Kind.ORGANISATIONAL_UNIT), condition, params)


def missed_by_earlier_rules(units: QuerySet[Unit], day: date) -> QuerySet[Unit]:
    training = units.filter(unit_type__in=TRAINING_TYPES)
    return training.exclude(pk__in=reportable(training, day).values("pk"))


PACK = Pack(
    id="genoptraening",
    title="Genoptræning",
    purpose="Indberetning af genoptræning: de enheder, der kan indberettes på.",
    rules=(
        Rule(
            id="genoptraening.indberetbar",
            title="Kan indberettes på efter det tidligere regelsæt",
            explanation=(
                "En OE, hvis institutionsejer er kommunal eller privat, og hvis "
                "sundhedsinstitution er plejehjem, sundhedscenter, genoptræningscenter, "
                "ergoterapiklinik, fysioterapiklinik, hjemmesygepleje eller kiropraktorklinik. "
                "Listen viser, hvilke enheder genoptræning kan indberettes på; tjek, at træningen "
                "faktisk foregår her."
            ),
            severity=INFO,
            capability=True,
            query=reportable,
            tab=TAB_EDIT,
            source='Seed-slide "Tidligere regelsæt"; SDS, Indberetning af genoptræning',
        ),
        Rule(
            id="genoptraening.ikke_fundet",
            title="Genoptræningsenhed, som det tidligere regelsæt ikke finder",
            explanation=(
                "Enheden er en genoptrænings-, fysio- eller ergoterapienhed, men det tidligere "
                "regelsæt finder den ikke: den ligger ikke under en sundhedsinstitution af de syv "
                "typer, er ikke en OE, eller ejeren er hverken kommunal eller privat. Indberettes "
                "der på den, så kontrollér placeringen i hierarkiet."
            ),
            severity=INFO,
            query=missed_by_earlier_rules,
            tab=TAB_MOVE,
            source='Seed-slide "Tidligere regelsæt"',
        ),
    ),
)
