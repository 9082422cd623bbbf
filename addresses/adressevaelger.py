"""Adressevælgeren (Klimadatastyrelsen), DAWA's successor for address autocomplete, as an
address provider (`settings.ADDRESS_PROVIDER = "adressevaelger"`).

The service, as documented by KDS and in the `adressevaelger` client package's dataclasses
(`Fund`, `Soegeresultat`, `Husnummer`, `Adresse`):

- `GET /husnumre/soeg` and `GET /adresser/soeg` with `tekst` (1-73 characters) or the structured
  `vejnavn`, `husnummer`, `postnummer`, `kommunekode` (adresser also `etage`, `doer`), and
  `maksimum`; answer `{"status": "ok", "beskrivelse": ..., "fund": [{"type", "id", "titel",
  "vejnavn", "husnummer", "postnr", "postdistrikt", "antal_husnumre", "husnummerId"}]}`, where
  `type` is e.g. "vejnavn", "husnummer" or "adresse". Search is phonetic, so every answer is
  filtered here by postnummer and, where an exact name is wanted, by the folded name.
- `GET /husnumre/{id}` and `GET /adresser/{id}`: `{"status": "ok", "husnummer": {...}}` or
  `{"status": "ok", "adresse": {..., "husnummer": {...}}}`, the DAR objects (`id_lokalid`,
  `husnummertekst`, `etagebetegnelse`, `doerbetegnelse`, `postnummer{postnr, navn}`,
  `navngivenvejkommunedel{kommune, vejkode}`, ...).
- `token` as a query parameter (`settings.ADDRESS_TOKEN`; sent when set, never logged).
- A failure says `"status": "fejl"` with a `beskrivelse`.

The service has no postnummer look-up, so postnumre come from the offline register, which holds
all of them. Unlike the package's client this provider never retries or sleeps: a type-ahead
cannot wait. A timeout, a refused connection, HTTP 429 or 5xx, JSON that is not the documented
shape, or a status other than "ok" answers from the offline register with `NOTICE_FALLBACK`,
and the service is left alone for `DOWN_SECONDS` so the next key press does not wait again.
The timeout is a deadline for the whole request, body included (`deadline_http`), an answer is
at most `MAX_RESPONSE_BYTES`, JSON nested too deep to parse is an unexpected answer, and an
entry holding text the register refuses (`sor_admin.text.text_problem`: NUL, controls, bidi
overrides) or an id of the wrong shape is dropped, so it never reaches the browser or a row.
"""

import dataclasses
import hashlib
import json
import logging
import re
import time
from http.client import HTTPException
from urllib.parse import quote, urlencode, urlsplit

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from sor_admin.text import text_problem

from . import deadline_http, selectors
from .providers import (
    NOTICE_FALLBACK,
    SOURCE_ADRESSEVAELGER,
    AddressHit,
    AddressProvider,
    LookupResult,
    OfflineProvider,
    StreetHit,
)
from .text import search_key

log = logging.getLogger(__name__)

CACHE_SECONDS = 300
DOWN_SECONDS = 30
MAX_RESPONSE_BYTES = 1_000_000
MAX_TEXT = 73  # the service's limit for `tekst`
# A search returns husnumre as well as vejnavne, so ask for more than the streets wanted.
STREET_SEARCH_MAX = 100

_FLOOR_DOOR = re.compile(r"^(st|kl[1-9]?|[1-9][0-9]?)\.(?:\s+(\S{1,4}))?$")
_DOOR_ONLY = re.compile(r"^(th|tv|mf|[1-9][0-9]{0,3})$")
_DAR_ID = re.compile(r"[0-9a-fA-F-]{0,36}")
_KOMMUNEKODE = re.compile(r"(?:[0-9]{4})?")


class ServiceUnavailable(Exception):
    pass


class StillDown(ServiceUnavailable):
    """The service failed a moment ago and is not asked again yet."""


