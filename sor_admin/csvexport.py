"""The one CSV writer for every export the app offers (SorEntity and EDI CSV, the Ændringslog CSV,
the Pr. dato comparison): semicolon-separated, quoted only where needed (csv.QUOTE_MINIMAL),
CRLF line ends, and safe to open in a spreadsheet.

Formula injection (OWASP "CSV Injection"): a cell that starts with = + - @ TAB or CR is taken
as a formula by Excel and LibreOffice, so a unit named =HYPERLINK(…) or a reason "+cmd" would
run when the file is opened. Every such cell gets a leading single quote, which the
spreadsheet shows as text. The rule applies to every cell alike, also to a phone number
"+45 …" or a negative number: the exports hold no numbers that a program computes with (SOR-IDs,
GLNs and dates are written by us and never start with those characters), and a single rule
cannot be bypassed by a field that was thought harmless.

The exception is ExcelText: the ="…" cells SOR itself writes around SOR-IDs and GLNs (so that
Excel does not turn them into 3,47801E+14). They are our own formula around digits only, and
are written bare, as SOR does."""

import csv
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV file as UTF-8 only when it starts with a byte order mark: every export's first
# line (its header) is written by `header_row`, which puts it there.
BOM = "\ufeff"
_DIGITS = re.compile(r"[0-9]+")


class ExcelText(str):
    """A cell written as ="…", unquoted."""


def excel_text(value: str) -> str:
    """="value" for a SOR-ID or GLN; anything but ASCII digits stays an ordinary (neutralised)
    cell, so no text from the register can end up inside a formula."""
    if not value:
        return ""
    if not _DIGITS.fullmatch(value):
        return value
    return ExcelText(f'="{value}"')


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Line:
    def write(self, value: str) -> str:
        return value


class CsvWriter:
    """row(cells) → one formatted line (str), for streaming; or, given a text file `out`,
    writerow(cells) writes the line to it (as csv.writer does)."""

    def __init__(self, out=None):
        self._out = out
        self._writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")

    def _run(self, cells: list[str]) -> str:
        # csv writes a row of one empty field as "" (so that it is not an empty line); inside a
        # longer line the field is just empty.
        if cells == [""]:
            return ""
        return self._writer.writerow(cells)[:-2]

    def row(self, cells) -> str:
        # csv.writer cannot write a ="…" cell bare next to minimally quoted ones, so the row is
        # written in runs of ordinary cells with the ExcelText cells between them.
        parts, run = [], []
        for cell in cells:
            if isinstance(cell, ExcelText):
                if run:
                    parts.append(self._run(run))
                    run = []
                parts.append(str(cell))
            else:
                run.append(neutralise(cell))
        if run:
            parts.append(self._run(run))
        return ";".join(parts) + "\r\n"

    def header_row(self, cells) -> str:
        """The file's first line, with the byte order mark that makes Excel read it as UTF-8."""
        return BOM + self.row(cells)

    def writerow(self, cells) -> None:
        self._out.write(self.row(cells))

    def writeheader(self, cells) -> None:
        self._out.write(self.header_row(cells))
