"""manage.py import_dar: the offline street register from Datafordeleren's DAR file download,
read from a small file written from the DAR 1.0 schema (tests/addresses/data/dar-udtraek.json)."""

import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from addresses.dar_import import iter_dar_items
from addresses.models import Street, StreetPostalCode
from addresses.providers import OfflineProvider
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

DAR_FILE = Path(__file__).parent / "data" / "dar-udtraek.json"


def run(*args) -> str:
    out = StringIO()
    call_command("import_dar", *map(str, args), stdout=out)
    return out.getvalue()


def links(name: str) -> set[tuple[str, str, str]]:
    return set(
        StreetPostalCode.objects.filter(street__name=name, derived=False).values_list(
            "street__municipality_code", "street__code", "postal_code_id"
        )
    )


def test_imports_current_vejstykker_with_their_postnumre():
    out = run(DAR_FILE)
    assert "DAR-objekter læst: 20 (5 ikke gældende versioner sprunget over)." in out
    assert "Gældende: 3 navngivne veje, 4 vejstykker, 3 postnumre" in out
    assert links("Lynge Bygade") == {("0201", "0412", "3540")}  # the name of today, not "Lynge Byvej"
    assert not Street.objects.filter(name__in=["Lynge Byvej", "Nedlagt Sti"]).exists()
    # The demo street without a vejkode gets DAR's; its postnummer comes from its husnumre.
    assert links("Ved Gadekæret") == {("0201", "0795", "3540")}
    # A navngiven vej in two kommuner: each vejstykke gets the postnumre of its kommune.
    kongevejen = links("Kongevejen")
    assert ("0190", "0330", "3520") in kongevejen and ("0190", "0330", "3450") not in kongevejen
    assert {("0201", "0333", "3450"), ("0201", "0333", "3520")} <= kongevejen
    event = AuditEvent.objects.get(action="addresses.dar.import")
    assert (event.after["file"], event.source) == (str(DAR_FILE), "command:import_dar")

    found = OfflineProvider().streets("3540", "lynge by")
    assert [h.name for h in found.items] == ["Lynge Bygade"]


def test_a_second_run_changes_nothing():
    run(DAR_FILE)
    streets = set(Street.objects.values_list("municipality_code", "code", "name"))
    again = run(DAR_FILE)
    assert "0 tilføjet, 0 ændret" in again
    assert "Vej-postnummer-relationer tilføjet: 0, fjernet: 0." in again
    assert set(Street.objects.values_list("municipality_code", "code", "name")) == streets
    assert AuditEvent.objects.filter(action="addresses.dar.import").count() == 1


def test_reads_the_zipped_download_and_prints_progress(tmp_path, monkeypatch):
    archive = tmp_path / "DAR_Totaludtraek.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Metadata.json", json.dumps({"version": "1.0"}))
        zf.writestr("DAR_Totaludtraek.json", DAR_FILE.read_text(encoding="utf-8"))
    monkeypatch.setattr("addresses.dar_import.PROGRESS_EVERY", 5)
    out = run(archive)
    assert "… 5 DAR-objekter læst" in out
    assert links("Lynge Bygade") == {("0201", "0412", "3540")}


def test_streaming_reader_handles_small_chunks_and_other_keys(tmp_path, monkeypatch):
    path = tmp_path / "dar.json"
    path.write_text(
        '{"Metadata": {"a": [1, 2]}, "PostnummerList": [], "NavngivenVejList": [{"id_lokalId": "x", "n": 12345}, '
        '{"id_lokalId": "y", "vejnavn": "Ø"}], "Tal": 42}',
        encoding="utf-8",
    )
    monkeypatch.setattr("addresses.dar_import.CHUNK", 3)
    assert list(iter_dar_items(path)) == [
        ("navngivenvejlist", {"id_lokalId": "x", "n": 12345}),
        ("navngivenvejlist", {"id_lokalId": "y", "vejnavn": "Ø"}),
    ]


@pytest.mark.parametrize(
    "text",
    ["[1, 2]", '{"NavngivenVejList": [{"id": 1}', '{"PostnummerList": []}', "not json"],
)
def test_not_a_dar_file_is_refused_with_a_message(tmp_path, text):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError):
        run(path)
    assert not AuditEvent.objects.filter(action="addresses.dar.import").exists()


def test_missing_file():
    with pytest.raises(CommandError, match="findes ikke"):
        run("/nonexistent/dar.zip")
