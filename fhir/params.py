"""Reading FHIR query parameters, each refused with a Danish diagnostic when it is not valid:
the one reader for every FHIR view, so a bad value is a 400 OperationOutcome, never a 500.

Unknown parameters are refused, not ignored (as /api/ does): a typo such as `_cont` would
otherwise silently return the default."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime

MAX_TEXT = 200
DEFAULT_COUNT = 50
MAX_COUNT = 1000

_DIGITS = re.compile(r"[0-9]{1,19}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PREFIXED = re.compile(r"(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.*)", re.S)
_CURSOR = re.compile(r"([0-9]{1,19})\.([0-9]{1,19})")

MSG_UNKNOWN = "Ukendt parameter: {name}. Understøttet her: {allowed}."
MSG_REPEATED = "Parameteren {name} må kun angives én gang; angiv flere værdier adskilt af komma."
MSG_EMPTY = "Parameteren {name} er tom. Angiv en værdi eller udelad parameteren."
MSG_TOO_LONG = "Parameteren {name} må højst være {high} tegn."
MSG_CONTROL = "Parameteren {name} indeholder kontroltegn. Brug kun almindelig tekst."
MSG_NUMBER = "{name} skal være et helt tal fra {low} til {high}, skrevet med cifrene 0-9."
MSG_BOOLEAN = "{name} skal være true eller false."
MSG_DAY = "{name} skal være en gyldig dato på formen ÅÅÅÅ-MM-DD fra år 1900 til 9998, fx 2026-03-02."
MSG_MOMENT = (
    "{name} skal være et gyldigt tidspunkt i ISO 8601 (fx 2026-03-01T00:00:00+01:00) eller en dato "
    "(ÅÅÅÅ-MM-DD), fra år 1900 til 9998."
)
# Dates outside these years are refused: a day before or after them would overflow Python's date
# in the history's arithmetic (the day after a closing date, a time zone's offset).
MIN_YEAR, MAX_YEAR = 1900, 9998
MSG_PREFIX = "{name} understøtter kun præfikserne eq, gt, ge, lt og le foran datoen."
MSG_CURSOR = "_cursor er ugyldig. Brug next-linket fra det forrige svar uændret."
MSG_FORMAT = "Serveren svarer kun i JSON: udelad _format eller angiv json eller application/fhir+json."
MSG_REFERENCE = "{name} skal være et id eller Organization/<SOR-ID>, fx Organization/311000016009."
MSG_INCLUDE = "{name} understøtter kun værdien {allowed}."

FORMATS = ("json", "application/json", "application/fhir+json")


class FhirError(Exception):
    """An answer other than 200 as an OperationOutcome: status, FHIR issue code and a Danish
    diagnostic that says what to do."""

    def __init__(self, message: str, *, status: int = 400, code: str = "invalid"):
        super().__init__(message)
        self.status = status
        self.code = code


def outcome(message: str, code: str) -> dict:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": message}],
    }


@dataclass(frozen=True)
class Comparison:
    op: str  # eq, gt, ge, lt, le
    start: datetime  # the instant, or the start of the day for a date
    end: datetime  # the instant, or the start of the next day for a date


def sane(value: datetime) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def _aware(value: datetime) -> datetime | None:
    if not sane(value):
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        value.astimezone(UTC)
    except OverflowError:
        return None
    return value


def _day(text: str) -> date | None:
    if not _DAY.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class Params:
    def __init__(self, query, allowed: tuple[str, ...], repeatable: tuple[str, ...] = ()):
        self.query = query
        unknown = sorted(set(query) - set(allowed) - {"_format"})
        if unknown:
            raise FhirError(MSG_UNKNOWN.format(name=unknown[0][:60], allowed=", ".join(allowed)))
        for name in query:
            values = query.getlist(name)
            if len(values) > 1 and name not in repeatable:
                raise FhirError(MSG_REPEATED.format(name=name))
            for value in values:
                self._check(name, value)
        fmt = query.get("_format")
        if fmt is not None and fmt.strip() not in FORMATS:
            raise FhirError(MSG_FORMAT, status=406, code="not-supported")

    @staticmethod
    def _check(name: str, value: str) -> None:
        if not value.strip():
            raise FhirError(MSG_EMPTY.format(name=name))
        if len(value) > MAX_TEXT:
            raise FhirError(MSG_TOO_LONG.format(name=name, high=MAX_TEXT))
        if any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise FhirError(MSG_CONTROL.format(name=name))

    def text(self, name: str) -> str | None:
        value = self.query.get(name)
        return None if value is None else value.strip()

    def texts(self, name: str) -> list[str] | None:
        """A comma-separated list (FHIR's OR), each value stripped; None if absent."""
        value = self.text(name)
        if value is None:
            return None
        parts = [p.strip() for p in value.split(",")]
        if any(not p for p in parts):
            raise FhirError(MSG_EMPTY.format(name=name))
        return parts

    def integer(self, name: str, *, default: int, low: int, high: int) -> int:
        value = self.text(name)
        if value is None:
            return default
        if not _DIGITS.fullmatch(value) or not low <= int(value) <= high:
            raise FhirError(MSG_NUMBER.format(name=name, low=low, high=high))
        return int(value)

    def count(self) -> int:
        return self.integer("_count", default=DEFAULT_COUNT, low=1, high=MAX_COUNT)

    def boolean(self, name: str) -> bool | None:
        value = self.text(name)
        if value is None:
            return None
        if value not in ("true", "false"):
            raise FhirError(MSG_BOOLEAN.format(name=name))
        return value == "true"

    def tokens(self, name: str) -> list[tuple[str | None, str]] | None:
        """[system|]code values: (system, code); system None when not given, "" for `|code`."""
        parts = self.texts(name)
        if parts is None:
            return None
        found = []
        for part in parts:
            system, bar, code = part.rpartition("|")
            if not code:
                raise FhirError(MSG_EMPTY.format(name=name))
            found.append((system if bar else None, code))
        return found

    def references(self, name: str) -> list[str] | None:
        parts = self.texts(name)
        if parts is None:
            return None
        found = []
        for part in parts:
            kind, slash, ident = part.rpartition("/")
            if slash and kind not in ("Organization",) and not kind.endswith("/Organization"):
                raise FhirError(MSG_REFERENCE.format(name=name))
            if not ident:
                raise FhirError(MSG_REFERENCE.format(name=name))
            found.append(ident)
        return found

    def day(self, name: str) -> date | None:
        value = self.text(name)
        if value is None:
            return None
        day = _day(value)
        if day is None:
            raise FhirError(MSG_DAY.format(name=name))
        return day

    def moment(self, name: str) -> datetime | None:
        """An instant (naive: Danish time) or a date (its start)."""
        value = self.text(name)
        if value is None:
            return None
        found = self._moment(value)
        if found is None:
            raise FhirError(MSG_MOMENT.format(name=name))
        return found[0]

    @staticmethod
    def _moment(text: str) -> tuple[datetime, datetime] | None:
        day = _day(text)
        if day is not None:
            return start_of(day), start_of(day + timedelta(days=1))
        if not text.isascii() or "T" not in text:
            return None
        try:
            value = parse_datetime(text)
        except ValueError:
            return None
        value = _aware(value) if value is not None else None
        return (value, value) if value is not None else None

    def comparisons(self, name: str) -> list[Comparison]:
        found = []
        for raw in self.query.getlist(name):
            match = _PREFIXED.fullmatch(raw.strip())
            assert match is not None  # the pattern matches any text
            op = match.group(1) or "eq"
            if op not in ("eq", "gt", "ge", "lt", "le"):
                raise FhirError(MSG_PREFIX.format(name=name))
            bounds = self._moment(match.group(2))
            if bounds is None:
                raise FhirError(MSG_MOMENT.format(name=name))
            found.append(Comparison(op, *bounds))
        return found

    def one_of(self, name: str, allowed: str) -> bool:
        value = self.text(name)
        if value is None:
            return False
        if value != allowed:
            raise FhirError(MSG_INCLUDE.format(name=name, allowed=allowed))
        return True

    def cursor(self) -> tuple[int, int] | None:
        """The keyset cursor of a next link: two numbers joined by a dot."""
        value = self.text("_cursor")
        if value is None:
            return None
        match = _CURSOR.fullmatch(value)
        if match is None:
            raise FhirError(MSG_CURSOR)
        return int(match.group(1)), int(match.group(2))
