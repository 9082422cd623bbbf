from pathlib import Path

from audit.context import audit_context
from exchange.importer import SorXmlImporter

SAMPLES = Path(__file__).resolve().parent / "samples"


def sample(name: str) -> bytes:
    """A real SOR XML fragment (samples/README.md): sygehus, apotek or praksis."""
    return (SAMPLES / f"sample-one-{name}.xml").read_bytes()


def run_import(source: bytes, *, edi_text=None, name="test.xml", dry_run=False):
    with audit_context(source="test"):
        return SorXmlImporter(reason="Test").run(source, source_name=name, edi_text=edi_text, dry_run=dry_run)
