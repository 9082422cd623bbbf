"""Issue 11, item 11: an import file with hidden direction controls, invisible-only text or
non-ASCII digits is refused with the line, and nothing is stored; the SOR XML export writes
every unit even when older data holds characters that XML cannot carry."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from exchange import location_numbers
from exchange.exporter import iter_sor_xml
from exchange.sorxml import NS, q, schema_problems
from hierarchy.models import Unit, UnitVersion

from .helpers import sample
from .test_import_rejects import line_of, rejected


@pytest.mark.parametrize(
    ("old", "new", "element", "start"),
    # the line is the element's (an address's: its AddressPostal; contact details: their block)
    [
        (
            b"<EntityName>V\xc3\xa6rl\xc3\xb8se Apotek</EntityName>",
            "<EntityName>Værløse\u202e Apotek</EntityName>",
            "EntityName",
            "Navnet indeholder skjulte tegn",
        ),
        (
            b"<EntityName>V\xc3\xa6rl\xc3\xb8se Apotek</EntityName>",
            "<EntityName>\u200b\u2060</EntityName>",
            "EntityName",
            "Navnet består kun af usynlige tegn",
        ),
        (
            b"<EntityName>V\xc3\xa6rl\xc3\xb8se Apotek</EntityName>",
            "<EntityName>V&#x85;rløse Apotek</EntityName>",
            "EntityName",
            "Navnet indeholder tegn, som ikke er tilladt",
        ),
        (
            b"<EntityName>V\xc3\xa6rl\xc3\xb8se Apotek</EntityName>",
            "<EntityName>Værløse&#10;Apotek</EntityName>",
            "EntityName",
            "Navnet skal stå på én linje",
        ),
        (b">Bymidten<", ">Bymid\u2066ten<", "AddressPostal", "Vejnavnet indeholder skjulte tegn"),
        (b">42482209<", ">٤٢٤٨٢٢٠٩<", "TelephoneNumberIdentifier", "Telefonnummeret"),
    ],
)
def test_import_refuses_forbidden_text_with_its_line(db, old, new, element, start):
    source = sample("apotek").replace(old, new.encode(), 1)
    assert source != sample("apotek")
    problems = rejected(source)
    anchor = {"AddressPostal": b"AddressPostal", "TelephoneNumberIdentifier": b"VirtualAddressInformation"}
    anchor = anchor.get(element, new.encode())
    assert [(p.element, p.line) for p in problems] == [(element, line_of(source, anchor))]
    assert start in problems[0].message


def test_import_of_ordinary_unicode_text_still_works(db):
    from .helpers import run_import

    source = sample("apotek").replace("Værløse Apotek".encode(), "Værløse Apotek – Zahnärztin ☺".encode())
    run_import(source)
    assert Unit.objects.filter(name="Værløse Apotek – Zahnärztin ☺").exists()


# --- export of what older data holds --------------------------------------------------------

OLD_NAME = "A\x1bB\x07 Tandpleje"


@pytest.fixture
def old_data(tree):
    """A unit and its version as stored before the text check existed (written directly)."""
    Unit.objects.filter(pk=tree.blovstrod.pk).update(name=OLD_NAME, phone="48 10\x0c01 00")
    UnitVersion.objects.filter(unit=tree.blovstrod).update(name=OLD_NAME)
    return tree


def _names(data: bytes) -> list[str]:
    doc = etree.parse(io.BytesIO(data))
    assert schema_problems(doc) == []
    return [e.text for e in doc.getroot().iter(q("EntityName", NS))]


def test_export_writes_old_text_without_the_characters_xml_cannot_carry(old_data):
    warnings = []
    names = _names(b"".join(iter_sor_xml(warnings=warnings)))
    assert "AB Tandpleje" in names and len(names) == 7
    assert f"AB Tandpleje ({old_data.blovstrod.sor_id}): EntityName indeholder tegn" in "\n".join(warnings)
    assert not any("\x1b" in w for w in warnings)  # the warnings go to a terminal too


def test_export_download_with_old_text(old_data, client, sds_user):
    client.force_login(sds_user)
    response = client.get(reverse("exchange_gui:sor_xml"))
    assert response.status_code == 200
    assert "AB Tandpleje" in _names(b"".join(response.streaming_content))


def test_export_command_with_old_text(old_data, tmp_path):
    out = tmp_path / "sor.xml"
    call_command("export_sor_xml", "--output", str(out))
    assert "AB Tandpleje" in _names(out.read_bytes())


def test_export_of_a_code_in_non_ascii_digits_is_0(tree):
    number = location_numbers.location_number_create(
        actor=None, unit=tree.tand, gln="5790000123117", system_supplier="٦٤١", reason="Testændring"
    )
    warnings = []
    doc = etree.parse(io.BytesIO(b"".join(iter_sor_xml(warnings=warnings))))
    assert doc.getroot().findtext(f".//{q('SystemSupplier')}") == "0"
    assert any(number.gln in w for w in warnings)