class NotFound(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return str(value).strip()


def _fund(data) -> list[dict]:
    """The `fund` list of a search answer whose status is "ok"."""
    if not isinstance(data, dict):
        raise TypeError("expected a JSON object")
    if data.get("status") != "ok":
        raise ServiceUnavailable(f"status {data.get('status')!r}: {data.get('beskrivelse')!r}")
    fund = data.get("fund")
    if fund is None:
        return []
    if not isinstance(fund, list) or not all(isinstance(item, dict) for item in fund):
        raise TypeError("fund is not a list of objects")
    return fund


def _postnr(item: dict) -> str:
    value = _text(item.get("postnr"))
    return value.zfill(4) if value else ""


def floor_door_from_title(title: str, street: str, house_number: str, postnr: str) -> tuple[str, str] | None:
    """Etage and dør read from a DAR address text ("Vejnavn 15A, 2. th, [supplerende bynavn,]
    3540 Lynge"); None when the text does not start with the street and husnummer."""
    head = f"{street} {house_number}"
    if not title.startswith(head) or title[len(head) : len(head) + 1] not in ("", ","):
        return None
    parts = [p.strip() for p in title[len(head) :].split(",")]
    parts = [p for p in parts if p and not p.startswith(postnr)]
    if not parts:
        return "", ""
    m = _FLOOR_DOOR.match(parts[0])
    if m:
        return m.group(1), m.group(2) or ""
    if len(parts) == 1 and _DOOR_ONLY.match(parts[0]):
        return "", parts[0]
    return "", ""


def _hit_from_fund(item: dict) -> AddressHit:
    kind = _text(item.get("type"))
    street, number, postnr = _text(item.get("vejnavn")), _text(item.get("husnummer")), _postnr(item)
    title = _text(item.get("titel"))
    floor, door = floor_door_from_title(title, street, number, postnr) or ("", "")
    return AddressHit(
        text=title,
        street_name=street,
        house_number=number,
        floor=floor,
        door=door,
        postal_code=postnr,
        postal_name=_text(item.get("postdistrikt")),
        dar_id=_text(item["id"]) if kind == "adresse" else "",
        dar_house_number_id=_text(item["id"]) if kind == "husnummer" else _text(item.get("husnummerId")),
    )


def _hit_from_husnummer(h: dict, *, adresse: dict | None = None) -> AddressHit:
    if not isinstance(h, dict):
        raise TypeError("husnummer is not an object")
    postnummer = h.get("postnummer") or {}
    kommunedel = h.get("navngivenvejkommunedel") or {}
    vej = h.get("navngivenvej") or {}
    street = _text(h.get("vejnavn")) or _text(vej.get("vejnavn"))
    text = _text(adresse.get("adressebetegnelse")) if adresse else _text(h.get("adgangsadressebetegnelse"))
    return AddressHit(
        text=text,
        street_name=street,
        house_number=_text(h.get("husnummertekst")),
        floor=_text(adresse.get("etagebetegnelse")) if adresse else "",
        door=_text(adresse.get("doerbetegnelse")) if adresse else "",
        postal_code=_text(postnummer.get("postnr")).zfill(4) if postnummer.get("postnr") else "",
        postal_name=_text(postnummer.get("navn")),
        municipality_code=_text(kommunedel.get("kommune")).zfill(4) if kommunedel.get("kommune") else "",
        dar_id=_text(adresse["id_lokalid"]) if adresse else "",
        dar_house_number_id=_text(h["id_lokalid"]),
    )


def _is_usable(item) -> bool:
    """Every text passes the register's one text check (sor_admin/text.py), and the DAR ids and
    the kommunekode have their shape (they are stored in columns of 36 and 4 characters)."""
    for f in dataclasses.fields(item):
        value = getattr(item, f.name)
        if isinstance(value, str) and text_problem(value):
            return False
    ids = (getattr(item, "dar_id", ""), getattr(item, "dar_house_number_id", ""))
    return all(_DAR_ID.fullmatch(i) for i in ids) and _KOMMUNEKODE.fullmatch(
        getattr(item, "municipality_code", "")
    )


def _usable(items: tuple, shown: str) -> tuple:
    """The hits that are usable: a name with NUL, a control or a bidi override character (or an
    id of the wrong shape) from the service neither reaches the browser nor is copied into an
    address."""
    kept = tuple(item for item in items if _is_usable(item))
    if len(kept) < len(items):
        log.warning("Adressevælgeren sent %d unusable entries (%s)", len(items) - len(kept), shown)
    return kept


def _is_postnr(value) -> bool:
    return isinstance(value, str) and len(value) == 4 and value.isdigit()


class AdressevaelgerProvider(AddressProvider):
    """Adressevælgeren; answers carry source "adressevaelger". Any failure falls back to
    `fallback` (the offline register) with `NOTICE_FALLBACK`."""

    source = SOURCE_ADRESSEVAELGER

    def __init__(
        self,
        base_url: str,
        *,
        token: str = "",
        timeout: float = 1.5,
        fallback: AddressProvider | None = None,
    ):
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise ImproperlyConfigured("ADDRESS_HTTP_BASE_URL skal være en http(s)-adresse.")
        self.base_url = base_url.rstrip("/")
        self.token = token or ""
        self.timeout = timeout
        self.fallback = fallback or OfflineProvider()
        self._down_key = "sor:addr:down:" + hashlib.sha256(self.base_url.encode()).hexdigest()[:16]

    # Postnumre: the offline register has them all, and the service has no look-up for them.

    def postal_code(self, nr):
        return self.fallback.postal_code(nr)

    def postal_codes(self, q, *, limit=selectors.DEFAULT_LIMIT):
        return self.fallback.postal_codes(q, limit=limit)

    # Streets.

    def streets(self, postnr, q, *, limit=selectors.DEFAULT_LIMIT):
        q = (q or "").strip()
        if not _is_postnr(postnr):
            return LookupResult(source=self.source)
        if not q:
            # The service needs a text; the first names of the postnummer come from our register.
            return self.fallback.streets(postnr, q, limit=limit)

        def names(data):
            found, seen = [], set()
            for item in _fund(data):
                name = _text(item.get("vejnavn"))
                if name and _postnr(item) in ("", postnr) and name not in seen:
                    seen.add(name)
                    found.append(StreetHit(name=name))
            return tuple(found[:limit])

        return self._lookup(
            "/husnumre/soeg",
            {"tekst": q[:MAX_TEXT], "postnummer": postnr, "maksimum": STREET_SEARCH_MAX},
            names,
            lambda: self.fallback.streets(postnr, q, limit=limit),
            complete=True,
        )

    def street_match(self, postnr, name, *, known=None):
        if not _is_postnr(postnr) or not (name or "").strip():
            return LookupResult(source=self.source)
        key = search_key(name)

        def exact(data):
            names = {_text(i.get("vejnavn")) for i in _fund(data) if _postnr(i) in ("", postnr)}
            return tuple(StreetHit(name=n) for n in sorted(names) if n and search_key(n) == key)

        return self._lookup(
            "/husnumre/soeg",
            {"vejnavn": name.strip()[:MAX_TEXT], "postnummer": postnr, "maksimum": STREET_SEARCH_MAX},
            exact,
            lambda: self.fallback.street_match(postnr, name, known=known),
            complete=True,
        )

    # Husnumre and adresser.

    def house_numbers(self, postnr, street, q="", *, limit=selectors.DEFAULT_LIMIT):
        if not _is_postnr(postnr) or not (street or "").strip():
            return LookupResult(source=self.source)
        key = search_key(street)
        params = {"vejnavn": street.strip()[:MAX_TEXT], "postnummer": postnr, "maksimum": limit}
        if (q or "").strip():
            params["husnummer"] = q.strip()

        def hits(data):
            found = (_hit_from_fund(i) for i in _fund(data) if _text(i.get("type")) == "husnummer")
            return tuple(h for h in found if h.postal_code == postnr and search_key(h.street_name) == key)

        return self._lookup(
            "/husnumre/soeg",
            params,
            hits,
            lambda: self.fallback.house_numbers(postnr, street, q, limit=limit),
        )

    def addresses(self, q, *, postnr="", limit=selectors.DEFAULT_LIMIT):
        q = (q or "").strip()
        if not q:
            return LookupResult(source=self.source)
        params = {"tekst": q[:MAX_TEXT], "maksimum": limit}
        if _is_postnr(postnr):
            params["postnummer"] = postnr

        def hits(data):
            found = (
                _hit_from_fund(i) for i in _fund(data) if _text(i.get("type")) in ("adresse", "husnummer")
            )
            return tuple(h for h in found if not params.get("postnummer") or h.postal_code == postnr)

        return self._lookup(
            "/adresser/soeg",
            params,
            hits,
            lambda: self.fallback.addresses(q, postnr=postnr, limit=limit),
        )

    def address_by_id(self, dar_id):
        def hit(data):
            adresse = self._object(data, "adresse")
            return (_hit_from_husnummer(adresse.get("husnummer"), adresse=adresse),) if adresse else ()

        return self._by_id("/adresser/", dar_id, hit, lambda: self.fallback.address_by_id(dar_id))

    def house_number_by_id(self, dar_id):
        def hit(data):
            husnummer = self._object(data, "husnummer")
            return (_hit_from_husnummer(husnummer),) if husnummer else ()

        return self._by_id("/husnumre/", dar_id, hit, lambda: self.fallback.house_number_by_id(dar_id))

    def dar_match(self, postnr, street, house_number, floor="", door=""):
        """Two searches: the husnummer by vejnavn, husnummer and postnummer, then the adresse
        with the etage and dør (DAR gives every husnummer at least one adresse)."""
        if not (_is_postnr(postnr) and street and house_number):
            return LookupResult(source=self.source)
        fallback = lambda: self.fallback.dar_match(postnr, street, house_number, floor, door)  # noqa: E731
        key = search_key(street)

        def same(hit):
            return (
                hit.postal_code == postnr
                and search_key(hit.street_name) == key
                and hit.house_number.upper() == house_number.upper()
            )

        base = {"vejnavn": street[:MAX_TEXT], "husnummer": house_number, "postnummer": postnr}
        numbers = self._lookup(
            "/husnumre/soeg",
            {**base, "maksimum": 10},
            lambda data: tuple(
                h for h in (_hit_from_fund(i) for i in _fund(data) if i.get("type") == "husnummer") if same(h)
            ),
            fallback,
        )
        if numbers.fallback or len(numbers.items) != 1:
            return numbers if numbers.fallback else LookupResult(source=self.source)
        number = numbers.first()
        params = {**base, "maksimum": 50}
        if floor:
            params["etage"] = floor
        if door:
            params["doer"] = door
        adresser = self._lookup(
            "/adresser/soeg",
            params,
            lambda data: tuple(
                h
                for h in (_hit_from_fund(i) for i in _fund(data) if i.get("type") == "adresse")
                if same(h) and (h.floor, h.door.lower()) == (floor, door.lower())
            ),
            fallback,
        )
        if adresser.fallback:
            return adresser
        ids = {h.dar_id for h in adresser.items}
        dar_id = ids.pop() if len(ids) == 1 else ""
        hit = AddressHit(
            text=number.text,
            street_name=number.street_name,
            house_number=number.house_number,
            floor=floor,
            door=door,
            postal_code=postnr,
            postal_name=number.postal_name,
            dar_id=dar_id,
            dar_house_number_id=number.dar_house_number_id,
        )
        return LookupResult(items=(hit,), source=self.source)

    # Plumbing.

    @staticmethod
    def _object(data, name: str) -> dict | None:
        if not isinstance(data, dict):
            raise TypeError("expected a JSON object")
        if data.get("status") != "ok":
            raise ServiceUnavailable(f"status {data.get('status')!r}: {data.get('beskrivelse')!r}")
        found = data.get(name)
        if found is not None and not isinstance(found, dict):
            raise TypeError(f"{name} is not an object")
        return found

    def _by_id(self, prefix, dar_id, mapper, fallback) -> LookupResult:
        dar_id = (dar_id or "").strip()
        if not dar_id or not _DAR_ID.fullmatch(dar_id):
            return LookupResult(source=self.source)
        return self._lookup(prefix + quote(dar_id), {}, mapper, fallback)

    def _lookup(self, path, params, mapper, fallback, *, complete=False) -> LookupResult:
        query = dict(params)
        if self.token:
            query["token"] = self.token
        url = f"{self.base_url}{path}" + (f"?{urlencode(query)}" if query else "")
        shown = f"{path}?{urlencode(params)}"  # for the log: never the token
        cache_key = "sor:addr:av:" + hashlib.sha256(url.encode()).hexdigest()
        items = cache.get(cache_key)
        if items is None:
            try:
                items = _usable(mapper(self._fetch(url, by_id=not params)), shown)
            except NotFound:
                items = ()
            except StillDown:
                return self._fall_back(fallback)
            except ServiceUnavailable as exc:
                log.warning("Adressevælgeren unavailable (%s): %s", shown, exc)
                cache.set(self._down_key, True, DOWN_SECONDS)
                return self._fall_back(fallback)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                log.warning("Adressevælgeren sent unexpected JSON (%s): %r", shown, exc)
                cache.set(self._down_key, True, DOWN_SECONDS)
                return self._fall_back(fallback)
            cache.set(cache_key, items, CACHE_SECONDS)
        return LookupResult(items=items, source=self.source, complete=complete)

    @staticmethod
    def _fall_back(fallback) -> LookupResult:
        result = fallback()
        return LookupResult(
            items=result.items,
            source=result.source,
            notice=NOTICE_FALLBACK,
            complete=result.complete,
            extra=result.extra,
        )

    def _fetch(self, url: str, *, by_id: bool = False):
        """The JSON of one GET, all of it (connect, headers and body) within `self.timeout`
        (deadline_http says why a socket timeout is not enough)."""
        if cache.get(self._down_key):
            raise StillDown("recently failed; not retried yet")
        try:
            status, body = deadline_http.get(
                url,
                headers={"Accept": "application/json", "User-Agent": "sor-admin"},
                deadline=time.monotonic() + self.timeout,
                max_bytes=MAX_RESPONSE_BYTES,
            )
        except deadline_http.DeadlineExceeded as exc:
            raise ServiceUnavailable("answer too slow") from exc
        except deadline_http.TooLarge as exc:
            raise ServiceUnavailable(str(exc)) from exc
        except (HTTPException, OSError, ValueError) as exc:
            raise ServiceUnavailable(str(exc) or type(exc).__name__) from exc
        if status == 404 and by_id:
            raise NotFound  # a look-up by an id DAR does not know
        if status != 200:
            raise ServiceUnavailable(f"HTTP {status}")
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            # RecursionError: JSON nested deeper than the parser's stack (issue 22).
            raise ServiceUnavailable(f"not JSON: {type(exc).__name__}") from exc
