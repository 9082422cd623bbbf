"""An import may move a lokationsnummer only between units the file itself describes: a GLN
held by a unit outside the file is refused with the whole file, naming the GLN, its holder
and the line, and nothing is written."""

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from hierarchy.models import LocationNumber, Unit, UnitVersion

from .helpers import SAMPLES, run_import, sample
from .test_import_rejects import line_of

APOTEK_GLN = b"5790000173624"


def register_state():
    return (
        Unit.objects.count(),
        UnitVersion.objects.count(),
        AuditEvent.objects.count(),
        sorted(LocationNumber.objects.values_list("gln", "unit_id")),
        sorted(
            LocationNumber.message_types.through.objects.values_list("locationnumber_id", "edimessagetype_id")
        ),
    )


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("import_sor_xml", str(SAMPLES / "sample-one-apotek.xml"), stdout=io.StringIO())
    return Unit.objects.get(name="Center for Sundhed og Omsorg", parent__municipality_id="0201")


def test_a_gln_of_a_unit_outside_the_file_refuses_the_whole_file(demo, tmp_path, capsys):
    si_gln = LocationNumber.objects.get(unit=demo).gln
    source = sample("apotek").replace(APOTEK_GLN, si_gln.encode())
    path = tmp_path / "stolen.xml"
    path.write_bytes(source)
    before = register_state()
    capsys.readouterr()

    with pytest.raises(CommandError):
        call_command("import_sor_xml", str(path))

    assert register_state() == before
    assert LocationNumber.objects.get(gln=si_gln).unit == demo
    err = capsys.readouterr().err
    assert "intet er skrevet" in err
    assert f"linje {line_of(source, si_gln.encode())}, <EanLocationCode>" in err
    assert f"Lokationsnummeret {si_gln} tilhører Center for Sundhed og Omsorg ({demo.sor_id})" in err


def test_a_gln_moves_between_two_units_the_file_describes(db):
    """Værløse Apotek's GLN moves from the IE to its SI when the file says so."""
    run_import(sample("apotek"))
    ie = Unit.objects.get(sor_id="306011000016003")
    si = Unit.objects.get(sor_id="306021000016007")
    assert LocationNumber.objects.get(gln=APOTEK_GLN.decode()).unit == ie

    source = sample("apotek")
    start = source.index(b"\t\t\t<EanLocationCodeEntity>")
    end = source.index(b"</EanLocationCodeEntity>") + len(b"</EanLocationCodeEntity>\n")
    entity = source[start:end]
    source = source[:start] + source[end:]  # the IE no longer holds it …
    # … the SI does (its OptionalEanLocationCode is the first one in the file)
    source = source.replace(b"<EntityInheritedIndicator>true</EntityInheritedIndicator>", entity, 1)
    result = run_import(source)

    assert result.gln_moved == 1
    assert LocationNumber.objects.get(gln=APOTEK_GLN.decode()).unit == si
    assert not LocationNumber.objects.filter(unit=ie).exists()
