"""The EDI map: lokationsnummer → meddelelsestyper, which SOR XML has no place for."""

from collections.abc import Iterator

from hierarchy.models import LocationNumber, Municipality
from sor_admin.csvexport import CsvWriter, excel_text

from .rows import CHUNK_UNITS, kommune_tree

EDI_COLUMNS = ("EanLocationCode", "SorId", "EntityName", "Meddelelsestype", "Version", "Format", "Urn")


def iter_edi_csv(*, municipality: Municipality | None = None) -> Iterator[bytes]:
    """One row per lokationsnummer and message type (like SOR2's LocationsCodeEDITypeMap), for
    systems that route EDI and for `import_sor_xml --edi`, since SOR XML has no place for them."""
    writer = CsvWriter()
    lines = [writer.header_row(EDI_COLUMNS)]
    numbers = LocationNumber.objects.select_related("unit").prefetch_related("message_types").order_by("gln")
    numbers = kommune_tree(numbers, municipality, "unit__node__tree_id")
    for count, number in enumerate(numbers.iterator(chunk_size=2000), start=1):
        for message_type in sorted(number.message_types.all(), key=lambda t: (t.code, t.version)):
            lines.append(
                writer.row(
                    [
                        excel_text(number.gln),
                        excel_text(number.unit.sor_id),
                        number.unit.name,
                        message_type.code,
                        message_type.version,
                        message_type.format,
                        message_type.urn,
                    ]
                )
            )
        if count % CHUNK_UNITS == 0:
            yield "".join(lines).encode("utf-8")
            lines.clear()
    yield "".join(lines).encode("utf-8")
