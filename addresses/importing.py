"""Street lists in, from files in one of three shapes (detected from the header):

- "dawa-vejstykker": DAWA's CSV of vejstykker (`GET /vejstykker?format=csv`), comma-separated,
  columns `kode,kommunekode,…,navn,adresseringsnavn,…,darstatus` (extra columns are ignored).
  DAWA's flat vejstykke rows carry no postnummer, so either download one postnummer at a time
  (`/vejstykker?postnr=3450&format=csv`) and import with `--postnr 3450`, or add a `postnr`
  column with one row per (vejstykke, postnummer). `data/dk/vejnavne-demo.csv` uses the latter.
- "cpr_vej": the CPR road register as in `data/dk/vejnavne-sample-cpr_vej.csv`, semicolon-
  separated `kommunekode;vejkode;navn;adresseringsnavn;virkning`; no postnummer.
- "dawa-vejnavnpostnummerrelationer": `GET /vejnavnpostnummerrelationer?format=csv`
  (`vejnavn,postnr,postnrnavn`): no kommune or vejkode, so a row is taken only where its
  postnummer lies in a single kommune.

A street without a postnummer is linked to its kommune's postnummer when the kommune has just
one (PostNord 2020); otherwise it is listed, as a `derived` link, in every postnummer of its
kommune whose part is not complete (see models.StreetPostalCode), until an import names its
postnumre.

`complete=True` declares the file the full street list: with `postal_code` (the `--postnr`
option) for that postnummer, otherwise for every kommune in the file. The matching
postnummer↔kommune parts are marked complete, links the file does not list are removed, and a
postnummer all of whose parts are complete gets `PostalCode.streets_complete`.
"""

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.apps import apps as installed_apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sor_admin.text import text_problem

from .street_writes import apply_links, apply_streets, mark_complete
from .text import clean_spaces

SHAPE_DAWA = "dawa-vejstykker"
SHAPE_CPR = "cpr_vej"
SHAPE_RELATIONS = "dawa-vejnavnpostnummerrelationer"

NAME_MAX = 40
PROGRESS_EVERY = 5000

MSG_UNKNOWN_SHAPE = (
    "Ukendt filformat. Forventede kolonner: kommunekode,kode,navn[,adresseringsnavn][,postnr] "
    "(DAWA vejstykker), kommunekode;vejkode;navn;adresseringsnavn;virkning (CPR) eller "
    "vejnavn,postnr (DAWA vejnavnpostnummerrelationer). Fandt: {header}"
)
MSG_COMPLETE_NEEDS_POSTNR = (
    "--complete kræver postnumre: en kolonne postnr i filen eller --postnr NNNN for hele filen."
)


class StreetFileError(ValueError):
    pass


@dataclass(frozen=True)
class StreetRow:
    line: int
    municipality_code: str
    code: str
    name: str
    addressing_name: str = ""
    postal_code: str = ""


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str
    kind: str = ""  # short category for the summary, e.g. "tidligere navn"


@dataclass
class StreetFile:
    path: Path
    shape: str
    has_postal_codes: bool
    rows: Iterable = ()

    def __iter__(self) -> Iterator[StreetRow | Rejected]:
        return iter(self.rows)


@dataclass
class ImportReport:
    shape: str = ""
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    links_added: int = 0
    links_removed: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    completed_postal_codes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "shape": self.shape,
            "read": self.read,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "links_added": self.links_added,
            "links_removed": self.links_removed,
            "rejected": len(self.rejected),
            "completed_postal_codes": self.completed_postal_codes,
        }


# --- reading --------------------------------------------------------------------------------

_DIGITS = re.compile(r"^\d{1,4}$")
_ENDED_STATUSES = {"4", "5", "6", "nedlagt", "henlagt", "slettet", "udgået"}


def _code(value: str) -> str | None:
    """A kommunekode/vejkode/postnummer as 4 digits; None when it is not 1-4 digits."""
    value = (value or "").strip()
    if not _DIGITS.match(value) or int(value) == 0:
        return None
    return value.zfill(4)


def _period_end(virkning: str) -> date | None:
    """The end of a CPR `virkning` range like `["1922-12-13 12:00:00+01","1985-12-01 …")`."""
    parts = virkning.strip().strip("[]()").split(",")
    if len(parts) != 2:
        return None
    end = parts[1].strip().strip('"').strip()
    try:
        return date.fromisoformat(end[:10]) if end else None
    except ValueError:
        return None


def _pick(row: dict, *names: str) -> str:
    for name in names:
        if name in row and row[name] is not None:
            return row[name]
    return ""


