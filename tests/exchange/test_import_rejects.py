"""A bad file is rejected whole, with element and line, and nothing is written."""

import pytest

from audit.models import AuditEvent
from exchange.sorxml import SorFileRejected
from hierarchy.models import LocationNumber, Unit, UnitVersion

from .helpers import run_import, sample


def rejected(source: bytes, **kwargs) -> list:
    units, versions, events = Unit.objects.count(), UnitVersion.objects.count(), AuditEvent.objects.count()
    with pytest.raises(SorFileRejected) as exc:
        run_import(source, **kwargs)
    assert (Unit.objects.count(), UnitVersion.objects.count(), AuditEvent.objects.count()) == (
        units,
        versions,
        events,
    )
    return exc.value.problems


def line_of(source: bytes, text: bytes) -> int:
    return source[: source.index(text)].count(b"\n") + 1


def test_wrong_sor_id_check_digit(db):
    source = sample("praksis").replace(b"8331000016009", b"8331000016008")
    problems = rejected(source)
    assert [(p.element, p.line) for p in problems] == [("SorIdentifier", line_of(source, b"8331000016008"))]
    assert "kontrolciffer" in problems[0].message
    assert "linje" in str(problems[0]) and "<SorIdentifier>" in str(problems[0])


def test_unknown_unit_type(db):
    source = sample("sygehus").replace(
        b"<UnitType>550851000005109</UnitType>", b"<UnitType>123456789</UnitType>"
    )
    problems = rejected(source)
    assert [(p.element, p.line) for p in problems] == [("UnitType", line_of(source, b"123456789"))]
    assert "Ukendt UnitType 123456789" in problems[0].message


def test_owner_type_used_as_institution_type(db):
    source = sample("praksis").replace(b"<InstitutionType>394761003", b"<InstitutionType>550891000005100")
    problems = rejected(source)
    assert problems[0].element == "InstitutionType"
    assert "ejertype" in problems[0].message


def test_malformed_xml(db):
    source = sample("apotek").replace(b"</EntityName>", b"</EntityNavn>", 1)
    problems = rejected(source)
    assert problems[0].line == line_of(source, b"</EntityNavn>")
    assert "ikke gyldig XML" in problems[0].message


def test_schema_violation_names_element_and_line(db):
    source = sample("apotek").replace(
        b"<TelephoneNumberIdentifier>42482209", b"<TelephoneNumberIdentifier>4248"
    )
    problems = rejected(source)
    assert problems[0].element == "TelephoneNumberIdentifier"
    assert problems[0].line == line_of(source, b">4248<")
    assert "XSD" in problems[0].message


def test_wrong_gln_check_digit(db):
    source = sample("apotek").replace(b"5790000173624", b"5790000173625")
    problems = rejected(source)
    assert [(p.element, p.line) for p in problems] == [("EanLocationCode", line_of(source, b"5790000173625"))]
    assert "kontrolciffer (GS1)" in problems[0].message


def test_every_problem_is_reported_at_once(db):
    source = (
        sample("sygehus")
        .replace(b"347831000016005", b"347831000016004")
        .replace(b"<UnitType>550811000005108", b"<UnitType>999")
        .replace(b"<dkcc2005:PostCodeIdentifier>4000", b"<dkcc2005:PostCodeIdentifier>0001")
    )
    problems = rejected(source)
    assert {p.element for p in problems} == {"SorIdentifier", "UnitType", "AddressPostal"}
    assert any("Postnummeret 0001 findes ikke" in p.message for p in problems)


def test_duplicate_sor_ids_and_glns_in_one_file(db):
    body = sample("apotek")
    head, rest = body.split(b"<InstitutionOwnerEntity>", 1)
    entity = b"<InstitutionOwnerEntity>" + rest.split(b"</SorTree>")[0]
    problems = rejected(head + entity + entity + b"</SorTree>")
    assert all("forekommer flere gange" in p.message for p in problems)
    assert {p.element for p in problems} == {"SorIdentifier", "EanLocationCode"}


