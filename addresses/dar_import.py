"""The offline street register from Datafordeleren's DAR file download (the whole country).

The total download ("fildownload", DAR 1.0) is one JSON document, usually zipped, whose top-level
keys hold one list per entity: `NavngivenVejList`, `NavngivenVejKommunedelList`,
`NavngivenVejPostnummerList` (the navngiven vej–postnummer relation; also read under the name
`NavngivenVejPostnummerRelationList`), `PostnummerList`, `HusnummerList`, `AdresseList`, … Each
item is one bitemporal version of an object, with `id_lokalId`, `status` ("2" foreløbig,
"3" gældende, "4" nedlagt, "5" henlagt), `virkningFra`/`virkningTil` and
`registreringFra`/`registreringTil`, and references to other objects by their `id_lokalId`:

- NavngivenVej: `vejnavn`, `vejadresseringsnavn` (the road's name, once for the whole country);
- NavngivenVejKommunedel: `navngivenVej`, `kommune`, `vejkode` (the vejstykke: our `Street`);
- NavngivenVejPostnummer: `navngivenVej`, `postnummer` (a Postnummer id);
- Postnummer: `postnr`, `navn`;
- Husnummer: `navngivenVej`, `postnummer`, `husnummertekst`.

Where the format knowledge comes from: the entity and attribute names of DAR 1.0 as Datafordeleren
publishes them, read from public code that loads these downloads (pydantic models of the root
lists `AdresseList` … `SupplerendeBynavnList` with `NavngivenVejKommunedel{kommune, vejkode,
navngivenVej}`, `NavngivenVejPostnummer{navngivenVej, postnummer}`, `Postnummer{navn, postnr}`,
and converters that stream `NavngivenVejKommunedelList` from the JSON), the `adressevaelger`
package's DAR dataclasses, and KDS's note that "adgangsadresser" are "husnumre" in DAR 1.0 and
that retired versions must be filtered by status. No real download was available offline; the
test file `tests/addresses/data/dar-udtraek.json` is written from that schema.

Only current versions are read (no `registreringTil`, no `virkningTil` in the past, status 2 or
3). A street is linked to the postnumre of its navngiven vej's relations and of its husnumre; a
navngiven vej in several kommuner gets, in each kommune, the postnumre that lie in that kommune
(PostNord's postnummer–kommune list), or all of them when none does. The rows then go through
`addresses.importing.import_streets`, so the import is idempotent in the same way.

The reader streams the document list by list and keeps only the few fields above, so the whole
country fits in memory (about 200,000 navngivne veje). Its buffer holds at most one value of
`MAX_VALUE` characters beyond the chunk being read: a longer value (a DAR object is a few
hundred characters) refuses the file, so a small ZIP holding one huge string cannot keep the
command reading and rescanning for minutes.

A file that cannot be read as a whole (not UTF-8, a damaged ZIP, JSON nested too deep, a value
over `MAX_VALUE`, not a DAR download) is refused with a Danish StreetFileError and nothing is
written. A single object whose fields have the wrong form (an id that is a list, a name that is
an object) is skipped and counted in `DarContents.unusable`; a street name the register's text
check refuses (NUL, control or bidi characters) is a rejected row of the import, counted by
reason like every other rejected row (see `addresses.importing.import_streets`).
"""

import io
import json
import re
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.apps import apps as installed_apps
from django.utils import timezone

from sor_admin.text import is_ascii_digits

from .importing import NAME_MAX, Rejected, StreetFileError, StreetRow, name_rejected, shown
from .text import clean_spaces

SHAPE_DAR = "dar-fildownload"
CURRENT_STATUSES = {"2", "3"}
LISTS = {
    "navngivenvejlist": "vej",
    "navngivenvejkommunedellist": "kommunedel",
    "navngivenvejpostnummerlist": "relation",
    "navngivenvejpostnummerrelationlist": "relation",
    "postnummerlist": "postnummer",
    "husnummerlist": "husnummer",
}
CHUNK = 1 << 20
MAX_VALUE = 1 << 20  # characters in one DAR object (or other value) of the download
PROGRESS_EVERY = 100_000
_JSON_SPACE = re.compile(r"[ \t\n\r]*")

MSG_NOT_DAR = (
    "Filen er ikke et DAR-udtræk fra Datafordeleren (et JSON-objekt med lister som NavngivenVejList)."
)
MSG_NO_ROADS = "DAR-udtrækket har hverken NavngivenVejList eller NavngivenVejKommunedelList."
MSG_NOT_UTF8 = (
    "Filen er ikke UTF-8-kodet, som Datafordelerens DAR-udtræk er (fx Latin-1). "
    "Hent udtrækket igen fra Datafordeleren."
)
MSG_BAD_ZIP = (
    "ZIP-filen er beskadiget eller kan ikke læses ({detail}). Hent udtrækket igen fra Datafordeleren."
)
MSG_TOO_DEEP = f"{MSG_NOT_DAR} Filen indeholder JSON, der er indlejret for dybt til at blive læst."
MSG_TOO_LARGE = (
    f"{MSG_NOT_DAR} Et enkelt objekt i filen er over {MAX_VALUE // (1 << 20)} MB; "
    "et DAR-objekt fylder højst nogle få kB."
)


