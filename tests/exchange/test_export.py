"""SOR XML, SorEntity CSV and EDI exports: valid, in SOR's shape, per kommune, SDS only."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from lxml import etree

from exchange import location_numbers
from exchange.exporter import SOR_ENTITY_COLUMNS, iter_edi_csv, iter_sor_entity_csv, iter_sor_xml
from exchange.sorxml import NS, q, schema_problems
from hierarchy import services
from hierarchy.models import Municipality, UnitType
from tests import factories

from .helpers import run_import, sample


def parse(chunks) -> etree._ElementTree:
    return etree.parse(io.BytesIO(b"".join(chunks)))


def rows(chunks) -> list[dict]:
    text = b"".join(chunks).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def gln(tree):
    return location_numbers.location_number_create(
        actor=None,
        unit=tree.tand,
        gln="5790000123117",
        message_types=services.message_types_by_code("XDIS19", "DIS91"),
        system_supplier="641000055002",
        reason="Testændring",
    )


def test_one_kommune_as_valid_sor_xml_nested_like_the_tree(tree, other_kommune, gln):
    doc = parse(iter_sor_xml(municipality=Municipality.objects.get(code="0201")))
    assert schema_problems(doc) == []
    root = doc.getroot()
    owners = root.findall(q("InstitutionOwnerEntity"))
    assert [o.findtext(f"{q('InstitutionOwner')}/{q('SorIdentifier')}") for o in owners] == [tree.ie.sor_id]
    ids = [e.text for e in root.iter(q("SorIdentifier"))]
    assert len(ids) == 7 and other_kommune.sor_id not in ids
    blovstrod = next(
        e
        for e in root.iter(q("OrganizationalUnit"))
        if e.findtext(q("SorIdentifier")) == tree.blovstrod.sor_id
    )
    path = [
        a.findtext(f"*/{q('SorIdentifier')}") for a in blovstrod.iterancestors() if a.tag.endswith("Entity")
    ]
    assert path == [tree.blovstrod.sor_id, tree.tand.sor_id, tree.si.sor_id, tree.ie.sor_id]
    # Its own GLN is not there; it inherits Tandplejen's.
    assert blovstrod.findtext(f"{q('OptionalEanLocationCode')}/{q('EntityInheritedIndicator')}") == "true"
    tand = blovstrod.getparent().getparent().find(q("OrganizationalUnit"))
    entity = tand.find(f"{q('OptionalEanLocationCode')}/{q('EanLocationCodeEntity')}")
    assert entity.findtext(q("EanLocationCode")) == "5790000123117"
    assert entity.findtext(q("SystemSupplier")) == "641000055002"
    assert entity.findtext(q("CommunicationSupplier")) == "0"  # not registered
    assert entity.findtext(q("RegionCode")) == "1084"  # Allerød's region


def test_whole_register_and_the_status_dates(tree, other_kommune, today):
    services.unit_close(actor=None, unit=tree.skole, closing_date=today + timedelta(days=9), reason="Test")
    doc = parse(iter_sor_xml())
    assert schema_problems(doc) == []
    assert len(doc.getroot().findall(q("InstitutionOwnerEntity"))) == 2
    status = next(
        e
        for e in doc.getroot().iter(q("OrganizationalUnit"))
        if e.findtext(q("SorIdentifier")) == tree.skole.sor_id
    ).find(q("SorStatus"))
    assert status.findtext(q("ToDate")) == (today + timedelta(days=9)).isoformat()
    assert status.findtext(q("FirstFromDate")) == factories.LONG_AGO.isoformat()


def test_missing_phone_on_an_ie_is_a_warning_and_the_file_says_where(db, today):
    ie = services.unit_create(
        actor=None,
        kind="IE",
        parent=None,
        data=services.UnitData(name="Uden telefon", unit_type=UnitType.objects.get(code=factories.KOMMUNE)),
        valid_from=factories.LONG_AGO,
        reason="Testændring",
    )
    warnings: list[str] = []
    doc = parse(iter_sor_xml(warnings=warnings))
    assert any(ie.sor_id in w and "telefonnummer" in w for w in warnings)
    assert any(ie.sor_id in w and "postadresse" in w for w in warnings)
    problems = schema_problems(doc)
    assert [p.element for p in problems] == ["VirtualAddressInformation"]


def test_imported_sample_is_exported_with_sor_fields_again(db):
    run_import(sample("sygehus"))
    run_import(sample("praksis"))
    doc = parse(iter_sor_xml())
    assert schema_problems(doc) == []
    by_id = {e.findtext(q("SorIdentifier")): e for e in doc.getroot().iter(q("OrganizationalUnit"))}
    section = by_id["347831000016005"]
    assert section.findtext(f"{q('ClinicalSpecialityCollection')}/*/{q('SpecialityCode')}") == "394594003"
    assert section.findtext(q("ShakIdentifier")) == "2529010"
    assert section.findtext(f"{q('SorStatus')}/{q('UpdatedAt')}") == "2009-10-01"
    practice = by_id["8341000016002"]
    assert practice.findtext(q("ProviderIdentifier")) == "019062"
    assert practice.find(q("UnitType")) is None  # absent in SOR, inferred here: left out again
    owner = next(
        e
        for e in doc.getroot().iter(q("InstitutionOwner"))
        if e.findtext(q("SorIdentifier")) == "8321000016007"
    )
    assert owner.findtext(f"{q('VirtualAddressInformation')}/{q('FaxNumberIdentifier')}") == "48300109"


def test_sor_entity_csv_shape(tree, gln):
    lines = b"".join(iter_sor_entity_csv(municipality=Municipality.objects.get(code="0201"))).decode()
    assert lines.splitlines()[1].startswith(f'="{tree.ie.sor_id}";IE;')
    table = rows(iter_sor_entity_csv())
    assert list(table[0]) == list(SOR_ENTITY_COLUMNS)
    by_id = {r["SorId"]: r for r in table}
    row = by_id[f'="{tree.blovstrod.sor_id}"']
    assert row["SorType"] == "OE"
    assert row["EntityName"] == "Tandplejen Blovstrød Skole"
    assert row["EntityTypeName"] == "tandplejeklinik"
    assert row["ParentSorId"] == f'="{tree.tand.sor_id}"'
    assert row["HealthInstitutionSorId"] == f'="{tree.si.sor_id}"'
    assert row["InstitutionOwnerEntityName"] == tree.ie.name
    assert row["PostalAddressStreetName"] == "Bjarkesvej"
    assert row["PostalAddressPostCodeId"] == "3450"
    assert row["VisitingAddressStreetName"] == "Bjarkesvej"  # samme som postadresse
    assert row["VirtualAddressTelephoneNumber"] == "48 10 01 00"
    assert row["EanLocationCode"] == '="5790000123117"'
    assert row["EanLocationCodeInheritance"] == "nedarvet"
    assert row["EanLocationCodeRegionName"] == "Region Hovedstaden"
    assert row["FirstFromDate"] == factories.LONG_AGO.isoformat()


def test_sor_entity_csv_quotes_only_what_needs_it(db):
    run_import(sample("praksis"))
    text = b"".join(iter_sor_entity_csv()).decode()
    assert ";Michael Filtenborg & co;" in text
    assert '="8341000016002";OE;' in text
    row = {r["SorId"]: r for r in rows(iter_sor_entity_csv())}['="8341000016002"']
    assert row["ProviderId"] == "019062"
    assert row["PrioritizedEntitySpeciality1Name"] == "almen medicin"


def test_edi_csv(tree, gln):
    table = rows(iter_edi_csv())
    assert [(r["EanLocationCode"], r["Meddelelsestype"]) for r in table] == [
        ('="5790000123117"', "DIS91"),
        ('="5790000123117"', "XDIS19"),
    ]
    assert all(r["Urn"] for r in table)


@pytest.mark.parametrize(
    "name", ["exchange_gui:sor_xml", "exchange_gui:sor_entity_csv", "exchange_gui:edi_csv"]
)
def test_downloads_are_for_sds_staff_only(client, tree, gln, municipal_admin, sds_user, name):
    url = reverse(name) + "?kommune=0201"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(municipal_admin)
    assert client.get(url).status_code == 403
    client.force_login(sds_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    assert "attachment" in response["Content-Disposition"] and "0201" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert tree.tand.sor_id.encode() in body


def test_download_page(client, sds_user, municipal_admin):
    client.force_login(municipal_admin)
    assert client.get(reverse("exchange_gui:index")).status_code == 403
    client.force_login(sds_user)
    page = client.get(reverse("exchange_gui:index")).content.decode()
    assert "Hent SOR-XML" in page and "Hent SorEntity-CSV" in page


def test_namespace_is_sors(tree):
    assert parse(iter_sor_xml()).getroot().tag == f"{{{NS}}}SorTree"


def test_a_mistyped_kommune_is_not_the_whole_register(client, tree, sds_user):
    client.force_login(sds_user)
    assert client.get(reverse("exchange_gui:sor_xml"), {"kommune": "9999"}).status_code == 404