def _detect(header: list[str]) -> tuple[str, bool]:
    columns = set(header)
    if {"kommunekode", "vejkode", "navn", "virkning"} <= columns:
        return SHAPE_CPR, "postnr" in columns
    if {"kommunekode", "kode", "navn"} <= columns:
        return SHAPE_DAWA, "postnr" in columns
    if {"vejnavn", "postnr"} <= columns and "kommunekode" not in columns:
        return SHAPE_RELATIONS, True
    raise StreetFileError(MSG_UNKNOWN_SHAPE.format(header=",".join(header)))


def read_street_file(path, *, today: date | None = None) -> StreetFile:
    """Open a street file and detect its shape; rows are parsed lazily when iterated. Raises
    StreetFileError for an unknown shape."""
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter))]
    shape, has_postal_codes = _detect(header)
    today = today or timezone.localdate()

    def rows() -> Iterator[StreetRow | Rejected]:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter, escapechar="\\" if shape == SHAPE_CPR else None)
            next(reader)
            for line, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                yield _parse_row(line, dict(zip(header, values, strict=False)), shape, today)

    return StreetFile(path=path, shape=shape, has_postal_codes=has_postal_codes, rows=_Rows(rows))


class _Rows:
    """Re-iterable: each iteration reads the file again."""

    def __init__(self, factory: Callable[[], Iterator]):
        self._factory = factory

    def __iter__(self):
        return self._factory()


KIND_REFUSED_TEXT = "vejnavn med tegn, der ikke er tilladt"


