"""Every rule of the Kvalitetstjek with a unit that breaks it and one that does not."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from addresses.models import Address
from exchange import location_numbers
from hierarchy import services
from hierarchy.models import Unit
from quality.rules import PACKS, RULES, behandlingssteder
from tests.factories import address

from .conftest import found, make_unit

GLN = "5790000123117"
GLN2 = "5790000123124"
PLEJEHJEM = "42665001"
GENOPTRAENING = "546811000005109"
ADMINISTRATIV = "550811000005108"


def test_every_rule_has_its_parts():
    ids = [rule.id for pack in PACKS for rule in pack.rules]
    assert len(ids) == len(set(ids)) == len(RULES)
    for pack in PACKS:
        for rule in pack.rules:
            assert rule.id.startswith(pack.id + ".")
            assert rule.title
            assert rule.explanation
            assert rule.severity in {"fejl", "advarsel", "info"}
            assert rule.source


def test_behandlingssted_types_are_real_enhedstyper(settings):
    import csv

    with (settings.SOR_DATA_DIR / "sor" / "sor-enhedstyper.csv").open(encoding="utf-8") as handle:
        names = {row["snomed_code"]: row["navn_da"] for row in csv.DictReader(handle)}
    with behandlingssteder.TYPES_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert names[row["snomed_code"]] == row["navn_da"]


def test_phone_missing_own_or_inherited(tree, today):
    # An own contact block (an e-mail) without a telephone: nothing is inherited.
    make_unit(tree.si, "Kun e-mail", strict=False, phone="", email="kun@example.dk")
    # No contact block at all: the SI's block, with its telephone, is inherited.
    make_unit(tree.si, "Arver telefon", strict=False, phone="", email="")
    assert found("generelt.telefon_mangler", today) == {"Kun e-mail"}


def test_phone_missing_when_no_ancestor_has_one(tree, today):
    Unit.objects.filter(pk__in=[tree.ie.pk, tree.si.pk]).update(phone="")
    # The IE and SI keep their e-mail, so their blocks have no telephone; the OEs have their own.
    make_unit(tree.si, "Arver intet", strict=False, phone="", email="")
    assert found("generelt.telefon_mangler", today) == {tree.ie.name, tree.si.name, "Arver intet"}


def test_address_not_validated_in_dar(tree, today):
    validated = make_unit(tree.si, "Valideret", postal_address=address(number="4"))
    Address.objects.filter(pk=validated.postal_address_id).update(
        dar_id="0a3f50a3-0000-0000-0000-000000000001"
    )
    result = found("generelt.adresse_ikke_valideret", today)
    assert tree.tand.name in result
    assert "Valideret" not in result


def test_same_name_twice_under_one_parent(tree, today):
    make_unit(tree.si, "Tandplejen Blovstrød Skole")  # the same name as tree.blovstrod, another parent
    make_unit(tree.tand, "tandplejen lillerød skole")  # the same as tree.lillerod, other case
    assert found("generelt.navn_dublet", today) == {"Tandplejen Lillerød Skole", "tandplejen lillerød skole"}


def test_lokationsnummer_without_message_types(tree, today):
    location_numbers.location_number_create(actor=None, unit=tree.tand, gln=GLN, reason="Testændring")
    location_numbers.location_number_create(
        actor=None,
        unit=tree.pleje,
        gln=GLN2,
        message_types=services.message_types_by_code("XDIS19"),
        reason="Testændring",
    )
    assert found("edi.lokationsnummer_uden_meddelelsestyper", today) == {tree.tand.name}


def test_gln_holder_closing_within_30_days(tree, today):
    location_numbers.location_number_create(actor=None, unit=tree.blovstrod, gln=GLN, reason="Testændring")
    location_numbers.location_number_create(actor=None, unit=tree.lillerod, gln=GLN2, reason="Testændring")
    services.unit_close(
        actor=None,
        unit=tree.blovstrod,
        closing_date=today + timedelta(days=20),
        reason="Lukker",
        confirm_impact=True,
    )
    services.unit_close(
        actor=None,
        unit=tree.lillerod,
        closing_date=today + timedelta(days=60),
        reason="Lukker",
        confirm_impact=True,
    )
    assert found("edi.lokationsnummer_ophoerer", today) == {tree.blovstrod.name}


def test_gln_holder_changed_in_last_90_days(tree, today):
    old = location_numbers.location_number_create(
        actor=None, unit=tree.blovstrod, gln=GLN, reason="Testændring"
    )
    recent = location_numbers.location_number_create(
        actor=None, unit=tree.lillerod, gln=GLN2, reason="Testændring"
    )
    long_ago = datetime(2025, 10, 1, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(long_ago, tick=False):
        location_numbers.location_number_move(
            actor=None, location_number=old, new_unit=tree.pleje, reason="Op"
        )
    location_numbers.location_number_move(actor=None, location_number=recent, new_unit=tree.tand, reason="Op")
    assert found("edi.lokationsnummer_flyttet", today) == {tree.tand.name}


def test_behandlingssted_without_own_address(tree, today):
    make_unit(tree.si, "Plejehjem uden adresse", type_code=PLEJEHJEM, strict=False, postal_address=None)
    make_unit(tree.si, "Plejehjem med adresse", type_code=PLEJEHJEM)
    make_unit(
        tree.si, "Administration uden adresse", type_code=ADMINISTRATIV, strict=False, postal_address=None
    )
    assert found("behandlingssteder.uden_egen_adresse", today) == {"Plejehjem uden adresse"}


def test_genoptraening_reportable_by_the_earlier_rule_set(tree, today):
    plejehjem = make_unit(tree.ie, "Plejecenter Skovvang", kind="SI", type_code=PLEJEHJEM)
    make_unit(plejehjem, "Træningen Skovvang")
    result = found("genoptraening.indberetbar", today)
    assert "Træningen Skovvang" in result
    assert "Plejecenter Skovvang" not in result  # an SI, not an OE
    assert tree.tand.name not in result  # its SI is a sundhedsforvaltning


def test_genoptraening_units_the_earlier_rule_set_misses(tree, today):
    make_unit(tree.si, "Genoptræning under forvaltningen", type_code=GENOPTRAENING)
    plejehjem = make_unit(tree.ie, "Plejecenter Skovvang", kind="SI", type_code=PLEJEHJEM)
    make_unit(plejehjem, "Genoptræning på plejecentret", type_code=GENOPTRAENING)
    assert found("genoptraening.ikke_fundet", today) == {"Genoptræning under forvaltningen"}


def test_oe_without_activity_address_own_or_inherited(tree, today):
    # An imported register whose IE and SI have no postadresse: nothing to inherit.
    Unit.objects.filter(pk__in=[tree.ie.pk, tree.si.pk]).update(postal_address=None)
    make_unit(tree.si, "Uden adresse", strict=False, postal_address=None)
    make_unit(
        tree.si,
        "Egen aktivitetsadresse",
        strict=False,
        postal_address=None,
        activity_same_as_visiting=False,
        activity_address=address(number="6"),
    )
    result = found("patientoverblik.oe_uden_aktivitetsadresse", today)
    assert result == {"Uden adresse"}


def test_oe_inherits_its_activity_address(tree, today):
    make_unit(tree.si, "Arver adressen", strict=False, postal_address=None)
    assert found("patientoverblik.oe_uden_aktivitetsadresse", today) == set()


def test_phone_that_breaks_the_rule(tree, today):
    """Stored before the rule required 8 digits (written past the services, as old data is)."""
    for name, phone in [("Syv cifre", "1234 567"), ("Streger", "--------"), ("Bogstaver", "48 10 AB 00")]:
        unit = make_unit(tree.si, name)
        Unit.objects.filter(pk=unit.pk).update(phone=phone)
    make_unit(tree.si, "Udlandet", phone="+46 8 123 456 78")
    make_unit(tree.si, "Ingen telefon", strict=False, phone="", email="")  # telefon_mangler's case
    assert found("generelt.telefon_ugyldigt", today) == {"Syv cifre", "Streger", "Bogstaver"}
