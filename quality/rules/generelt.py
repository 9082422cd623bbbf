"""Generelt: what every reader of SOR needs from every unit (the seed's slides on creating an
OE: "Telefonnummer er obligatorisk"; the addresses validated in DAR; one name per unit under
its parent)."""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from hierarchy import contact
from hierarchy.models import Unit
from hierarchy.periods import in_force_q

from . import lineage
from .base import ADVARSEL, FEJL, TAB_EDIT, Pack, Rule


def no_phone(units: QuerySet[Unit], day: date) -> QuerySet[Unit]:
    return lineage.where(units, "phone IS NULL OR phone = ''")


def phone_invalid(units: QuerySet[Unit], day: date) -> QuerySet[Unit]:
    """The unit's own number breaks today's rule (hierarchy.contact), because it was stored
    before the rule asked for 8 digits. Its next edit is refused until it is corrected."""
    valid = Q(phone__regex=contact.PHONE_REGEX) & Q(phone__regex=contact.PHONE_DIGITS_REGEX)
    return units.exclude(phone="").exclude(valid)


def address_not_validated(units: QuerySet[Unit], day: date) -> QuerySet[Unit]:
    condition = Q()
    for field in Unit.ADDRESS_FIELDS:
        condition |= Q(
            **{
                f"{field}__isnull": False,
                f"{field}__dar_id": "",
                f"{field}__dar_house_number_id": "",
            }
        )
    return units.filter(condition)


def same_name(units: QuerySet[Unit], day: date) -> QuerySet[Unit]:
    twin = Unit.objects.filter(
        in_force_q(day), parent=OuterRef("parent"), name__iexact=OuterRef("name")
    ).exclude(pk=OuterRef("pk"))
    return units.filter(parent__isnull=False).filter(Exists(twin))


PACK = Pack(
    id="generelt",
    title="Generelt",
    purpose="Det, alle der læser SOR, har brug for fra hver enhed.",
    rules=(
        Rule(
            id="generelt.telefon_mangler",
            title="Telefonnummer mangler",
            explanation=(
                "Enheden har intet telefonnummer, hverken sit eget eller arvet gennem "
                "kontaktoplysningerne fra en overliggende enhed. Telefonnummer er obligatorisk: "
                "borgere, sygehuse og læger skal kunne ringe til enheden."
            ),
            severity=FEJL,
            query=no_phone,
            tab=TAB_EDIT,
            source='Seed-slides, Opret OE: "Telefonnummer er obligatorisk"',
        ),
        Rule(
            id="generelt.telefon_ugyldigt",
            title="Telefonnummer følger ikke reglen",
            explanation=(
                f"Enhedens telefonnummer {contact.PHONE_RULE}. Et nummer uden otte cifre kan "
                "ikke ringes op, og enheden kan ikke redigeres, før nummeret er rettet."
            ),
            severity=FEJL,
            query=phone_invalid,
            tab=TAB_EDIT,
            source="SOR's XML-skema (TelephoneNumberIdentifierType: 8-20 tegn); hierarchy/contact.py",
        ),
        Rule(
            id="generelt.adresse_ikke_valideret",
            title="Adresse ikke valideret i DAR",
            explanation=(
                'En af enhedens adresser er ikke fundet i Danmarks Adresseregister ("Ikke '
                'valideret"). Systemer, der slår adressen op (aftaleoversigten, '
                "Behandlingsstedsregistret), kan ikke finde stedet. Vælg adressen igen i "
                "adressefeltet."
            ),
            severity=ADVARSEL,
            query=address_not_validated,
            tab=TAB_EDIT,
            source="DAR via Adressevælgeren; addresses.Address.is_dar_validated",
        ),
        Rule(
            id="generelt.navn_dublet",
            title="Samme navn to gange under samme enhed",
            explanation=(
                "To gældende enheder med samme navn under samme overliggende enhed kan ikke "
                "skelnes, når man vælger modtager eller sted i et andet system. Giv dem navne, "
                "der siger, hvad der er forskelligt."
            ),
            severity=ADVARSEL,
            query=same_name,
            tab=TAB_EDIT,
            source="Issue 24 (Kvalitetstjek)",
        ),
    ),
)