def shown(text: str) -> str:
    """`text` for a report line: characters that do not print (controls, bidi overrides, NUL)
    written as \\uXXXX, so a refused name cannot reorder or garble the console."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def name_rejected(line: int, *names: str) -> Rejected | None:
    """A street row whose vejnavn or adresseringsnavn the register's one text check refuses
    (NUL, control or bidi-override characters, ...) is rejected: the row is skipped and counted."""
    for name in names:
        problem = text_problem(name, what="Vejnavnet")
        if problem:
            return Rejected(line, f"«{shown(name)}»: {problem.split('. ')[0]}.", KIND_REFUSED_TEXT)
    return None


def _parse_row(line: int, row: dict, shape: str, today: date) -> StreetRow | Rejected:
    name = clean_spaces(_pick(row, "navn", "vejnavn"))
    if not name:
        return Rejected(line, "vejnavn mangler", "vejnavn mangler")
    if len(name) > NAME_MAX:
        return Rejected(line, f"vejnavnet «{name}» er længere end {NAME_MAX} tegn", "for langt vejnavn")
    addressing_name = clean_spaces(_pick(row, "adresseringsnavn", "adresseringsvejnavn"))
    if len(addressing_name) > NAME_MAX:
        return Rejected(
            line,
            f"adresseringsnavnet «{addressing_name}» er længere end {NAME_MAX} tegn",
            "for langt adresseringsnavn",
        )

    if shape == SHAPE_CPR:
        end = _period_end(_pick(row, "virkning"))
        if end is not None and end <= today:
            return Rejected(
                line, f"«{name}» er et tidligere navn (gyldigt til {end.isoformat()})", "tidligere vejnavn"
            )
    status = _pick(row, "darstatus").strip().lower()
    if status in _ENDED_STATUSES:
        return Rejected(line, f"«{name}» er nedlagt (darstatus {status})", "nedlagt vej")

    raw_kommune = _pick(row, "kommunekode").strip()
    kommune = _code(raw_kommune) if raw_kommune else ""
    if kommune is None or (shape != SHAPE_RELATIONS and not kommune):
        return Rejected(
            line, f"kommunekoden «{raw_kommune}» er ikke et tal med 1-4 cifre", "ugyldig kommunekode"
        )
    raw_code = _pick(row, "kode", "vejkode").strip()
    code = _code(raw_code) if raw_code else ""
    if code is None:
        return Rejected(line, f"vejkoden «{raw_code}» er ikke et tal fra 1 til 9999", "ugyldig vejkode")
    raw_postnr = _pick(row, "postnr").strip()
    postnr = _code(raw_postnr) if raw_postnr else ""
    if postnr is None:
        return Rejected(
            line, f"postnummeret «{raw_postnr}» er ikke et tal med 4 cifre", "ugyldigt postnummer"
        )
    return StreetRow(line, kommune, code, name, addressing_name, postnr)


# --- importing ------------------------------------------------------------------------------


def _known_municipalities() -> set[str]:
    with open(settings.SOR_DATA_DIR / "dk" / "kommuner.csv", encoding="utf-8") as fh:
        return {row["kommunekode"].strip().zfill(4) for row in csv.DictReader(fh)}


def import_streets(
    rows: Iterable[StreetRow | Rejected],
    *,
    source: str,
    apps=installed_apps,
    postal_code: str | None = None,
    complete: bool = False,
    complete_note: str = "",
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Add or update the streets in `rows` and their postnummer links. Idempotent: a second run
    of the same file adds and changes nothing. Runs in one transaction."""
    PostalCode = apps.get_model("addresses", "PostalCode")
    PostalCodeMunicipality = apps.get_model("addresses", "PostalCodeMunicipality")
    Street = apps.get_model("addresses", "Street")
    StreetPostalCode = apps.get_model("addresses", "StreetPostalCode")

    report = ImportReport(shape=getattr(rows, "shape", ""))
    has_postal_codes = postal_code is not None or getattr(rows, "has_postal_codes", False)
    if complete and not has_postal_codes:
        raise StreetFileError(MSG_COMPLETE_NEEDS_POSTNR)
    say = progress or (lambda message: None)

    known_postal_codes = set(PostalCode.objects.values_list("nr", flat=True))
    if postal_code is not None and postal_code not in known_postal_codes:
        raise StreetFileError(f"Postnummeret {postal_code} findes ikke.")
    kommuner_of = defaultdict(set)
    postal_codes_of = defaultdict(set)
    for nr, kommune in PostalCodeMunicipality.objects.values_list("postal_code_id", "municipality_code"):
        kommuner_of[nr].add(kommune)
        postal_codes_of[kommune].add(nr)
    known_municipalities = _known_municipalities() | set(postal_codes_of)

    # Pass 1: validate rows and group them by street key.
    streets: dict[tuple, StreetRow] = {}
    wanted_links: dict[tuple, set[str]] = defaultdict(set)
    for item in rows:
        report.read += 1
        if report.read % PROGRESS_EVERY == 0:
            say(f"  {report.read} rækker læst …")
        if isinstance(item, Rejected):
            report.rejected.append(item)
            continue
        refused = name_rejected(item.line, item.name, item.addressing_name)
        if refused:
            report.rejected.append(refused)
            continue
        postnr = item.postal_code or (postal_code or "")
        if postnr and postnr not in known_postal_codes:
            report.rejected.append(Rejected(item.line, f"ukendt postnummer {postnr}", "ukendt postnummer"))
            continue
        kommune = item.municipality_code
        if complete and not postnr and len(postal_codes_of.get(kommune, ())) != 1:
            report.rejected.append(
                Rejected(item.line, "postnummer mangler (kræves med --complete)", "postnummer mangler")
            )
            continue
        if not kommune:
            candidates = kommuner_of.get(postnr, set())
            if len(candidates) != 1:
                report.rejected.append(
                    Rejected(
                        item.line,
                        f"kommunen kan ikke udledes: postnummer {postnr} ligger i flere kommuner",
                        "kommune ukendt",
                    )
                )
                continue
            kommune = next(iter(candidates))
        if kommune not in known_municipalities:
            report.rejected.append(Rejected(item.line, f"ukendt kommunekode {kommune}", "ukendt kommunekode"))
            continue
        key = (kommune, item.code) if item.code else (kommune, "", item.name)
        previous = streets.get(key)
        if previous is not None and previous.name != item.name:
            report.rejected.append(
                Rejected(
                    item.line,
                    f"vejkode {item.code} i kommune {kommune} står allerede i linje {previous.line} "
                    f"med navnet «{previous.name}»",
                    "dublet med andet navn",
                )
            )
            continue
        if previous is None:
            streets[key] = StreetRow(item.line, kommune, item.code, item.name, item.addressing_name, postnr)
        if postnr:
            wanted_links[key].add(postnr)
    for key in streets:
        if not wanted_links.get(key):
            only = postal_codes_of.get(key[0], set())
            if len(only) == 1:
                wanted_links[key] = set(only)
    say(f"  {report.read} rækker læst, {len(streets)} veje, {len(report.rejected)} afvist.")

    with transaction.atomic():
        by_key = apply_streets(Street, StreetPostalCode, streets, source, report)
        say(f"  veje: {report.added} tilføjet, {report.updated} ændret, {report.unchanged} uændret.")
        apply_links(StreetPostalCode, PostalCodeMunicipality, by_key, wanted_links, report)
        if complete:
            mark_complete(
                PostalCode,
                PostalCodeMunicipality,
                StreetPostalCode,
                by_key,
                wanted_links,
                postal_code=postal_code,
                kommuner=sorted({key[0] for key in streets}),
                postal_codes_of=postal_codes_of,
                note=complete_note,
                report=report,
            )
        say(f"  postnummerrelationer: {report.links_added} tilføjet, {report.links_removed} fjernet.")
    return report