def test_child_open_after_its_parent_closes(db):
    source = sample("praksis").replace(
        b"<FromDate>1999-03-25</FromDate>\n\t\t\t\t<UpdatedAt>2009-03-31</UpdatedAt>\n\t\t\t\t<FirstFromDate>1999-03-25</FirstFromDate>\n\t\t\t</SorStatus>\n\t\t</InstitutionOwner>",
        b"<FromDate>1999-03-25</FromDate>\n\t\t\t\t<ToDate>2010-01-01</ToDate>\n\t\t\t\t<UpdatedAt>2009-03-31</UpdatedAt>\n\t\t\t\t<FirstFromDate>1999-03-25</FirstFromDate>\n\t\t\t</SorStatus>\n\t\t</InstitutionOwner>",
    )
    assert b"<ToDate>2010-01-01" in source
    problems = rejected(source)
    assert problems[0].element == "SorStatus"
    assert "lukker pr. 2010-01-01" in problems[0].message


def test_refusal_while_writing_rolls_back_everything(tree):
    """The file closes an IE that exists in the register; its SI there (not in the file) stays
    open, so the register refuses the closure. Everything the file wrote before that point, the
    new SI and OE and the GLN, is gone again."""
    source = sample("praksis").replace(b"8321000016007", tree.ie.sor_id.encode())
    source = source.replace(
        b"<FromDate>1999-03-25</FromDate>", b"<FromDate>1999-03-25</FromDate><ToDate>2027-01-01</ToDate>"
    )
    problems = rejected(source)
    assert problems[0].element == "ToDate"
    assert (
        "Registeret afviste enheden" in problems[0].message
        and "Center for Sundhed og Omsorg" in problems[0].message
    )
    assert not Unit.objects.filter(sor_id__in=["8331000016009", "8341000016002"]).exists()
    assert not LocationNumber.objects.filter(gln="5790000141227").exists()
    assert Unit.objects.get(pk=tree.ie.pk).name == tree.ie.name


def test_dry_run_checks_and_writes_nothing(db):
    result = run_import(sample("apotek"), dry_run=True)
    assert result.units == 3
    assert not Unit.objects.exists()


def test_existing_unit_of_another_kind(tree):
    source = sample("praksis").replace(b"8341000016002", tree.si.sor_id.encode())
    problems = rejected(source)
    assert "sundhedsinstitution" in problems[0].message and problems[0].element == "SorIdentifier"


def test_a_closed_gln_is_not_brought_back(db, today):
    from datetime import timedelta

    from exchange.location_numbers import location_number_close

    run_import(sample("apotek"))
    number = LocationNumber.objects.get(gln="5790000173624")
    location_number_close(
        actor=None, location_number=number, closing_date=today - timedelta(days=1), reason="Nedlagt"
    )
    problems = rejected(sample("apotek"))
    assert [(p.element, p.line) for p in problems] == [
        ("EanLocationCode", line_of(sample("apotek"), b"5790000173624"))
    ]
    assert "kan ikke genbruges" in problems[0].message


@pytest.mark.parametrize(
    ("old", "new", "element"),
    [
        (b"<RegionCode>1084</RegionCode>", b"<RegionCode>12345</RegionCode>", "RegionCode"),
        (
            b"<GeographicalParentRelation>1</GeographicalParentRelation>",
            b"<GeographicalParentRelation>-1</GeographicalParentRelation>",
            "GeographicalParentRelation",
        ),
        (
            b"<GeographicalParentRelation>1</GeographicalParentRelation>",
            b"<GeographicalParentRelation>40000</GeographicalParentRelation>",
            "GeographicalParentRelation",
        ),
    ],
)
def test_a_value_the_xsd_allows_but_the_register_cannot_hold(db, old, new, element):
    """xs:long lets these through; on PostgreSQL they failed in the database (500-like
    traceback), on SQLite they were stored as they were."""
    source = sample("apotek").replace(old, new)
    assert new in source
    problems = rejected(source)
    assert [p.element for p in problems] == [element]
    assert "kan ikke gemmes i registeret" in problems[0].message