# What a damaged ZIP raises while it is read, and also (an unsupported compression method, an
# encrypted member) while it is opened.
_ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)
_ZIP_OPEN_ERRORS = (*_ZIP_READ_ERRORS, NotImplementedError, RuntimeError)


def _open_text(path: Path):
    if zipfile.is_zipfile(path):
        try:
            archive = zipfile.ZipFile(path)
            names = [
                n for n in archive.namelist() if n.lower().endswith(".json") and "metadata" not in n.lower()
            ]
            if not names:
                raise StreetFileError("ZIP-filen indeholder ingen JSON-fil med DAR-data.")
            return io.TextIOWrapper(archive.open(names[0]), encoding="utf-8-sig")
        except _ZIP_OPEN_ERRORS as exc:
            raise StreetFileError(MSG_BAD_ZIP.format(detail=exc)) from exc
    return open(path, encoding="utf-8-sig")


class _Stream:
    """Incremental reading of `{"Name": [ {...}, ... ], ...}`: one item decoded at a time."""

    def __init__(self, fh):
        self.fh = fh
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.fh.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def peek(self) -> str:
        while True:
            self.pos = _JSON_SPACE.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise StreetFileError(MSG_NOT_DAR)
        self.pos += 1

    def end_of(self, close: str) -> bool:
        """After an element of a list or object: True at its closing bracket, False at a comma."""
        sep = self.peek()
        self.pos += 1
        if sep not in (close, ","):
            raise StreetFileError(MSG_NOT_DAR)
        return sep == close

    def value(self):
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except RecursionError as exc:
                raise StreetFileError(MSG_TOO_DEEP) from exc
            except json.JSONDecodeError as exc:
                # Incomplete: read on, but never hold (and rescan) more than one bounded value.
                if len(self.buf) - self.pos > MAX_VALUE:
                    raise StreetFileError(MSG_TOO_LARGE) from exc
                if not self._fill():
                    raise StreetFileError(f"{MSG_NOT_DAR} ({exc})") from exc
                continue
            # A number or literal at the end of the buffer may continue in the next chunk.
            if end == len(self.buf) and not isinstance(value, dict | list | str) and self._fill():
                continue
            self.pos = end
            return value


def iter_dar_items(path) -> Iterator[tuple[str, dict]]:
    """(list name in lower case, item) for every item of every top-level list. A file that
    cannot be read raises StreetFileError (OSError, e.g. a folder or a missing file, passes)."""
    try:
        yield from _items(Path(path))
    except UnicodeDecodeError as exc:
        raise StreetFileError(MSG_NOT_UTF8) from exc
    except _ZIP_READ_ERRORS as exc:
        raise StreetFileError(MSG_BAD_ZIP.format(detail=exc)) from exc


def _items(path: Path) -> Iterator[tuple[str, dict]]:
    with _open_text(path) as fh:
        stream = _Stream(fh)
        stream.expect("{")
        if stream.peek() == "}":
            return
        while True:
            key = stream.value()
            if not isinstance(key, str):
                raise StreetFileError(MSG_NOT_DAR)
            stream.expect(":")
            name = key.lower()
            if stream.peek() == "[":
                stream.pos += 1
                if stream.peek() == "]":
                    stream.pos += 1
                else:
                    while True:
                        item = stream.value()
                        if isinstance(item, dict):
                            yield name, item
                        if stream.end_of("]"):
                            break
            else:
                stream.value()  # metadata and the like
            if stream.end_of("}"):
                return


class _Unusable(Exception):
    """A field of a DAR object that is not text (or a whole number): the object is skipped."""


def _lower(item: dict) -> dict:
    return {k.lower(): v for k, v in item.items()}


def _text(item: dict, name: str) -> str:
    """The field as text: DAR writes ids, names and codes as strings (a kommune may come as a
    number); anything else (a list, an object, true) makes the object unusable."""
    value = item.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _Unusable(name)
    return str(value).strip()


def _ended(value: str, now: datetime) -> bool:
    if not value:
        return False
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return True
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment <= now


def is_current(item: dict, now: datetime) -> bool:
    status = _text(item, "status") or "3"
    return (
        status in CURRENT_STATUSES
        and not _text(item, "registreringtil")
        and not _ended(_text(item, "virkningtil"), now)
    )


@dataclass
class DarContents:
    roads: dict = field(default_factory=dict)  # navngivenVej id -> (vejnavn, adresseringsnavn)
    parts: dict = field(default_factory=lambda: defaultdict(set))  # vej id -> {(kommune, vejkode)}
    relations: dict = field(default_factory=lambda: defaultdict(set))  # vej id -> {postnummer id}
    postnumre: dict = field(default_factory=dict)  # postnummer id -> postnr
    read: Counter = field(default_factory=Counter)  # items read per list
    skipped: Counter = field(default_factory=Counter)  # versions not current, per list
    unusable: Counter = field(default_factory=Counter)  # objects with a field of the wrong form, per field


