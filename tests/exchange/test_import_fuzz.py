"""Property-based fuzzing of the SOR XML import. Each example is one of the real samples with a
few mutations (element text or attribute replaced by hostile values, raw control characters,
huge numbers and impossible dates among them; elements duplicated or removed; the file cut
short). Whatever the file holds, the import either succeeds or refuses it with the importer's
own SorFileRejected and Danish, located problems, and a refusal writes nothing at all.

The register holds Allerød's tree and the apotek sample, so a mutated file also meets existing
units and GLNs. Each example runs in a savepoint that is rolled back, so every example sees the
same register; derandomize keeps the run the same on every machine."""

import copy
from xml.sax.saxutils import escape

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from audit.models import AuditEvent
from exchange.models import LocationNumberClosure, LocationNumberExtra, SorExtra
from exchange.sorxml import SorFileRejected
from hierarchy.models import LocationNumber, Unit, UnitVersion

from .helpers import run_import, sample

FUZZ = settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

BAD_DATES = [
    "2027-02-30",
    "2027-02-29",
    "2027-04-31",
    "2027-13-01",
    "0000-00-00",
    "2010-01-26T00:00:00+01:00",
]
VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "99999999999999999999999999",
    "32768",
    *BAD_DATES,
    "true",
    "false",
    "x" * 61,
    "ø" * 300,
    "A\x1bB\x07",
    "a\x00b",
    "&#x1b;",
    "&#0;",
    "&#xD800;",
    "&amp;",
    "&undefined;",
    "\u202eevil",
    "\ufeff",
    "İ" * 60,
    "²",
    "١٢٣٤٥٦٧٨",
    "４２４８２２０９",
    "<b>x</b>",
    "]]>",
    "'; DROP TABLE hierarchy_unit; --",
    "5790000173624",  # the apotek's GLN
    "5790000141227",  # the praksis' GLN
    "306011000016003",  # the apotek's IE
    "8341000016002",  # the praksis' OE
    "550891000005100",  # an owner type
    "264372000",  # an institution type
]

raw_value = st.one_of(
    st.sampled_from(VALUES), st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
)
# Either written as it is (so "<", "&" and control characters break the XML) or escaped as
# a well-behaved exporter would (so the value reaches the importer's own checks).
value = st.tuples(raw_value, st.booleans())
operation = st.tuples(
    st.sampled_from(["text", "attribute", "duplicate", "remove"]), st.integers(0, 10_000), value
)


def mutate(source: bytes, operations, cut: int | None) -> bytes:
    root = etree.fromstring(source)
    raw = {}
    for op, index, (text, escaped) in operations:
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        if op == "text":
            leaves = [e for e in elements if len(e) == 0]
            target = leaves[index % len(leaves)]
            target.text = token = f"@@{len(raw)}@@"
        elif op == "attribute":
            target = elements[index % len(elements)]
            names = list(target.attrib) or ["scheme"]
            token = f"@@{len(raw)}@@"
            target.set(names[index % len(names)], token)
        else:
            target = elements[1 + index % (len(elements) - 1)]  # never the root
            if op == "duplicate":
                target.addnext(copy.deepcopy(target))
            else:
                target.getparent().remove(target)
            continue
        raw[token] = escape(text, {'"': "&quot;"}) if escaped else text
    out = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    for token, text in raw.items():
        out = out.replace(token.encode(), text.encode("utf-8"))
    return out if cut is None else out[: cut % (len(out) + 1)]


def register_state():
    return (
        Unit.objects.count(),
        UnitVersion.objects.count(),
        LocationNumber.objects.count(),
        LocationNumber.message_types.through.objects.count(),
        AuditEvent.objects.count(),
        SorExtra.objects.count(),
        LocationNumberExtra.objects.count(),
        LocationNumberClosure.objects.count(),
        sorted(Unit.objects.values_list("sor_id", "revision", "name", "parent_id", "valid_to")),
        sorted(LocationNumber.objects.values_list("gln", "unit_id")),
    )


