"""The impact step of Flyt OE and Luk OE names what the change would newly break in the
Kvalitetstjek (issue 24 item 5), found by making the change in a savepoint that is rolled back:
nothing is written."""

from datetime import timedelta

from audit.models import AuditEvent
from exchange import location_numbers
from hierarchy import consequences
from hierarchy.models import Unit, UnitVersion
from quality.impact import consequence_lines, newly_broken
from tests.factories import refresh

from .conftest import make_unit
from .test_rules import GLN, PLEJEHJEM


def _state():
    return (
        AuditEvent.objects.count(),
        UnitVersion.objects.count(),
        list(Unit.objects.values_list("pk", "parent_id", "valid_to")),
    )


def test_closing_a_gln_holder_within_30_days_names_the_edi_rule(tree, today):
    location_numbers.location_number_create(actor=None, unit=tree.blovstrod, gln=GLN, reason="Testændring")
    before = _state()
    found = newly_broken(tree.blovstrod, closing_date=today + timedelta(days=20))
    assert [(rule.id, names) for rule, names in found] == [
        ("edi.lokationsnummer_ophoerer", [tree.blovstrod.name])
    ]
    assert _state() == before  # the change was rolled back, its audit event too
    assert refresh(tree.blovstrod).valid_to is None


def test_closing_a_unit_without_a_number_names_nothing(tree, today):
    assert newly_broken(tree.lillerod, closing_date=today + timedelta(days=20)) == []


def test_a_close_after_30_days_names_nothing(tree, today):
    location_numbers.location_number_create(actor=None, unit=tree.blovstrod, gln=GLN, reason="Testændring")
    assert newly_broken(tree.blovstrod, closing_date=today + timedelta(days=45)) == []


def test_moving_out_of_a_genoptraening_si_names_the_lost_reportability(tree, today):
    plejehjem = make_unit(tree.ie, "Plejecenter Skovvang", kind="SI", type_code=PLEJEHJEM)
    training = make_unit(plejehjem, "Træningen Skovvang")
    below = make_unit(training, "Træningen Skovvang, hold 2")
    before = _state()
    found = newly_broken(training, new_parent=tree.si)
    assert [(rule.id, names) for rule, names in found] == [
        ("genoptraening.indberetbar", ["Træningen Skovvang", "Træningen Skovvang, hold 2"])
    ]
    assert _state() == before
    assert refresh(below).parent == training
    assert "Ikke længere: Kan indberettes på" in consequence_lines(training, new_parent=tree.si)[0]


def test_moving_into_a_genoptraening_si_loses_nothing(tree, today):
    plejehjem = make_unit(tree.ie, "Plejecenter Skovvang", kind="SI", type_code=PLEJEHJEM)
    assert newly_broken(tree.pleje, new_parent=plejehjem) == []


def test_a_move_the_services_refuse_names_nothing(tree, today):
    assert newly_broken(tree.tand, new_parent=tree.blovstrod) == []  # under its own sub-unit


def test_the_register_asks_the_kvalitetstjek_through_its_hook(tree, today):
    location_numbers.location_number_create(actor=None, unit=tree.blovstrod, gln=GLN, reason="Testændring")
    lines = consequences.lines(tree.blovstrod, closing_date=today + timedelta(days=20))
    assert lines == [
        "Kvalitetstjek (advarsel): Enhed med eget lokationsnummer ophører inden for 30 dage – "
        f"{tree.blovstrod.name}."
    ]
