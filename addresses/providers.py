"""Address look-ups behind one interface, chosen by `settings.ADDRESS_PROVIDER`:

- "offline" (default): `OfflineProvider`, the register tables shipped in data/dk and filled by
  `manage.py import_streets`.
- "http": `HttpProvider`, any DAWA-compatible service at `settings.ADDRESS_HTTP_BASE_URL`
  (`/postnumre`, `/postnumre/autocomplete`, `/vejnavne/autocomplete`, `/adresser/autocomplete`).
  It uses short timeouts (`settings.ADDRESS_HTTP_TIMEOUT`) and a small cache, and when the
  service is down, slow, answers 5xx or sends something that is not the expected JSON it
  answers from the offline register instead, with a Danish notice on the result. After a
  failure it leaves the service alone for a short while so type-ahead does not wait on every key.

Only our server talks to the service; the browser talks to our views (addresses.views).
"""

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from http.client import HTTPException
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from . import selectors
from .models import Address
from .text import search_key

log = logging.getLogger(__name__)

NOTICE_FALLBACK = "Adresseservicen svarer ikke; viser data fra det lokale register."

SOURCE_OFFLINE = "offline"
SOURCE_HTTP = "http"

CACHE_SECONDS = 300
DOWN_SECONDS = 30
MAX_RESPONSE_BYTES = 1_000_000
# Offline address search scans the newest addresses in use; the register holds a few thousand.
OFFLINE_ADDRESS_SCAN = 5000


@dataclass(frozen=True)
class PostalCodeHit:
    nr: str
    name: str
    is_large_volume_receiver: bool = False
    municipality_codes: tuple[str, ...] = ()
    streets_complete: bool = False

    @property
    def text(self) -> str:
        return f"{self.nr} {self.name}"


@dataclass(frozen=True)
class StreetHit:
    name: str
    municipality_code: str = ""
    code: str = ""


@dataclass(frozen=True)
class AddressHit:
    text: str
    street_name: str
    house_number: str = ""
    floor: str = ""
    door: str = ""
    postal_code: str = ""
    postal_name: str = ""
    municipality_code: str = ""
    dar_id: str = ""


@dataclass(frozen=True)
class LookupResult:
    """What a look-up found. `source` says where the answer came from; `notice` is a Danish text
    to show the user when the configured service could not answer (then `fallback` is true).
    For street look-ups `complete` says whether the source's list for the postnummer is the full
    list, so a name not on it is wrong rather than merely unknown to us."""

    items: tuple = ()
    source: str = SOURCE_OFFLINE
    notice: str = ""
    complete: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def fallback(self) -> bool:
        return bool(self.notice)

    def first(self):
        return self.items[0] if self.items else None


class AddressProvider:
    source = ""

    def postal_code(self, nr: str) -> LookupResult:
        raise NotImplementedError

    def postal_codes(self, q: str, *, limit: int = selectors.DEFAULT_LIMIT) -> LookupResult:
        raise NotImplementedError

    def streets(self, postnr: str, q: str, *, limit: int = selectors.DEFAULT_LIMIT) -> LookupResult:
        raise NotImplementedError

    def street_match(self, postnr: str, name: str) -> LookupResult:
        raise NotImplementedError

    def addresses(self, q: str, *, postnr: str = "", limit: int = selectors.DEFAULT_LIMIT) -> LookupResult:
        raise NotImplementedError


# --- offline --------------------------------------------------------------------------------


def _postal_hit(postal_code) -> PostalCodeHit:
    return PostalCodeHit(
        nr=postal_code.nr,
        name=postal_code.name,
        is_large_volume_receiver=postal_code.is_large_volume_receiver,
        municipality_codes=tuple(postal_code.municipality_codes or ()),
        streets_complete=postal_code.streets_complete,
    )


def _street_hit(street) -> StreetHit:
    return StreetHit(name=street.name, municipality_code=street.municipality_code, code=street.code)