@pytest.fixture
def register(tree):
    run_import(sample("apotek"))
    return tree


@FUZZ
@given(
    name=st.sampled_from(["apotek", "praksis", "sygehus"]),
    operations=st.lists(operation, min_size=1, max_size=3),
    cut=st.one_of(st.none(), st.none(), st.integers(0, 10_000)),
)
def test_a_mutated_file_is_imported_or_refused_whole(register, name, operations, cut):
    event(check_import(mutate(sample(name), operations, cut)))


def check_import(source: bytes) -> str:
    """Import `source` in a savepoint that is rolled back; the outcome, for the statistics."""
    before = register_state()
    with transaction.atomic():
        try:
            result = run_import(source)
        except SorFileRejected as exc:
            assert exc.problems  # noqa: PT017  # a refusal is one of the two allowed outcomes
            for problem in exc.problems:
                assert str(problem).startswith(("linje ", "filen")) and problem.message
            assert register_state() == before
            outcome = "afvist: " + exc.problems[0].message.split(":")[0][:40]
        else:
            assert result.units > 0
            assert AuditEvent.objects.filter(action="exchange.sor_xml.import").count() >= 2
            outcome = "importeret"
        transaction.set_rollback(True)
    return outcome


# Elements the XSD leaves open enough (free text, xs:long, xs:date) for a hostile value to get
# past it and reach the importer's own checks and the services.
TEXT_FIELDS = [
    "EntityName",
    "StreetName",
    "StreetBuildingIdentifier",
    "PostCodeIdentifier",
    "DistrictName",
    "TelephoneNumberIdentifier",
    "FaxNumberIdentifier",
    "EmailAddressIdentifier",
    "Website",
    "PharmacyIdentifier",
    "ProviderIdentifier",
]
NUMBER_FIELDS = [
    "EanLocationCode",
    "SystemSupplier",
    "SystemType",
    "CommunicationSupplier",
    "RegionCode",
    "EdiAdministrator",
    "GeographicalParentRelation",
    "SorIdentifier",
    "InstitutionType",
    "UnitType",
    "SpecialityCode",
]
DATE_FIELDS = ["FromDate", "FirstFromDate", "ToDate", "UpdatedAt"]
NUMBERS = ["-1", "0", "7", "32767", "32768", "65536", "2147483648", "12345", "9223372036854775807"]
DATES = [
    "0001-01-01",
    "1995-02-20+01:00",
    "1995-02-20",
    "2010-01-01",
    "2026-03-01",
    "2026-03-09",
    "2099-12-31",
    "9999-12-31",
]
change = st.one_of(
    st.tuples(st.sampled_from(TEXT_FIELDS), st.integers(0, 5), raw_value),
    st.tuples(
        st.sampled_from(NUMBER_FIELDS),
        st.integers(0, 5),
        st.one_of(st.sampled_from(NUMBERS), st.integers(-(2**63), 2**63 - 1).map(str)),
    ),
    st.tuples(st.sampled_from(DATE_FIELDS), st.integers(0, 5), st.sampled_from(DATES + BAD_DATES)),
)


def replace_fields(source: bytes, changes) -> bytes:
    root = etree.fromstring(source)
    raw = {}
    for element, nth, text in changes:
        found = [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == element]
        if found:
            found[nth % len(found)].text = token = f"@@{len(raw)}@@"
            raw[token] = escape(text)
    out = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    for token, text in raw.items():
        out = out.replace(token.encode(), text.encode("utf-8"))
    return out


@FUZZ
@given(
    name=st.sampled_from(["apotek", "praksis", "sygehus"]),
    changes=st.lists(change, min_size=1, max_size=3),
)
def test_a_hostile_value_that_passes_the_xsd_is_imported_or_refused_whole(register, name, changes):
    event(check_import(replace_fields(sample(name), changes)))
