"""Et Samlet Patientoverblik: the aftaleoversigt names an OE as aftaleansvarlig or
aftaleudførende, and the appointment's place is a SOR address: the OE's aktivitetsadresse
(the seed's "Anvendelsesområder"; shared/reference/fitness-for-use.md)."""

from datetime import date

from django.db.models import Q, QuerySet

from hierarchy.models import Unit

from . import lineage
from .base import FEJL, TAB_EDIT, Pack, Rule


def without_activity_address(units: QuerySet[Unit], day: date) -> QuerySet[Unit]:
    # `hierarchy.inheritance.inherit`: the aktivitetsadresse is the own one, else the
    # besøgsadresse, else the postadresse, own or inherited. Only the last can be inherited.
    no_own = Q(activity_same_as_visiting=True) | Q(activity_address__isnull=True)
    no_visiting = Q(visiting_same_as_postal=True) | Q(visiting_address__isnull=True)
    candidates = units.filter(no_own, no_visiting, kind=Unit.Kind.ORGANISATIONAL_UNIT)
    return lineage.where(candidates, "postal IS NULL")


PACK = Pack(
    id="patientoverblik",
    title="Et Samlet Patientoverblik",
    purpose="Aftaleoversigten: de rette OE'er med en adresse, hvor aftalen finder sted.",
    rules=(
        Rule(
            id="patientoverblik.oe_uden_aktivitetsadresse",
            title="OE uden aktivitetsadresse",
            explanation=(
                "Den organisatoriske enhed har ingen aktivitetsadresse, hverken sin egen eller "
                "arvet. I Et Samlet Patientoverblik er aftalens sted OE'ens adresse i SOR; uden "
                "den kan borgeren ikke se, hvor aftalen er."
            ),
            severity=FEJL,
            query=without_activity_address,
            tab=TAB_EDIT,
            source='Seed-slide "Anvendelsesområder" (Et Samlet Patientoverblik)',
        ),
    ),
)
