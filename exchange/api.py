"""The read-only JSON API for consuming systems (documented in `openapi.py`, served at
/api/openapi.json). Every answer is computed from the effective-dated versions, for today or for
the date in `?dato=YYYY-MM-DD` (R11); the feed of changes comes from the audit trail."""

from datetime import date, datetime, time
from urllib.parse import urlencode

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_GET

from audit.models import AuditEvent
from hierarchy import services
from hierarchy.asof import versions_on
from hierarchy.models import LocationNumber, Municipality, Unit, UnitVersion
from hierarchy.selectors import pattern_q, text_q

from .auth import token_required
from .openapi import openapi_document

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
CHANGE_OBJECT_TYPES = ("hierarchy.unit", "hierarchy.location_number")

MSG_BAD_DATE = "dato skal være en dato på formen ÅÅÅÅ-MM-DD."
MSG_BAD_SINCE = "since skal være et tidspunkt i ISO 8601, fx 2026-03-01T00:00:00+01:00."
MSG_SINCE_REQUIRED = "Angiv since (tidspunkt) eller efter (løbenummer fra forrige svar)."
MSG_NOT_FOUND = "Ingen enhed med SOR-koden {sor_id}."
MSG_NOT_IN_FORCE = "Enheden {sor_id} er ikke gældende pr. {day}."
MSG_OUT_OF_SCOPE = "Enheden {sor_id} ligger uden for de kommuner, dette systemtoken giver adgang til."
MSG_SEARCH_EMPTY = "Angiv mindst ét af navn, fritekst og sor_kode."
MSG_BAD_NUMBER = "{name} skal være et helt tal fra {low} til {high}."
MSG_UNKNOWN_KOMMUNE = "Ukendt kommunekode: {code}."


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def api_view(view):
    """GET only, token required, ApiError → JSON error."""

    @require_GET
    @token_required
    def wrapper(request, *args, **kwargs):
        try:
            return _json(view(request, *args, **kwargs))
        except ApiError as exc:
            return _json({"error": str(exc)}, status=exc.status)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _day(request) -> date:
    text = request.GET.get("dato", "").strip()
    if not text:
        return services.today()
    day = parse_date(text) if len(text) == 10 else None
    if day is None:
        raise ApiError(MSG_BAD_DATE)
    return day


def _int(request, name: str, default: int, low: int, high: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise ApiError(MSG_BAD_NUMBER.format(name=name, low=low, high=high))
    return int(text)


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
    postal_holder = next((v for v in chain if v.postal_address_id), None)
    postal = postal_holder.postal_address if postal_holder else None
    visiting = postal if version.visiting_same_as_postal else version.visiting_address
    activity = None
    if version.unit.kind == Unit.Kind.ORGANISATIONAL_UNIT:
        activity = visiting if version.activity_same_as_visiting else version.activity_address
    contact_holder = next((v for v in chain if v.phone or v.email or v.website), None)
    numbers = {
        n.unit_id: n
        for n in LocationNumber.objects.filter(unit_id__in=[v.unit_id for v in chain]).prefetch_related(
            "message_types"
        )
    }
    gln_holder = next((v for v in chain if v.unit_id in numbers), None)
    location_number = None
    if gln_holder is not None:
        number = numbers[gln_holder.unit_id]
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
            "postal_address": _address(postal),
            "postal_address_from_sor_id": postal_holder.unit.sor_id if postal_holder else None,
            "visiting_address": _address(visiting),
            "activity_address": _address(activity),
            "phone": contact_holder.phone if contact_holder else "",
            "email": contact_holder.email if contact_holder else "",
            "website": contact_holder.website if contact_holder else "",
            "contact_from_sor_id": contact_holder.unit.sor_id if contact_holder else None,
        },
        "location_number": location_number,
        "path": [{"sor_id": v.unit.sor_id, "name": v.name, "kind": v.unit.kind} for v in reversed(chain[1:])],
        "children_url": reverse("exchange:api_children", args=[version.unit.sor_id]),
    }


def _unit_version(request, sor_id: str, day: date) -> UnitVersion:
    unit = Unit.objects.filter(sor_id=sor_id).first()
    if unit is None:
        raise ApiError(MSG_NOT_FOUND.format(sor_id=sor_id), status=404)
    if not request.api_scope.allows(unit):
        raise ApiError(MSG_OUT_OF_SCOPE.format(sor_id=sor_id), status=403)
    version = versions_on(day).select_related(*_VERSION_RELATED).filter(unit=unit).first()
    if version is None:
        raise ApiError(MSG_NOT_IN_FORCE.format(sor_id=sor_id, day=day.isoformat()), status=404)
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
    day = _day(request)
    return _detail(_unit_version(request, sor_id, day), day)


@api_view
def unit_children(request, sor_id: str):
    """The units directly below the unit on ?dato, by name."""
    day = _day(request)
    version = _unit_version(request, sor_id, day)
    limit = _int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _int(request, "offset", 0, 0, 10**9)
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
    sor_kode finds the exact unit; kommune limits to one kommune's tree."""
    day = _day(request)
    navn = request.GET.get("navn", "").strip()
    fritekst = request.GET.get("fritekst", "").strip()
    sor_kode = "".join(request.GET.get("sor_kode", "").split())
    if not (navn.replace("*", "") or fritekst.replace("*", "") or sor_kode):
        raise ApiError(MSG_SEARCH_EMPTY)
    limit = _int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _int(request, "offset", 0, 0, 10**9)
    queryset = versions_on(day).select_related("unit", "unit_type", "parent")
    scope = request.api_scope
    if scope.limited:
        queryset = queryset.filter(unit__tree_id__in=scope.tree_ids)
    kommune = request.GET.get("kommune", "").strip()
    if kommune:
        municipality = Municipality.objects.filter(code=kommune.zfill(4)).first()
        if municipality is None:
            raise ApiError(MSG_UNKNOWN_KOMMUNE.format(code=kommune))
        owner = Unit.objects.filter(municipality=municipality).first()
        queryset = queryset.filter(unit__tree_id=owner.tree_id) if owner else queryset.none()
    if sor_kode:
        queryset = queryset.filter(unit__sor_id=sor_kode)
    # Both through the version's own search keys (UnitVersion.name_search / search_text: name,
    # SOR-kode, phone, e-mail, postal address), trigram-indexed on PostgreSQL.
    if navn.replace("*", ""):
        queryset = queryset.filter(pattern_q("name_search", navn))
    if fritekst.replace("*", ""):
        queryset = queryset.filter(text_q(fritekst, "search_text"))
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


def _since(request) -> datetime | None:
    text = request.GET.get("since", "").strip()
    if not text:
        return None
    value = parse_datetime(text)
    if value is None:
        day = parse_date(text) if len(text) == 10 else None
        if day is None:
            raise ApiError(MSG_BAD_SINCE)
        value = datetime.combine(day, time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


@api_view
def changes(request):
    """Changes to units and lokationsnumre registered after ?since (ISO timestamp), oldest first,
    from the audit trail. Page on with ?efter=<seq> (the `next` link). A change with a future
    effective date appears when it is registered; `effective_date` says when it takes effect."""
    since = _since(request)
    after = _int(request, "efter", 0, 0, 10**18)
    if since is None and not after:
        raise ApiError(MSG_SINCE_REQUIRED)
    limit = _int(request, "limit", 500, 1, 5000)
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


@require_GET
def openapi(request):
    return _json(openapi_document())