class OfflineProvider(AddressProvider):
    source = SOURCE_OFFLINE

    def postal_code(self, nr):
        found = selectors.postal_code_get(nr)
        return LookupResult(items=(_postal_hit(found),) if found else (), source=self.source)

    def postal_codes(self, q, *, limit=selectors.DEFAULT_LIMIT):
        hits = tuple(_postal_hit(p) for p in selectors.postal_code_search(q, limit=limit))
        return LookupResult(items=hits, source=self.source)

    def streets(self, postnr, q, *, limit=selectors.DEFAULT_LIMIT):
        postal_code = selectors.postal_code_get(postnr)
        if postal_code is None:
            return LookupResult(source=self.source)
        hits = tuple(_street_hit(s) for s in selectors.street_search(postal_code.nr, q, limit=limit))
        return LookupResult(items=hits, source=self.source, complete=postal_code.streets_complete)

    def street_match(self, postnr, name):
        postal_code = selectors.postal_code_get(postnr)
        if postal_code is None:
            return LookupResult(source=self.source)
        streets = selectors.street_match(postal_code.nr, name)
        return LookupResult(
            items=tuple(_street_hit(s) for s in streets),
            source=self.source,
            complete=postal_code.streets_complete,
            extra={"municipality_code": selectors.municipality_of(streets, postal_code)},
        )

    def addresses(self, q, *, postnr="", limit=selectors.DEFAULT_LIMIT):
        """Offline there is no address register, only the addresses already used by units."""
        words = search_key(q).split()
        if not words:
            return LookupResult(source=self.source)
        rows = Address.objects.select_related("postal_code").order_by("-pk")
        if postnr:
            rows = rows.filter(postal_code_id=postnr)
        seen, hits = set(), []
        for address in rows[:OFFLINE_ADDRESS_SCAN]:
            text = address.one_line()
            key = search_key(text)
            if text in seen or not all(word in key for word in words):
                continue
            seen.add(text)
            hits.append(
                AddressHit(
                    text=text,
                    street_name=address.street_name,
                    house_number=address.house_number,
                    floor=address.floor,
                    door=address.door,
                    postal_code=address.postal_code_id,
                    postal_name=address.postal_code.name,
                    municipality_code=address.municipality_code,
                    dar_id=address.dar_id,
                )
            )
            if len(hits) >= limit:
                break
        return LookupResult(items=tuple(hits), source=self.source)


# --- DAWA-compatible HTTP service -----------------------------------------------------------


