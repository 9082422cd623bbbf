"""Address look-ups behind one interface, chosen by `settings.ADDRESS_PROVIDER`:

- "offline" (default): `OfflineProvider`, the register tables shipped in data/dk and filled by
  `manage.py import_streets`.
- "adressevaelger": `addresses.adressevaelger.AdressevaelgerProvider`, Klimadatastyrelsen's
  Adressevælgeren (DAWA's successor for autocomplete) at `settings.ADDRESS_HTTP_BASE_URL` with
  `settings.ADDRESS_TOKEN`. Short timeouts, a small cache, and when the service is down, slow,
  refuses or sends something unexpected it answers from the offline register instead, with a
  Danish notice on the result.

The DAWA provider ("http") is retired: DAWA closed on 1 October 2026 and no DAWA-compatible
public service remains. The old setting values give a system check warning (addresses.checks)
and the offline register.

Only our server talks to the service; the browser talks to our views (addresses.views).
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import selectors
from .models import Address
from .text import search_key

log = logging.getLogger(__name__)

NOTICE_FALLBACK = "Adresseservicen svarer ikke; viser data fra det lokale register."

SOURCE_OFFLINE = "offline"
SOURCE_ADRESSEVAELGER = "adressevaelger"

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
    # DAR identities: the adresse (with etage/dør) and its husnummer (DAWA's adgangsadresse).
    dar_id: str = ""
    dar_house_number_id: str = ""


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

    def street_match(self, postnr: str, name: str, *, known=None) -> LookupResult:
        """The streets of that name in the postal code. `known`: the postal code's row when the
        caller has read it already (address_check has), so the offline register reads it once."""
        raise NotImplementedError

    def addresses(self, q: str, *, postnr: str = "", limit: int = selectors.DEFAULT_LIMIT) -> LookupResult:
        raise NotImplementedError

    def house_numbers(
        self, postnr: str, street: str, q: str = "", *, limit: int = selectors.DEFAULT_LIMIT
    ) -> LookupResult:
        """Husnumre on the street in the postnummer (AddressHit items)."""
        raise NotImplementedError

    def address_by_id(self, dar_id: str) -> LookupResult:
        """The DAR adresse with this id (one AddressHit, or none)."""
        raise NotImplementedError

    def house_number_by_id(self, dar_id: str) -> LookupResult:
        """The DAR husnummer with this id (one AddressHit, or none)."""
        raise NotImplementedError

    def dar_match(
        self, postnr: str, street: str, house_number: str, floor: str = "", door: str = ""
    ) -> LookupResult:
        """The national register's identity of this exact address: one AddressHit with its
        husnummer id (and adresse id where DAR has exactly one adresse for the etage/dør), or
        none. The offline register has no DAR identities, so it always answers none."""
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

    def street_match(self, postnr, name, *, known=None):
        postal_code = known if known is not None and known.nr == postnr else selectors.postal_code_get(postnr)
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
                    dar_house_number_id=address.dar_house_number_id,
                )
            )
            if len(hits) >= limit:
                break
        return LookupResult(items=tuple(hits), source=self.source)

    def house_numbers(self, postnr, street, q="", *, limit=selectors.DEFAULT_LIMIT):
        """Offline there are no husnumre; only the street's addresses already used by units."""
        hits = self.addresses(f"{street} {q}".strip(), postnr=postnr, limit=limit).items
        key = search_key(street)
        return LookupResult(
            items=tuple(h for h in hits if search_key(h.street_name) == key), source=self.source
        )

    def address_by_id(self, dar_id):
        return LookupResult(source=self.source)

    def house_number_by_id(self, dar_id):
        return LookupResult(source=self.source)

    def dar_match(self, postnr, street, house_number, floor="", door=""):
        return LookupResult(source=self.source)


RETIRED_PROVIDERS = ("http", "dawa")
ADRESSEVAELGER_URL = "https://adressevaelger.dk"


def get_provider() -> AddressProvider:
    """The provider the settings ask for (see addresses.checks for the configuration check)."""
    name = getattr(settings, "ADDRESS_PROVIDER", "offline") or "offline"
    if name == "offline":
        return OfflineProvider()
    if name == "adressevaelger":
        from .adressevaelger import AdressevaelgerProvider

        return AdressevaelgerProvider(
            getattr(settings, "ADDRESS_HTTP_BASE_URL", "") or ADRESSEVAELGER_URL,
            token=getattr(settings, "ADDRESS_TOKEN", ""),
            timeout=float(getattr(settings, "ADDRESS_HTTP_TIMEOUT", 1.5)),
        )
    if name in RETIRED_PROVIDERS:
        # DAWA is closed; the system check (addresses.W003) tells the operator to switch.
        log.warning("ADDRESS_PROVIDER %r is retired (DAWA closed); using the offline register.", name)
        return OfflineProvider()
    raise ImproperlyConfigured(f"Ukendt ADDRESS_PROVIDER: {name!r} (brug 'offline' eller 'adressevaelger').")
