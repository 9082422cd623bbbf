"""Import of a SOR XML export into the register (`manage.py import_sor_xml`), in three phases
that can be run and tested apart:

1. `parse.parse_sor_xml` (and `read_edi_text`/`read_edi_rows`): the file to plain records with
   their line numbers; well-formed XML and the XSD (with the local xkom/dkcc stand-ins, see
   xsd/README.md). No database.
2. `check.check`: the records against the register and its rules (SOR-ID Verhoeff check digit,
   GLN check digit, SOR-IDs and GLNs unique, known enhedstyper of the right kind, addresses,
   contact details by `hierarchy.contact`, dates, the parent structure). Every problem is
   reported with its line and element, and one problem rejects the file whole. Nothing is
   written; what passes is a `Plan`.
3. `write.write`: the plan in one transaction, every change through the services.

Mapping (sor-domain.md §1.2, §1.5): FirstFromDate → valid_from; ToDate → closed through
`unit_close` (children before parents); FromDate → the date a change to an existing unit takes
effect from. A missing VisitingAddressInformation, or one equal to the postadresse, means "samme
som postadresse"; the same for the activity address and the besøgsadresse. What the register
does not model is kept in `SorExtra`/`LocationNumberExtra`. Two adjustments are reported as
warnings, not errors: an OE without UnitType gets its nearest ancestor's type (flagged), and a
unit whose FirstFromDate lies before its parent's starts on the parent's date (the register
requires the parent to be active).
"""

import hashlib
from collections.abc import Callable
from pathlib import Path

from .check import check
from .parse import parse_sor_xml, read_edi_rows, read_edi_text
from .records import ImportResult, Plan
from .write import write

__all__ = [
    "ImportResult",
    "Plan",
    "SorXmlImporter",
    "check",
    "import_sor_xml",
    "parse_sor_xml",
    "read_edi_rows",
    "read_edi_text",
    "write",
]


class SorXmlImporter:
    """The three phases in a row, for the command and the tests."""

    def __init__(self, *, progress: Callable[[str, int, int], None] | None = None, reason: str = ""):
        self.progress = progress
        self.reason = reason or "Import af SOR-XML"

    def run(
        self, source: bytes, *, source_name: str, edi_text: str | None = None, dry_run: bool = False
    ) -> ImportResult:
        sha256 = hashlib.sha256(source).hexdigest()
        records = parse_sor_xml(source)
        edi_rows = read_edi_rows(edi_text) if edi_text is not None else None
        plan = check(records, edi_rows, progress=self.progress)
        if dry_run:
            return ImportResult(units=len(records), warnings=plan.warnings, sha256=sha256)
        return write(plan, source_name=source_name, sha256=sha256, reason=self.reason, progress=self.progress)


def import_sor_xml(path, *, edi_path=None, progress=None, dry_run=False, reason: str = "") -> ImportResult:
    path = Path(path)
    importer = SorXmlImporter(progress=progress, reason=reason or f"Import af SOR-XML {path.name}")
    edi_text = read_edi_text(Path(edi_path).read_bytes()) if edi_path else None
    return importer.run(path.read_bytes(), source_name=path.name, edi_text=edi_text, dry_run=dry_run)
