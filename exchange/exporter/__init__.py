"""Exports in SOR's own formats: SOR XML (2012 schema), the daily "SorEntity" CSV and the EDI
map (lokationsnummer → meddelelsestyper, which SOR XML has no place for).

All three are generators of byte chunks, so a command writes them to a file and a view streams
them, and memory stays flat however large the register: the units are read with `.iterator()` in
tree order (`tree_id`, `lft`), and the only state kept is the path from the IE down to the
current unit (for the nesting of the XML and for inherited addresses, contact details and
lokationsnumre).

The export writes what the register holds and invents nothing. Where the register lacks what
SOR's schema requires (an IE without telephone number, say), the element is left out, the file
then fails XSD validation at that spot, and a warning names the unit. One convention: the
mandatory EDI codes of a lokationsnummer (SystemSupplier, SystemType, CommunicationSupplier,
RegionCode, EdiAdministrator) are written as 0 when not registered; 0 is no valid code, and the
importer reads it back as "not registered".

The package: `rows` (the units in tree order and what each passes down, shared), `sor_xml`,
`entity_csv` and `edi_csv` (one format each).
"""

from .edi_csv import EDI_COLUMNS, iter_edi_csv
from .entity_csv import SOR_ENTITY_COLUMNS, iter_sor_entity_csv
from .rows import CHUNK_UNITS, export_units, unchanged_since_import
from .sor_xml import iter_sor_xml, write_sor_xml

__all__ = [
    "CHUNK_UNITS",
    "EDI_COLUMNS",
    "SOR_ENTITY_COLUMNS",
    "export_units",
    "iter_edi_csv",
    "iter_sor_entity_csv",
    "iter_sor_xml",
    "unchanged_since_import",
    "write_sor_xml",
]
