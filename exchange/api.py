"""The read-only JSON API for consuming systems (documented in `openapi.py`, served at
/api/openapi.json). Every answer is computed from the effective-dated versions, for today or for
the date in `?dato=YYYY-MM-DD` (R11); the feed of changes comes from the audit trail."""

import re
from datetime import UTC, date, datetime, time
from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from audit.models import AuditEvent
from hierarchy import inheritance, services
from hierarchy.asof import versions_on
from hierarchy.models import LocationNumber, Municipality, Unit, UnitVersion
from hierarchy.selectors import fritekst_q, pattern_q, search_parts, unit_for_sor_id

from .auth import token_required

# The limits are part of the published contract, so they live with the schema. MAX_TEXT: longer
# search terms are refused rather than matched (no unit name is that long, and a bounded pattern
# keeps every search cheap). MAX_SEQ: AuditEvent.seq is a 64-bit integer.
from .openapi import (
    DEFAULT_LIMIT,
    MAX_CHANGES_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_SEQ,
    MAX_TEXT,
    openapi_document,
)

CHANGE_OBJECT_TYPES = ("hierarchy.unit", "hierarchy.location_number")

MSG_BAD_DATE = "{name} skal være en gyldig dato på formen ÅÅÅÅ-MM-DD, fx 2026-03-02."
MSG_BAD_SINCE = (
    "since skal være et gyldigt tidspunkt i ISO 8601 (fx 2026-03-01T00:00:00+01:00) eller en dato "
    "(ÅÅÅÅ-MM-DD)."
)
MSG_NOT_IN_FORCE = "Enheden {sor_id} er ikke gældende pr. {day}."
MSG_OUT_OF_SCOPE = "Enheden {sor_id} ligger uden for de kommuner, dette systemtoken giver adgang til."
MSG_BAD_NUMBER = "{name} skal være et helt tal fra {low} til {high}, skrevet med cifrene 0-9."
MSG_TOO_LONG = "{name} må højst være {high} tegn. Forkort søgningen."
MSG_UNKNOWN_KOMMUNE = "Ukendt kommunekode: {code}. Angiv en firecifret kommunekode, fx 0201."
MSG_UNKNOWN_PARAM = "Ukendt parameter: {name}. Brug kun {allowed}."
MSG_METHOD = "API'et kan kun læses: brug GET."
MSG_NO_SUCH_PATH = "Adressen findes ikke i API'et. Se /api/openapi.json."
ALLOWED_METHODS = ("GET",)
_ASCII_INT = re.compile(r"[0-9]{1,19}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ApiError(Exception):
    """An answer other than 200: the status, a Danish message that says what to do, and a stable
    code (documented in openapi.py) that a consuming system can branch on."""

    def __init__(self, message: str, *, code: str, status: int = 400):
        super().__init__(message)
        self.code = code
        self.status = status


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def error_response(message: str, code: str, status: int) -> JsonResponse:
    return _json({"error": message, "code": code}, status=status)


def _method_not_allowed() -> JsonResponse:
    response = error_response(MSG_METHOD, "method_not_allowed", 405)
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


def read_only(view):
    """The method check comes before everything else (token, parameters), so a write method gets
    405 with Allow, never a CSRF 403: the API takes no cookies, only the token header, so CSRF
    protection has nothing to protect here and is switched off for these read-only views."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ALLOWED_METHODS:
            return _method_not_allowed()
        return view(request, *args, **kwargs)

    return wrapper


def api_view(view):
    """GET only, token required, ApiError → JSON error."""

    @read_only
    @token_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return _json(view(request, *args, **kwargs))
        except ApiError as exc:
            return error_response(str(exc), exc.code, exc.status)

    return wrapper


class Query:
    """The one reader of query parameters for every API view. A parameter that is present must be
    valid, also when it is empty (the schema declares a type for each); an absent one takes its
    default. Numbers and dates are ASCII digits only: str.isdigit() and int() also take "²" and
    "٣", and date parsing raises ValueError for 2027-02-29, which used to surface as a 500."""

    def __init__(self, request, *names: str):
        self.params = request.GET
        # An unknown parameter is refused, not ignored: a typo such as ?date= for ?dato= would
        # otherwise silently answer for today.
        unknown = sorted(set(self.params) - set(names))
        if unknown:
            raise ApiError(
                MSG_UNKNOWN_PARAM.format(name=unknown[0], allowed=", ".join(names)), code="unknown_parameter"
            )

    def _raw(self, name: str) -> str | None:
        value = self.params.get(name)
        return None if value is None else value.strip()

    def integer(self, name: str, *, default: int, low: int, high: int) -> int:
        text = self._raw(name)
        if text is None:
            return default
        if not _ASCII_INT.fullmatch(text) or not low <= int(text) <= high:
            raise ApiError(MSG_BAD_NUMBER.format(name=name, low=low, high=high), code="invalid_integer")
        return int(text)

    def day(self, name: str = "dato") -> date:
        text = self._raw(name)
        if text is None:
            return services.today()
        day = _parse_day(text)
        if day is None:
            raise ApiError(MSG_BAD_DATE.format(name=name), code="invalid_date")
        return day

    def moment(self, name: str) -> datetime | None:
        """An ISO 8601 timestamp (naive means Danish time) or a date (its midnight)."""
        text = self._raw(name)
        if text is None:
            return None
        value = None
        if _ISO_DATE.fullmatch(text):
            day = _parse_day(text)
            value = datetime.combine(day, time.min) if day else None
        elif text.isascii():
            try:
                value = parse_datetime(text)
            except ValueError:  # well-formed but impossible: 2027-02-30T…, +99:00
                value = None
        if value is not None:
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            try:
                value.astimezone(UTC)  # the database compares in UTC
            except OverflowError:  # 0001-01-01T00:00+01:00 is before year 1 in UTC
                value = None
        if value is None:
            raise ApiError(MSG_BAD_SINCE, code="invalid_datetime")
        return value

    def text(self, name: str) -> str:
        text = self._raw(name) or ""
        if len(text) > MAX_TEXT:
            raise ApiError(MSG_TOO_LONG.format(name=name, high=MAX_TEXT), code="text_too_long")
        return text


def _parse_day(text: str) -> date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:  # 2027-02-29, 2027-13-01, 0000-00-00
        return None


# --- representation -------------------------------------------------------------------------


def _address(address) -> dict | None:
    if address is None:
        return None
    return {
        "street_name": address.street_name,
        "house_number": address.house_number,
        "floor": address.floor,
        "door": address.door,
        "postal_code": address.postal_code_id,
        "city": address.postal_code.name,
        "text": address.one_line(),
    }


def _summary(version: UnitVersion) -> dict:
    unit = version.unit
    return {
        "sor_id": unit.sor_id,
        "kind": unit.kind,
        "name": version.name,
        "unit_type": {"code": version.unit_type_id, "name": version.unit_type.name},
        "parent_sor_id": version.parent.sor_id if version.parent_id else None,
        "valid_from": unit.valid_from.isoformat(),
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
        "url": reverse("exchange:api_unit", args=[unit.sor_id]),
    }


_VERSION_RELATED = (
    "unit",
    "unit_type",
    "parent",
    "postal_address__postal_code",
    "visiting_address__postal_code",
    "activity_address__postal_code",
)


def _lineage(version: UnitVersion, day: date) -> list[UnitVersion]:
    """The version and its ancestors' versions in force on `day`, nearest first."""
    chain = [version]
    while chain[-1].parent_id is not None and len(chain) < 100:
        parent = (
            versions_on(day).select_related(*_VERSION_RELATED).filter(unit_id=chain[-1].parent_id).first()
        )
        if parent is None:
            break
        chain.append(parent)
    return chain


def _detail(version: UnitVersion, day: date) -> dict:
    chain = _lineage(version, day)
    effective = inheritance.resolve(chain, kind=version.unit.kind)
    postal_holder = effective.postal_address.holder
    contact_holder = effective.contact.holder
    contact = effective.contact.value
    numbers = {
        n.unit_id: n
        for n in LocationNumber.objects.filter(unit_id__in=[v.unit_id for v in chain]).prefetch_related(
            "message_types"
        )
    }
    number = inheritance.lineage_location_number([v.unit_id for v in chain], numbers)  # R6
    location_number = None
    if number is not None:
        gln_holder = next(v for v in chain if v.unit_id == number.unit_id)
        location_number = {
            "gln": number.gln,
            "inherited": gln_holder is not version,
            "holder_sor_id": gln_holder.unit.sor_id,
            "message_types": [
                {"code": t.code, "version": t.version, "format": t.format, "name": t.name, "urn": t.urn}
                for t in sorted(number.message_types.all(), key=lambda t: (t.code, t.version))
            ],
        }
    return {
        **_summary(version),
        "as_of": day.isoformat(),
        "version": {
            "valid_from": version.valid_from.isoformat(),
            "valid_to": version.valid_to.isoformat() if version.valid_to else None,
        },
        "phone": version.phone,
        "email": version.email,
        "website": version.website,
        "postal_address": _address(version.postal_address),
        "visiting_same_as_postal": version.visiting_same_as_postal,
        "visiting_address": _address(version.visiting_address),
        "activity_same_as_visiting": version.activity_same_as_visiting,
        "activity_address": _address(version.activity_address),
        "effective": {
            "postal_address": _address(effective.postal_address.value),
            "postal_address_from_sor_id": postal_holder.unit.sor_id if postal_holder else None,
            "visiting_address": _address(effective.visiting_address.value),
            "activity_address": _address(
                effective.activity_address.value if effective.activity_address else None
            ),
            "phone": contact.phone,
            "email": contact.email,
            "website": contact.website,
            "contact_from_sor_id": contact_holder.unit.sor_id if contact_holder else None,
        },
        "location_number": location_number,
        "path": [{"sor_id": v.unit.sor_id, "name": v.name, "kind": v.unit.kind} for v in reversed(chain[1:])],
        "children_url": reverse("exchange:api_children", args=[version.unit.sor_id]),
    }


def _unit_version(request, sor_id: str, day: date) -> UnitVersion:
    try:
        unit = unit_for_sor_id(sor_id)  # the GUI's lookup and message ("no such unit", or why not a SOR-kode)
    except ValidationError as error:
        raise ApiError(error.messages[0], code="unit_not_found", status=404) from None
    if not request.api_scope.allows(unit):
        raise ApiError(MSG_OUT_OF_SCOPE.format(sor_id=sor_id), code="out_of_scope", status=403)
    version = versions_on(day).select_related(*_VERSION_RELATED).filter(unit=unit).first()
    if version is None:
        raise ApiError(
            MSG_NOT_IN_FORCE.format(sor_id=sor_id, day=day.isoformat()), code="unit_not_in_force", status=404
        )
    return version


def _page(request, queryset, *, limit: int, offset: int, extra_params: dict) -> dict:
    total = queryset.count()
    items = [_summary(v) for v in queryset[offset : offset + limit]]
    next_url = None
    if offset + limit < total:
        params = {**extra_params, "limit": limit, "offset": offset + limit}
        next_url = f"{request.path}?{urlencode(params)}"
    return {"count": total, "limit": limit, "offset": offset, "next": next_url, "results": items}


# --- views -----------------------------------------------------------------------------------


@api_view
def unit_detail(request, sor_id: str):
    """A unit by SOR-kode as of ?dato (default today), with inherited values resolved."""
    day = Query(request, "dato").day()
    return _detail(_unit_version(request, sor_id, day), day)


@api_view
def unit_children(request, sor_id: str):
    """The units directly below the unit on ?dato, by name."""
    query = Query(request, "dato", "limit", "offset")
    day = query.day()
    limit = query.integer("limit", default=DEFAULT_LIMIT, low=1, high=MAX_LIMIT)
    offset = query.integer("offset", default=0, low=0, high=MAX_OFFSET)
    version = _unit_version(request, sor_id, day)
    children = (
        versions_on(day).select_related("unit", "unit_type", "parent").filter(parent_id=version.unit_id)
    )
    children = children.order_by("name", "unit_id")
    params = {"dato": day.isoformat()}
    return {
        "parent_sor_id": sor_id,
        "as_of": day.isoformat(),
        **_page(request, children, limit=limit, offset=offset, extra_params=params),
    }


@api_view
def unit_search(request):
    """R8's search over the units in force on ?dato: navn and fritekst take *tekst, tekst* and
    *tekst* (no star means "contains"), case-insensitive and æøå-aware on SQLite and PostgreSQL;
    sor_kode finds the exact unit; kommune limits to one kommune's tree. Without any of them it
    pages through all units in force that the token sees (at most `limit` at a time), which is how
    a consuming system lists a kommune's units."""
    query = Query(request, "navn", "fritekst", "sor_kode", "kommune", "dato", "limit", "offset")
    day = query.day()
    navn = query.text("navn")
    fritekst = query.text("fritekst")
    sor_kode = "".join(query.text("sor_kode").split())
    kommune = query.text("kommune")
    limit = query.integer("limit", default=DEFAULT_LIMIT, low=1, high=MAX_LIMIT)
    offset = query.integer("offset", default=0, low=0, high=MAX_OFFSET)
    queryset = versions_on(day).select_related("unit", "unit_type", "parent")
    scope = request.api_scope
    if scope.limited:
        queryset = queryset.filter(unit__node__tree_id__in=scope.tree_ids)
    if kommune:
        # Exactly the codes the schema lists (enum), so "201" is refused as the schema says.
        municipality = Municipality.objects.filter(code=kommune).first()
        if municipality is None:
            raise ApiError(MSG_UNKNOWN_KOMMUNE.format(code=kommune), code="unknown_kommune")
        owner = Unit.objects.filter(municipality=municipality).first()
        queryset = queryset.filter(unit__node__tree_id=owner.tree_id) if owner else queryset.none()
    if sor_kode:
        queryset = queryset.filter(unit__sor_id=sor_kode)
    # Both through the version's own search keys (UnitVersion.name_search / search_text: name,
    # SOR-kode, phone, e-mail, postal address), trigram-indexed on PostgreSQL.
    try:
        for pattern in (navn, fritekst):
            search_parts(pattern)  # the bounds hold for a pattern of stars only, too
        if navn.replace("*", ""):
            queryset = queryset.filter(pattern_q("name_search", navn))
        if fritekst.replace("*", ""):
            queryset = queryset.filter(fritekst_q(fritekst, "search_text"))
    except ValidationError as exc:  # the shared search rules refuse a pattern (Danish message)
        raise ApiError(" ".join(exc.messages), code="invalid_search") from exc
    queryset = queryset.order_by("name", "unit_id")
    params = {
        k: v
        for k, v in (("navn", navn), ("fritekst", fritekst), ("sor_kode", sor_kode), ("kommune", kommune))
        if v
    }
    params["dato"] = day.isoformat()
    return {
        "as_of": day.isoformat(),
        **_page(request, queryset, limit=limit, offset=offset, extra_params=params),
    }


@api_view
def changes(request):
    """Changes to units and lokationsnumre registered after ?since (ISO timestamp), oldest first,
    from the audit trail. Page on with ?efter=<seq> (the `next` link). A change with a future
    effective date appears when it is registered; `effective_date` says when it takes effect.
    Without since and efter the feed starts at the beginning (efter=0): a new consumer's first
    call."""
    query = Query(request, "since", "efter", "limit")
    since = query.moment("since")
    after = query.integer("efter", default=0, low=0, high=MAX_SEQ)
    limit = query.integer("limit", default=500, low=1, high=MAX_CHANGES_LIMIT)
    events = AuditEvent.objects.filter(object_type__in=CHANGE_OBJECT_TYPES, seq__gt=after)
    if since is not None:
        events = events.filter(occurred_at__gt=since)
    scope = request.api_scope
    if scope.limited:
        events = events.filter(scope_id__in=scope.owner_sor_ids)
    page = list(events.order_by("seq")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    items = []
    for event in page:
        item = {
            "seq": event.seq,
            "occurred_at": event.occurred_at.isoformat(),
            "action": event.action,
            "object_type": event.object_type,
            "name": event.object_repr,
            "effective_date": event.effective_date.isoformat() if event.effective_date else None,
            "institution_owner_sor_id": event.scope_id or None,
        }
        if event.object_type == "hierarchy.unit":
            item["sor_id"] = event.object_id
            item["url"] = reverse("exchange:api_unit", args=[event.object_id])
        else:
            item["gln"] = event.object_id
            unit = (event.after or {}).get("unit") or (event.before or {}).get("unit")
            item["sor_id"] = unit if isinstance(unit, str) else None
        items.append(item)
    next_url = None
    if more:
        params = {"efter": page[-1].seq, "limit": limit}
        if since is not None:
            params["since"] = since.isoformat()
        next_url = f"{request.path}?{urlencode(params)}"
    return {"count": len(items), "next": next_url, "results": items}


@read_only
def openapi(request):
    return _json(openapi_document())


@csrf_exempt
def no_such_path(request, path: str = ""):
    """Every unknown address under /api/ answers JSON like the rest of the API, whatever the method."""
    return error_response(MSG_NO_SUCH_PATH, "not_found", 404)