def _take(c: DarContents, kind: str, item: dict, now: datetime) -> None:
    """Add one DAR object to `c` (raises _Unusable before adding anything)."""
    if not is_current(item, now):
        c.skipped[kind] += 1
        return
    if kind == "vej":
        road = _text(item, "id_lokalid")
        names = (clean_spaces(_text(item, "vejnavn")), clean_spaces(_text(item, "vejadresseringsnavn")))
        c.roads[road] = names
    elif kind == "kommunedel":
        road, part = _text(item, "navngivenvej"), (_text(item, "kommune"), _text(item, "vejkode"))
        c.parts[road].add(part)
    elif kind == "postnummer":
        postnummer, postnr = _text(item, "id_lokalid"), _text(item, "postnr")
        c.postnumre[postnummer] = postnr
    else:  # relation or husnummer
        road, postnummer = _text(item, "navngivenvej"), _text(item, "postnummer")
        if road and postnummer:
            c.relations[road].add(postnummer)


def read_dar(
    path, *, now: datetime | None = None, progress: Callable[[str], None] | None = None
) -> DarContents:
    now = now or timezone.now()
    c = DarContents()
    seen = 0
    for name, raw in iter_dar_items(path):
        kind = LISTS.get(name)
        if kind is None:
            continue
        seen += 1
        if progress and seen % PROGRESS_EVERY == 0:
            progress(f"… {seen} DAR-objekter læst")
        c.read[kind] += 1
        try:
            _take(c, kind, _lower(raw), now)
        except _Unusable as exc:
            c.unusable[str(exc)] += 1
    if not c.read["vej"] and not c.read["kommunedel"]:
        raise StreetFileError(MSG_NO_ROADS)
    return c


def street_rows(c: DarContents, *, municipalities_of: dict[str, set[str]]) -> Iterator[StreetRow | Rejected]:
    """The vejstykker of the download as rows for import_streets: one row per (vejstykke,
    postnummer), or one without a postnummer when DAR relates none."""
    line = 0
    for road_id, parts in c.parts.items():
        line += 1
        if road_id not in c.roads:
            yield Rejected(
                line,
                f"vejstykket {shown(str(sorted(parts)))} har ingen gældende navngiven vej",
                "uden vejnavn",
            )
            continue
        name, addressing = c.roads[road_id]
        if not name:
            yield Rejected(line, "vejnavn mangler", "vejnavn mangler")
            continue
        refused = name_rejected(line, name, addressing)
        if refused:
            yield refused
            continue
        if len(name) > NAME_MAX or len(addressing) > NAME_MAX:
            yield Rejected(line, f"vejnavnet «{name}» er længere end {NAME_MAX} tegn", "for langt vejnavn")
            continue
        postnumre = sorted({c.postnumre[p] for p in c.relations.get(road_id, ()) if c.postnumre.get(p)})
        for kommune, vejkode in sorted(parts):
            if not (
                is_ascii_digits(kommune) and is_ascii_digits(vejkode) and len(kommune) <= 4 >= len(vejkode)
            ):
                yield Rejected(
                    line,
                    f"«{name}»: ugyldig kommune/vejkode {shown(kommune)}/{shown(vejkode)}",
                    "ugyldig kode",
                )
                continue
            kommune, vejkode = kommune.zfill(4), vejkode.zfill(4)
            mine = postnumre
            if len(parts) > 1:
                mine = [p for p in postnumre if kommune in municipalities_of.get(p, ())] or postnumre
            for postnr in mine or [""]:
                yield StreetRow(
                    line, kommune, vejkode, name, addressing if addressing != name else "", postnr
                )


def import_dar(
    path,
    *,
    complete: bool = False,
    complete_note: str = "",
    progress: Callable[[str], None] | None = None,
    apps=installed_apps,
):
    """Read the download and import its streets; returns (DarContents, ImportReport)."""
    from .importing import import_streets

    say = progress or (lambda _: None)
    contents = read_dar(path, progress=progress)
    say(
        f"Gældende: {len(contents.roads)} navngivne veje, "
        f"{sum(len(p) for p in contents.parts.values())} vejstykker, {len(contents.postnumre)} postnumre, "
        f"{sum(len(r) for r in contents.relations.values())} vej-postnummer-relationer."
    )
    PostalCodeMunicipality = apps.get_model("addresses", "PostalCodeMunicipality")
    municipalities_of = defaultdict(set)
    for nr, kommune in PostalCodeMunicipality.objects.values_list("postal_code_id", "municipality_code"):
        municipalities_of[nr].add(kommune)

    class Rows:
        shape = SHAPE_DAR
        has_postal_codes = True

        def __iter__(self):
            return street_rows(contents, municipalities_of=municipalities_of)

    report = import_streets(
        Rows(), source="import", complete=complete, complete_note=complete_note, progress=progress, apps=apps
    )
    return contents, report
