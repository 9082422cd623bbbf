"""The import's three phases alone (exchange/importer): parse reads no database, check writes
nothing, write applies what check passed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.context import audit_context
from audit.models import AuditEvent
from exchange.importer import Plan, check, parse_sor_xml, read_edi_rows, read_edi_text, write
from exchange.sorxml import SorFileRejected
from hierarchy.models import LocationNumber, Unit, UnitVersion

from .helpers import sample

APOTEK_IE = "306011000016003"


def counts():
    return Unit.objects.count(), UnitVersion.objects.count(), AuditEvent.objects.count()


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))
    ]


# --- parse -----------------------------------------------------------------------------------


def test_parse_reads_records_with_their_lines_without_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        records = parse_sor_xml(sample("apotek"))
    ie = records[0]
    assert (ie.kind, ie.sor_id, ie.parent) == ("IE", APOTEK_IE, None)
    assert ie.sor_id_line == sample("apotek")[: sample("apotek").index(APOTEK_IE.encode())].count(b"\n") + 1
    assert all(r.parent in records for r in records[1:])  # parents before children
    assert ie.gln is not None and ie.gln.line


@pytest.mark.parametrize(
    ("old", "new", "element"),
    [
        (b"</EntityName>", b"</EntityNavn>", "EntityNavn"),  # not well-formed
        (
            b"<TelephoneNumberIdentifier>42482209",
            b"<TelephoneNumberIdentifier>4248",
            "TelephoneNumberIdentifier",
        ),
    ],
)
def test_parse_of_a_bad_file_gives_problems_without_the_database(
    db, django_assert_num_queries, old, new, element
):
    with django_assert_num_queries(0), pytest.raises(SorFileRejected) as exc:
        parse_sor_xml(sample("apotek").replace(old, new, 1))
    assert exc.value.problems and exc.value.problems[0].line


def test_edi_file_that_is_not_utf8_is_a_problem_without_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(SorFileRejected) as exc:
        read_edi_text("EanLocationCode;Urn\n5790000173624;\xe6\n".encode("latin-1"))
    assert exc.value.problems[0].line == 2
    with django_assert_num_queries(0):
        rows = read_edi_rows('EanLocationCode;Urn\n="5790000173624";urn:x\n')
    assert rows == [{"EanLocationCode": "5790000173624", "Urn": "urn:x", "_line": 2}]


# --- check -----------------------------------------------------------------------------------


def test_check_reports_every_problem_and_writes_nothing(db):
    source = (
        sample("apotek")
        .replace(b"5790000173624", b"5790000173625")
        .replace(APOTEK_IE.encode(), b"306011000016004")
    )
    records = parse_sor_xml(source)
    before = counts()
    with CaptureQueriesContext(connection) as queries, pytest.raises(SorFileRejected) as exc:
        check(records)
    assert {p.element for p in exc.value.problems} == {"EanLocationCode", "SorIdentifier"}
    assert writes(queries.captured_queries) == []
    assert counts() == before


def test_check_of_a_good_file_gives_a_plan_and_writes_nothing(db):
    records = parse_sor_xml(sample("apotek"))
    with CaptureQueriesContext(connection) as queries:
        plan = check(records)
    assert writes(queries.captured_queries) == []
    assert isinstance(plan, Plan) and plan.records is records and plan.existing == {}
    postal = records[0].addresses["postal_address"]
    assert postal.normal is not None  # normalised by the address check, for the write phase
    assert not Unit.objects.exists() and not AuditEvent.objects.exists()


# --- write -----------------------------------------------------------------------------------


def test_write_applies_a_checked_plan_in_one_go(db):
    plan = check(parse_sor_xml(sample("apotek")))
    with audit_context(source="test"):
        result = write(plan, source_name="apotek.xml", sha256="ab" * 32, reason="Test")
    assert result.created == len(plan.records) and result.units == len(plan.records)
    assert Unit.objects.filter(sor_id=APOTEK_IE).exists()
    assert LocationNumber.objects.filter(gln="5790000173624").exists()
    event = AuditEvent.objects.get(action="exchange.sor_xml.import")
    assert (event.object_repr, event.after["created"]) == ("apotek.xml", result.created)


def test_a_refusal_while_writing_rolls_back_everything(db):
    plan = check(parse_sor_xml(sample("apotek")))
    plan.records[-1].name = ""  # the services refuse an empty name: the whole plan is undone
    with audit_context(source="test"), pytest.raises(SorFileRejected) as exc:
        write(plan, source_name="apotek.xml", reason="Test")
    assert "Registeret afviste enheden" in exc.value.problems[0].message
    assert counts() == (0, 0, 0)
