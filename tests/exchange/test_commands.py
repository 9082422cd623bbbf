"""The exchange commands: import (progress, rejection), exports to files, API tokens."""

import io

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from audit.models import AuditEvent
from exchange.models import SystemToken, hash_token
from exchange.sorxml import schema_problems
from hierarchy.models import Unit

from .helpers import SAMPLES


def test_import_command_reports_counts_and_progress(db, capsys):
    call_command("import_sor_xml", str(SAMPLES / "sample-one-sygehus.xml"))
    captured = capsys.readouterr()
    assert "4 oprettet, 0 ændret" in captured.out
    assert "Bemærk: Linje" in captured.err
    assert AuditEvent.objects.get(action="exchange.sor_xml.import").source == "command:import_sor_xml"
    call_command("import_sor_xml", str(SAMPLES / "sample-one-sygehus.xml"))
    assert "0 oprettet, 0 ændret, 4 uændret" in capsys.readouterr().out


def test_import_command_rejects_with_lines(db, tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(
        (SAMPLES / "sample-one-praksis.xml").read_bytes().replace(b"8331000016009", b"8331000016008")
    )
    with pytest.raises(CommandError, match="afvist"):
        call_command("import_sor_xml", str(bad))
    err = capsys.readouterr().err
    assert "intet er skrevet" in err and "<SorIdentifier>" in err and "linje 49," in err
    assert not Unit.objects.exists()


def test_import_command_dry_run(db, capsys):
    call_command("import_sor_xml", "--dry-run", str(SAMPLES / "sample-one-apotek.xml"))
    assert "Filen er gyldig: 3 enheder" in capsys.readouterr().out
    assert not Unit.objects.exists()


def test_export_commands_write_valid_files(tree, tmp_path, capsys):
    xml, edi, entity = tmp_path / "sor.xml", tmp_path / "edi.csv", tmp_path / "sor.csv"
    call_command("export_sor_xml", "--kommune", "201", "--output", str(xml), "--edi", str(edi))
    assert "overholder SOR's XSD" in capsys.readouterr().err
    assert schema_problems(etree.parse(str(xml))) == []
    assert edi.read_text(encoding="utf-8-sig").startswith("EanLocationCode;SorId")
    call_command("export_sor_csv", "--output", str(entity))
    assert entity.read_text(encoding="utf-8-sig").count("\n") == 8
    with pytest.raises(CommandError, match="Ukendt kommunekode"):
        call_command("export_sor_xml", "--kommune", "9999", "--output", str(xml))


def test_export_command_fails_on_an_invalid_result(db, tmp_path):
    from hierarchy import services
    from hierarchy.models import UnitType
    from tests import factories

    services.unit_create(
        actor=None,
        kind="IE",
        parent=None,
        data=services.UnitData(name="Uden telefon", unit_type=UnitType.objects.get(code=factories.KOMMUNE)),
        valid_from=factories.LONG_AGO,
        reason="Testændring",
    )
    with pytest.raises(CommandError, match="overholder ikke SOR's XSD"):
        call_command("export_sor_xml", "--output", str(tmp_path / "sor.xml"))


def test_issue_token_prints_it_once_and_stores_the_hash(db, capsys):
    call_command("issue_api_token", "Aarhus EOJ", "--kommune", "0751", "--kommune", "751")
    captured = capsys.readouterr()
    raw = captured.out.strip()
    assert len(raw) >= 40 and "vises kun denne ene gang" in captured.err
    token = SystemToken.objects.get(name="Aarhus EOJ")
    assert token.key_hash == hash_token(raw)
    assert list(token.municipalities.values_list("code", flat=True)) == ["0751"]
    assert AuditEvent.objects.get(action="exchange.token.issue").after["prefix"] == raw[:8]
    with pytest.raises(CommandError, match="allerede"):
        call_command("issue_api_token", "Aarhus EOJ")
    call_command("revoke_api_token", "Aarhus EOJ", stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