class ServiceUnavailable(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return str(value)


def _items(data) -> list[dict]:
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise TypeError("expected a JSON array of objects")
    return data


def _map_postnummer(item: dict) -> PostalCodeHit:
    # /postnumre (full) and the nested "postnummer" of /postnumre/autocomplete.
    nr = _text(item["nr"]).zfill(4)
    kommuner = item.get("kommuner") or []
    large = bool(item.get("stormodtager")) or bool(item.get("stormodtageradresser"))
    return PostalCodeHit(
        nr=nr,
        name=_text(item["navn"]),
        is_large_volume_receiver=large,
        municipality_codes=tuple(_text(k["kode"]).zfill(4) for k in _items(kommuner)),
        streets_complete=True,
    )


def _map_vejnavn_autocomplete(item: dict) -> StreetHit:
    return StreetHit(name=_text(item["vejnavn"]["navn"]))


def _map_adresse_autocomplete(item: dict) -> AddressHit:
    a = item["adresse"]
    if not isinstance(a, dict):
        raise TypeError("adresse is not an object")
    return AddressHit(
        text=_text(item["tekst"]),
        street_name=_text(a["vejnavn"]),
        house_number=_text(a.get("husnr")),
        floor=_text(a.get("etage")),
        door=_text(a.get("dør")),
        postal_code=_text(a["postnr"]).zfill(4),
        postal_name=_text(a.get("postnrnavn")),
        municipality_code=_text(a.get("kommunekode")).zfill(4) if a.get("kommunekode") else "",
        dar_id=_text(a.get("id")),
    )


def _is_postnr(value) -> bool:
    return isinstance(value, str) and len(value) == 4 and value.isdigit()


class HttpProvider(AddressProvider):
    """A DAWA-compatible service; answers carry source "http". Any failure falls back to
    `fallback` (the offline register) with `NOTICE_FALLBACK`."""

    source = SOURCE_HTTP

    def __init__(self, base_url: str, *, timeout: float = 1.5, fallback: AddressProvider | None = None):
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise ImproperlyConfigured("ADDRESS_HTTP_BASE_URL skal være en http(s)-adresse.")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.fallback = fallback or OfflineProvider()
        self._down_key = "sor:addr:down:" + hashlib.sha256(self.base_url.encode()).hexdigest()[:16]

    # The five look-ups: each maps the service's JSON, or falls back.

    def postal_code(self, nr):
        nr = (nr or "").strip()
        if not _is_postnr(nr):
            return LookupResult(source=self.source)
        return self._lookup(
            "/postnumre",
            {"nr": nr},
            lambda data: tuple(_map_postnummer(i) for i in _items(data)),
            lambda: self.fallback.postal_code(nr),
        )

    def postal_codes(self, q, *, limit=selectors.DEFAULT_LIMIT):
        q = (q or "").strip()
        if not q:
            return LookupResult(source=self.source)
        return self._lookup(
            "/postnumre/autocomplete",
            {"q": q, "per_side": limit},
            lambda data: tuple(_map_postnummer(i["postnummer"]) for i in _items(data)),
            lambda: self.fallback.postal_codes(q, limit=limit),
        )

    def streets(self, postnr, q, *, limit=selectors.DEFAULT_LIMIT):
        if not _is_postnr(postnr):
            return LookupResult(source=self.source)
        params = {"postnr": postnr, "per_side": limit}
        if (q or "").strip():
            params["q"] = q.strip()
        return self._lookup(
            "/vejnavne/autocomplete",
            params,
            lambda data: tuple(_map_vejnavn_autocomplete(i) for i in _items(data)),
            lambda: self.fallback.streets(postnr, q, limit=limit),
            complete=True,
        )

    def street_match(self, postnr, name):
        if not _is_postnr(postnr):
            return LookupResult(source=self.source)
        key = search_key(name)

        def exact(data):
            return tuple(
                h for h in (_map_vejnavn_autocomplete(i) for i in _items(data)) if search_key(h.name) == key
            )

        return self._lookup(
            "/vejnavne/autocomplete",
            {"q": name.strip(), "postnr": postnr, "per_side": 100},
            exact,
            lambda: self.fallback.street_match(postnr, name),
            complete=True,
        )

    def addresses(self, q, *, postnr="", limit=selectors.DEFAULT_LIMIT):
        if not (q or "").strip():
            return LookupResult(source=self.source)
        params = {"q": q.strip(), "per_side": limit}
        if postnr:
            params["postnr"] = postnr
        return self._lookup(
            "/adresser/autocomplete",
            params,
            lambda data: tuple(_map_adresse_autocomplete(i) for i in _items(data)),
            lambda: self.fallback.addresses(q, postnr=postnr, limit=limit),
        )

    # Plumbing.

    def _lookup(self, path, params, mapper, fallback, *, complete=False) -> LookupResult:
        url = f"{self.base_url}{path}?{urlencode(params)}"
        cache_key = "sor:addr:http:" + hashlib.sha256(url.encode()).hexdigest()
        items = cache.get(cache_key)
        if items is None:
            try:
                items = mapper(self._fetch(url))
            except ServiceUnavailable as exc:
                log.warning("Address service unavailable (%s): %s", url, exc)
                return self._fall_back(fallback)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                log.warning("Address service sent unexpected JSON (%s): %r", url, exc)
                cache.set(self._down_key, True, DOWN_SECONDS)
                return self._fall_back(fallback)
            cache.set(cache_key, items, CACHE_SECONDS)
        return LookupResult(items=items, source=self.source, complete=complete)

    def _fall_back(self, fallback) -> LookupResult:
        result = fallback()
        return LookupResult(
            items=result.items,
            source=result.source,
            notice=NOTICE_FALLBACK,
            complete=result.complete,
            extra=result.extra,
        )

    def _fetch(self, url: str):
        if cache.get(self._down_key):
            raise ServiceUnavailable("recently failed; not retried yet")
        deadline = time.monotonic() + self.timeout
        request = Request(url, headers={"Accept": "application/json", "User-Agent": "sor-admin"})
        try:
            with urlopen(request, timeout=self.timeout) as response:
                body = b""
                # Read in chunks against a deadline: the socket timeout alone restarts on every
                # byte, so a service trickling its answer could hold the request far longer.
                while chunk := response.read(65536):
                    body += chunk
                    if len(body) > MAX_RESPONSE_BYTES:
                        raise ServiceUnavailable("answer too large")
                    if time.monotonic() > deadline:
                        raise ServiceUnavailable("answer too slow")
            return json.loads(body.decode("utf-8"))
        except HTTPError as exc:
            if exc.code >= 500:
                cache.set(self._down_key, True, DOWN_SECONDS)
            raise ServiceUnavailable(f"HTTP {exc.code}") from exc
        except (URLError, HTTPException, TimeoutError, OSError) as exc:
            cache.set(self._down_key, True, DOWN_SECONDS)
            raise ServiceUnavailable(str(exc) or type(exc).__name__) from exc
        except (UnicodeDecodeError, ValueError) as exc:
            cache.set(self._down_key, True, DOWN_SECONDS)
            raise ServiceUnavailable(f"not JSON: {exc}") from exc
        except ServiceUnavailable:
            cache.set(self._down_key, True, DOWN_SECONDS)
            raise


def get_provider() -> AddressProvider:
    """The provider the settings ask for (see addresses.checks for the configuration check)."""
    name = getattr(settings, "ADDRESS_PROVIDER", "offline") or "offline"
    if name == "offline":
        return OfflineProvider()
    if name == "http":
        base_url = getattr(settings, "ADDRESS_HTTP_BASE_URL", "")
        if not base_url:
            raise ImproperlyConfigured("ADDRESS_PROVIDER er 'http', men ADDRESS_HTTP_BASE_URL er tom.")
        return HttpProvider(base_url, timeout=float(getattr(settings, "ADDRESS_HTTP_TIMEOUT", 1.5)))
    raise ImproperlyConfigured(f"Ukendt ADDRESS_PROVIDER: {name!r} (brug 'offline' eller 'http').")
