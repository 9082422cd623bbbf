"""An import file is untrusted input: no DTD, no entities (internal, external or nested), no
network. A file that declares any is refused with a Danish, line-numbered message, nothing is
written, and the command exits non-zero instead of printing a traceback."""

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from exchange.sorxml import validate_file
from hierarchy.models import Unit, UnitVersion

from .helpers import SAMPLES, run_import, sample
from .test_import_rejects import rejected

NAME = "<EntityName>Værløse Apotek</EntityName>".encode()


def with_doctype(doctype: bytes, name: bytes) -> bytes:
    body = sample("apotek").split(b"?>", 1)[1]
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + body.replace(NAME, name, 1)


def billion_laughs() -> bytes:
    entities = b'<!ENTITY a "lol">' + b"".join(
        b'<!ENTITY %c "%s">' % (ord("b") + i, b"&%c;" % (ord("a") + i) * 10) for i in range(9)
    )
    return with_doctype(b"<!DOCTYPE SorTree [" + entities + b"]>", b"<EntityName>&j;</EntityName>")


HOSTILE = {
    "internal": with_doctype(
        b'<!DOCTYPE SorTree [<!ENTITY navn "Ond">]>', b"<EntityName>&navn;</EntityName>"
    ),
    "external-file": with_doctype(
        b'<!DOCTYPE SorTree [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"<EntityName>&x;</EntityName>"
    ),
    "external-http": with_doctype(
        b'<!DOCTYPE SorTree [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>', b"<EntityName>&x;</EntityName>"
    ),
    "parameter-entity": with_doctype(
        b'<!DOCTYPE SorTree [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>', NAME
    ),
    "external-dtd": with_doctype(b'<!DOCTYPE SorTree SYSTEM "http://127.0.0.1:9/sor.dtd">', NAME),
    "billion-laughs": billion_laughs(),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_file_with_a_doctype_or_entities_is_refused(db, name):
    problems = rejected(HOSTILE[name])
    assert len(problems) == 1
    assert problems[0].line == 2
    assert "fjern DOCTYPE-erklæringen" in problems[0].message
    assert b"root:" not in str(problems[0]).encode()


@pytest.mark.parametrize("name", HOSTILE)
def test_validate_file_refuses_it_too(name, tmp_path):
    path = tmp_path / "f.xml"
    path.write_bytes(HOSTILE[name])
    problems = validate_file(str(path))
    assert len(problems) == 1 and "DOCTYPE" in problems[0].message


@pytest.mark.parametrize("name", ["internal", "billion-laughs"])
def test_the_command_prints_the_danish_error_and_exits_non_zero(db, name, tmp_path, capsys):
    path = tmp_path / "f.xml"
    path.write_bytes(HOSTILE[name])
    before = (Unit.objects.count(), UnitVersion.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError):
        call_command("import_sor_xml", str(path))
    assert (Unit.objects.count(), UnitVersion.objects.count(), AuditEvent.objects.count()) == before
    err = capsys.readouterr().err
    assert "Filen er afvist; intet er skrevet" in err and "linje 2" in err and "Traceback" not in err


def test_a_plain_file_without_doctype_still_imports(db):
    assert run_import(sample("apotek")).created == 3


@pytest.mark.parametrize("source", [b"", b"not xml", b"<?xml version='1.0' encoding='x-nope'?><SorTree/>"])
def test_a_broken_prolog_is_refused_as_not_xml(db, source):
    problems = rejected(source)
    assert len(problems) == 1 and "ikke gyldig XML" in problems[0].message


def test_a_utf16_file_is_read_in_its_own_encoding(db):
    text = sample("apotek").decode("utf-8-sig").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert run_import(text.encode("utf-16")).created == 3


def test_an_edi_file_that_is_not_utf8_is_refused_with_its_line(db, tmp_path, capsys):
    edi = tmp_path / "edi.csv"
    edi.write_bytes(b"EanLocationCode;Urn\n5790000173624;urn:\xe6\n")
    with pytest.raises(CommandError):
        call_command("import_sor_xml", str(SAMPLES / "sample-one-apotek.xml"), "--edi", str(edi))
    assert not Unit.objects.exists() and not AuditEvent.objects.exists()
    err = capsys.readouterr().err
    assert "linje 2, <EDI>: EDI-filen er ikke gemt som UTF-8 (byte 0xe6" in err and "Traceback" not in err
