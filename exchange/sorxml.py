"""SOR XML (the 2012 schema, namespace urn:oio:sundhedsstyrelsen:organisation:1.0.0): names,
the schema and how problems in a file are reported."""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.parsers import expat

from lxml import etree

XSD_DIR = Path(__file__).resolve().parent / "xsd"

NS = "urn:oio:sundhedsstyrelsen:organisation:1.0.0"
XKOM_2006 = "http://rep.oio.dk/xkom.dk/xml/schemas/2006/01/06/"  # AddressPostal
XKOM_2005 = "http://rep.oio.dk/xkom.dk/xml/schemas/2005/03/15/"  # EmailAddressIdentifier
DKCC_2003 = "http://rep.oio.dk/ebxml/xml/schemas/dkcc/2003/02/13/"
DKCC_2005 = "http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/03/15/"

# The prefixes of SOR's own exports (see the samples in shared/data/sor).
NSMAP = {None: NS, "xkom-1": XKOM_2006, "xkom": XKOM_2005, "dkcc": DKCC_2003, "dkcc2005": DKCC_2005}

# Relation codes of GeographicalParent (SOR documentation): 2 = "Den organisatoriske mor", the
# default for units of this register, whose geography follows the organisation.
GEO_ORGANISATIONAL_PARENT = 2


def q(name: str, ns: str = NS) -> str:
    return f"{{{ns}}}{name}"


def local_name(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else str(tag)


@dataclass(frozen=True)
class Problem:
    """Something wrong in an import file: where (line and element) and what, in Danish."""

    line: int | None
    element: str
    message: str

    def __str__(self) -> str:
        where = f"linje {self.line}" if self.line else "filen"
        return f"{where}, <{self.element}>: {self.message}"


class SorFileRejected(Exception):
    """The file was not imported: nothing has been written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@cache
def sor_schema() -> etree.XMLSchema:
    """The shipped 2012 schema set with local stand-ins for the xkom/dkcc imports (xsd/README.md)."""
    return etree.XMLSchema(etree.parse(str(XSD_DIR / "SorTree.xsd")))


MSG_DOCTYPE = (
    "Filen indeholder en DOCTYPE-erklæring{name}. SOR-XML bruger ingen DTD eller entiteter, og en "
    "importfil må ikke indeholde dem: fjern DOCTYPE-erklæringen og brug almindelig tekst i stedet "
    "for entiteter (&navn;)."
)
MSG_NOT_XML = "Filen er ikke gyldig XML: {message}"
MSG_ENCODING = "Filen er ikke gyldig XML: tegnsættet i XML-erklæringen er ukendt. Gem filen som UTF-8."


def secure_parser() -> etree.XMLParser:
    # No entity expansion and no network: an import file is untrusted input.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class _RootReached(Exception):
    pass


def _doctype_problem(source: bytes) -> Problem | None:
    """A DOCTYPE (and with it every entity declaration, internal, external or nested) can only
    stand before the root element, so the stdlib's expat reads just that far, in the file's own
    encoding, and stops. Unexpanded entity nodes would otherwise reach the XSD validator (which
    fails with an internal error), and a nested one trips libxml2's amplification guard with an
    English message on the wrong line."""
    parser = expat.ParserCreate()
    found: list[Problem] = []

    def doctype(name, system_id, public_id, has_internal_subset):
        found.append(Problem(parser.CurrentLineNumber, "!DOCTYPE", MSG_DOCTYPE.format(name=f" ({name})")))
        raise _RootReached

    def root(name, attributes):
        raise _RootReached

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = root
    try:
        parser.Parse(source, True)
    except _RootReached:
        pass
    except expat.ExpatError as exc:
        # Broken before the root element (or in an encoding expat does not know): refuse here,
        # since libxml2 might still read a DOCTYPE that expat could not get to.
        return Problem(exc.lineno, "?", MSG_NOT_XML.format(message=expat.errors.messages[exc.code]))
    except LookupError:
        return Problem(1, "?xml", MSG_ENCODING)
    return found[0] if found else None


def parse_document(source: bytes):
    """The parsed import file, or SorFileRejected with the line of the first problem."""
    problem = _doctype_problem(source)
    if problem is not None:
        raise SorFileRejected([problem])
    try:
        return etree.parse(io.BytesIO(source), secure_parser())
    except etree.XMLSyntaxError as exc:
        raise SorFileRejected([Problem(exc.lineno, "?", MSG_NOT_XML.format(message=exc.msg))]) from None


def schema_problems(doc, *, limit: int = 100) -> list[Problem]:
    """Every way `doc` breaks the XSD (up to `limit`), with line and element."""
    schema = sor_schema()
    if schema.validate(doc):
        return []
    problems = []
    for error in list(schema.error_log)[:limit]:
        element = _element_of(error.message)
        problems.append(Problem(error.line or None, element, f"Overholder ikke SOR's XSD: {error.message}"))
    return problems


def _element_of(message: str) -> str:
    # libxml2 starts schema messages with "Element '{ns}Name': …".
    if message.startswith("Element '"):
        name = message[len("Element '") :].split("'", 1)[0]
        return local_name(name) if name.startswith("{") else name
    return "SorTree"


def validate_file(path) -> list[Problem]:
    """Parse and check a SOR XML file against the XSD only; [] when it is valid."""
    try:
        doc = parse_document(Path(path).read_bytes())
    except SorFileRejected as exc:
        return exc.problems
    return schema_problems(doc)
