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
country fits in memory (about 200,000 navngivne veje).
"""

import io
import json
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.apps import apps as installed_apps
from django.utils import timezone

from .importing import NAME_MAX, Rejected, StreetFileError, StreetRow
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
PROGRESS_EVERY = 100_000

MSG_NOT_DAR = (
    "Filen er ikke et DAR-udtræk fra Datafordeleren (et JSON-objekt med lister som NavngivenVejList)."
)
MSG_NO_ROADS = "DAR-udtrækket har hverken NavngivenVejList eller NavngivenVejKommunedelList."


def _open_text(path: Path):
    if zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        names = [n for n in archive.namelist() if n.lower().endswith(".json") and "metadata" not in n.lower()]
        if not names:
            raise StreetFileError("ZIP-filen indeholder ingen JSON-fil med DAR-data.")
        return io.TextIOWrapper(archive.open(names[0]), encoding="utf-8-sig")
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
            while self.pos < len(self.buf) and self.buf[self.pos].isspace():
                self.pos += 1
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
            except json.JSONDecodeError as exc:
                if not self._fill():
                    raise StreetFileError(f"{MSG_NOT_DAR} ({exc})") from exc
                continue
            # A number or literal at the end of the buffer may continue in the next chunk.
            if end == len(self.buf) and not isinstance(value, dict | list | str) and self._fill():
                continue
            self.pos = end
            return value


def iter_dar_items(path) -> Iterator[tuple[str, dict]]:
    """(list name in lower case, item) for every item of every top-level list."""
    with _open_text(Path(path)) as fh:
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


def _lower(item: dict) -> dict:
    return {k.lower(): v for k, v in item.items()}


def _ended(value, now: datetime) -> bool:
    if not value:
        return False
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return True
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment <= now


def is_current(item: dict, now: datetime) -> bool:
    status = str(item.get("status") or "3").strip()
    return (
        status in CURRENT_STATUSES
        and not item.get("registreringtil")
        and not _ended(item.get("virkningtil"), now)
    )


@dataclass
class DarContents:
    roads: dict = field(default_factory=dict)  # navngivenVej id -> (vejnavn, adresseringsnavn)
    parts: dict = field(default_factory=lambda: defaultdict(set))  # vej id -> {(kommune, vejkode)}
    relations: dict = field(default_factory=lambda: defaultdict(set))  # vej id -> {postnummer id}
    postnumre: dict = field(default_factory=dict)  # postnummer id -> postnr
    read: Counter = field(default_factory=Counter)  # items read per list
    skipped: Counter = field(default_factory=Counter)  # versions not current, per list


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
        item = _lower(raw)
        c.read[kind] += 1
        if not is_current(item, now):
            c.skipped[kind] += 1
            continue
        if kind == "vej":
            c.roads[item.get("id_lokalid")] = (
                clean_spaces(str(item.get("vejnavn") or "")),
                clean_spaces(str(item.get("vejadresseringsnavn") or "")),
            )
        elif kind == "kommunedel":
            c.parts[item.get("navngivenvej")].add(
                (str(item.get("kommune") or "").strip(), str(item.get("vejkode") or "").strip())
            )
        elif kind == "postnummer":
            c.postnumre[item.get("id_lokalid")] = str(item.get("postnr") or "").strip()
        elif item.get("navngivenvej") and item.get("postnummer"):  # relation or husnummer
            c.relations[item["navngivenvej"]].add(item["postnummer"])
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
                line, f"vejstykket {sorted(parts)} har ingen gældende navngiven vej", "uden vejnavn"
            )
            continue
        name, addressing = c.roads[road_id]
        if not name:
            yield Rejected(line, "vejnavn mangler", "vejnavn mangler")
            continue
        if len(name) > NAME_MAX or len(addressing) > NAME_MAX:
            yield Rejected(line, f"vejnavnet »{name}« er længere end {NAME_MAX} tegn", "for langt vejnavn")
            continue
        postnumre = sorted({c.postnumre[p] for p in c.relations.get(road_id, ()) if c.postnumre.get(p)})
        for kommune, vejkode in sorted(parts):
            if not (kommune.isdigit() and vejkode.isdigit() and len(kommune) <= 4 and len(vejkode) <= 4):
                yield Rejected(line, f"»{name}«: ugyldig kommune/vejkode {kommune}/{vejkode}", "ugyldig kode")
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
