"""CSV formula injection (issue 11 item 10): every CSV export goes through sor_admin.csvexport,
which neutralises cells that a spreadsheet would run as a formula, and otherwise writes what
csv.QUOTE_MINIMAL writes, with SOR's bare ="…" cells for SOR-IDs and GLNs."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange.exporter import iter_sor_entity_csv
from hierarchy import services
from sor_admin.csvexport import CsvWriter, excel_text, neutralise

EVIL_NAME = '=HYPERLINK("http://evil.example";"klik")'
EVIL_REASON = "+cmd|' /C calc'!A0"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_cells_get_a_leading_quote(start):
    assert neutralise(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Allerød Kommune", "48 10 01 00", "1", "", "a=b", " =x", "'quoted"])
def test_other_cells_are_unchanged(value):
    assert neutralise(value) == value


def test_phone_numbers_and_negative_numbers_are_neutralised_too():
    """Decided policy: one rule for every cell (see the module's docstring)."""
    assert neutralise("+45 48 10 01 00") == "'+45 48 10 01 00"
    assert neutralise(-1) == "'-1"


def test_the_format_of_normal_cells_is_unchanged():
    writer = CsvWriter()
    assert writer.row(["a", "", 'b"c', "d;e", "f\ng", None, 7]) == 'a;;"b""c";"d;e";"f\ng";;7\r\n'
    assert writer.row([excel_text("311000016009"), "", excel_text("")]) == '="311000016009";;\r\n'
    assert writer.row([""]) == "\r\n"
    assert writer.row(["x", excel_text("5790000123117")]) == 'x;="5790000123117"\r\n'


def test_excel_text_only_wraps_digits():
    assert excel_text("=1+1") == "=1+1"
    assert CsvWriter().row([excel_text("=1+1")]) == "'=1+1\r\n"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=6))
def test_a_row_reads_back_as_the_neutralised_cells(cells):
    line = CsvWriter().row(cells)
    rows = list(csv.reader(io.StringIO(line, newline=""), delimiter=";"))
    assert len(rows) == 1
    if cells == [""]:  # a lone empty cell is an empty line, which csv reads as no cells
        assert rows == [[]]
    else:
        assert rows[0] == [neutralise(c) for c in cells]


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))


def _no_formula(rows):
    for row in rows:
        for cell in row:
            assert not cell.startswith(("+", "-", "@", "\t", "\r")), cell
            assert not cell.startswith("=") or cell[2:-1].isdigit(), cell


@pytest.fixture
def evil(tree, today):
    """A unit renamed to a formula, with a formula as reason, ten days from now."""
    data = services.UnitData.from_unit(tree.skole)
    data.name = EVIL_NAME
    services.unit_update(
        actor=None, unit=tree.skole, data=data, effective_date=today + timedelta(days=10), reason=EVIL_REASON
    )
    data = services.UnitData.from_unit(tree.pleje)
    data.name = "@SUM(1+1)*cmd"
    services.unit_update(actor=None, unit=tree.pleje, data=data, reason="-2+3")
    return tree


def test_sor_entity_csv_download_is_neutralised(client, sds_user, evil):
    client.force_login(sds_user)
    response = client.get(reverse("exchange_gui:sor_entity_csv"))
    rows = _rows(b"".join(response.streaming_content).decode("utf-8"))
    _no_formula(rows)
    names = {row[2] for row in rows[1:]}
    assert "'@SUM(1+1)*cmd" in names
    assert "Allerød Kommunes Tandpleje" in names  # normal cells as before


def test_export_sor_csv_command_is_neutralised(evil, tmp_path):
    path = tmp_path / "sor.csv"
    call_command("export_sor_csv", "--output", str(path))
    text = path.read_bytes().decode("utf-8")
    assert text == b"".join(iter_sor_entity_csv()).decode("utf-8")
    _no_formula(_rows(text))
    assert "'@SUM(1+1)*cmd" in {row[2] for row in _rows(text)}


def test_audit_csv_is_neutralised(client, support_user, evil):
    client.force_login(support_user)
    response = client.get(reverse("audit:log_csv"))
    rows = _rows(b"".join(response.streaming_content).decode("utf-8"))
    _no_formula(rows)
    reasons = {row[10] for row in rows[1:]}
    assert {"'" + EVIL_REASON, "'-2+3"} <= reasons
    assert "'@SUM(1+1)*cmd" in {row[7] for row in rows[1:]}


def test_comparison_csv_is_neutralised(client, municipal_admin, evil, today):
    client.force_login(municipal_admin)
    params = {
        "kommune": evil.ie.sor_id,
        "fra": today.strftime("%d-%m-%Y"),
        "til": (today + timedelta(days=10)).strftime("%d-%m-%Y"),
    }
    response = client.get(reverse("hierarchy:as_of_compare_csv"), params)
    assert response.status_code == 200, response.content
    rows = _rows(response.content.decode("utf-8"))
    _no_formula(rows)
    assert ["Omdøbt", evil.skole.sor_id, "Blovstrød Skole", "'" + EVIL_NAME] == rows[1][:4]


def test_the_header_row_alone_carries_the_byte_order_mark():
    """Excel reads UTF-8 only after a BOM; the one writer puts it before the header, once."""
    from sor_admin.csvexport import BOM, CsvWriter

    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writeheader(["Navn", "SOR-kode"])
    writer.writerow(["Ærø", "=1"])
    text = out.getvalue()
    assert text.startswith(BOM + "Navn;SOR-kode\r\n")
    assert text.count(BOM) == 1
    assert CsvWriter().header_row(["a"]) == BOM + "a\r\n"
