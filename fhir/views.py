"""The read-only FHIR R4 API under /fhir/: Organization and Endpoint read, search (IHE mCSD
ITI-90) and history (ITI-91), the CapabilityStatement at /fhir/metadata. The same system tokens
and kommune scope as /api/ (exchange.auth), sent as `Token <token>` or `Bearer <token>`.
Every error is an OperationOutcome with a Danish diagnostic."""

import json
import re
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from exchange.auth import LAST_USED_GRANULARITY, ApiScope
from exchange.models import SystemToken, hash_token
from hierarchy.dates import today
from hierarchy.models import Unit

from . import bundles, capability, codes, reads, search
from .params import FhirError, Params, outcome

MSG_NO_TOKEN = "Angiv et systemtoken i headeren Authorization: Bearer <token> (eller Token <token>)."
MSG_BAD_TOKEN = "Ukendt eller tilbagekaldt systemtoken."
MSG_METHOD = "FHIR-API'et kan kun læses: brug GET."
MSG_NO_SUCH_PATH = "Adressen findes ikke i FHIR-API'et. Se /fhir/metadata for det, serveren understøtter."
MSG_NO_ORG = "Ingen Organization med id {id}. Id'et er enhedens SOR-ID (kun cifre)."
MSG_NO_ENDPOINT = "Intet Endpoint med id {id}. Id'et er lokationsnummeret (13 cifre)."
MSG_ORG_SCOPE = "Enheden {id} ligger uden for de kommuner, dette systemtoken giver adgang til."
MSG_ENDPOINT_SCOPE = (
    "Lokationsnummeret {id} hører til en enhed uden for de kommuner, dette systemtoken giver adgang til."
)

_SOR_ID = re.compile(r"[0-9]{1,20}")
_GLN = re.compile(r"[0-9]{13}")


def _json(data: dict, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type=f"{codes.FHIR_JSON}; charset=utf-8")


def error(message: str, *, status: int, code: str) -> HttpResponse:
    return _json(outcome(message, code), status=status)


def _token(request) -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() not in ("token", "bearer") or not value.strip():
        return None
    return value.strip()


def _unauthorized(message: str) -> HttpResponse:
    response = error(message, status=401, code="login")
    response["WWW-Authenticate"] = 'Bearer realm="SOR FHIR"'
    return response


def fhir_view(*, public: bool = False):
    """GET only (405 otherwise, before anything else), a valid token unless `public`, and every
    FhirError as an OperationOutcome. No cookies are read, so CSRF has nothing to protect."""

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                response = error(MSG_METHOD, status=405, code="not-supported")
                response["Allow"] = "GET"
                return response
            if not public:
                raw = _token(request)
                if raw is None:
                    return _unauthorized(MSG_NO_TOKEN)
                token = SystemToken.objects.filter(key_hash=hash_token(raw), revoked_at__isnull=True).first()
                if token is None:
                    return _unauthorized(MSG_BAD_TOKEN)
                now = timezone.now()
                if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
                    SystemToken.objects.filter(pk=token.pk).update(last_used_at=now)
                request.api_scope = ApiScope(token)
            try:
                return _json(view(request, *args, **kwargs))
            except FhirError as exc:
                return error(str(exc), status=exc.status, code=exc.code)

        return wrapper

    return decorate


def base_url(request) -> str:
    return request.build_absolute_uri("/fhir").rstrip("/")


def unit_in_scope(request, sor_id: str) -> Unit:
    """The unit with this SOR-ID if the token may see it: 404 or 403 as an OperationOutcome."""
    unit = None
    if _SOR_ID.fullmatch(sor_id):
        unit = Unit.objects.filter(sor_id=sor_id).select_related(*reads.UNIT_RELATED).first()
    if unit is None:
        raise FhirError(MSG_NO_ORG.format(id=sor_id[:40]), status=404, code="not-found")
    if not request.api_scope.allows(unit):
        raise FhirError(MSG_ORG_SCOPE.format(id=sor_id), status=403, code="forbidden")
    return unit


@fhir_view(public=True)
def metadata(request):
    Params(request.GET, ())
    return capability.statement(base_url(request))


@fhir_view()
def organization_read(request, sor_id: str):
    """An Organization as today, or as on the date in `_at` (ÅÅÅÅ-MM-DD): the register's
    effective-dated versions answer for any day, past or planned."""
    params = Params(request.GET, ("_at",))
    day = params.day("_at") or today()
    unit = unit_in_scope(request, sor_id)
    found = reads.organizations([unit], day)
    if not found:  # a unit is always written with a version; one without is not served
        raise FhirError(MSG_NO_ORG.format(id=sor_id), status=404, code="not-found")
    return found[0]


@fhir_view()
def endpoint_read(request, gln: str):
    params = Params(request.GET, ("_at",))
    day = params.day("_at") or today()
    row = reads.endpoint_rows([gln]).get(gln) if _GLN.fullmatch(gln) else None
    if row is None:
        raise FhirError(MSG_NO_ENDPOINT.format(id=gln[:40]), status=404, code="not-found")
    scope = request.api_scope
    if scope.limited:
        unit = Unit.objects.filter(sor_id=row.unit_sor_id).select_related("node").first()
        if unit is None or not scope.allows(unit):
            raise FhirError(MSG_ENDPOINT_SCOPE.format(id=gln), status=403, code="forbidden")
    return row.resource(day)


ORGANIZATION_PARAMS = (
    "_id",
    "identifier",
    "name",
    "name:contains",
    "partof",
    "type",
    "active",
    "_lastUpdated",
    "_include",
    "_revinclude",
    "_count",
    "_cursor",
)


def _links(request, path: str, cursor: str | None) -> dict:
    """self (the request as made) and, when there is more, next: the same query resuming after
    the page's last row."""
    base = base_url(request)
    query = [(k, v) for k, values in request.GET.lists() for v in values]
    links = {"self": with_query(base, path, query)}
    if cursor is not None:
        rest = [(k, v) for k, v in query if k != "_cursor"]
        links["next"] = with_query(base, path, [*rest, ("_cursor", cursor)])
    return links


def with_query(base: str, path: str, query: list[tuple[str, str]]) -> str:
    return f"{base}/{path}" + (f"?{urlencode(query)}" if query else "")


@fhir_view()
def organization_search(request):
    params = Params(request.GET, ORGANIZATION_PARAMS, repeatable=("_lastUpdated",))
    day = today()
    query = search.OrganizationSearch(
        ids=params.texts("_id"),
        identifiers=params.tokens("identifier"),
        name=params.text("name"),
        name_contains=params.text("name:contains"),
        partof=params.references("partof"),
        types=params.tokens("type"),
        active=params.boolean("active"),
        last_updated=params.comparisons("_lastUpdated"),
    )
    include = params.one_of("_include", "Organization:endpoint")
    revinclude = params.one_of("_revinclude", "Organization:partof")
    count = params.count()
    cursor = params.cursor()
    scope = request.api_scope
    units = search.organizations(query, tree_ids=scope.tree_ids, day=day)
    rows, more = search.organization_page(units, after=cursor[1] if cursor else None, count=count)
    matches = reads.organizations(rows, day)
    included = []
    if include:
        glns = [ref["reference"].split("/", 1)[1] for r in matches for ref in r.get("endpoint", [])]
        included += reads.endpoints(glns, day)
    if revinclude and rows:
        children = Unit.objects.filter(parent__in=rows).select_related(*reads.UNIT_RELATED).order_by("pk")
        if scope.tree_ids is not None:
            children = children.filter(node__tree_id__in=scope.tree_ids)
        seen = {u.pk for u in rows}
        included += reads.organizations([c for c in children if c.pk not in seen], day)
    next_cursor = f"0.{rows[-1].pk}" if more else None
    return bundles.searchset(
        base_url(request),
        total=units.count(),
        matches=matches,
        included=included,
        links=_links(request, "Organization", next_cursor),
    )


@fhir_view()
def endpoint_search(request):
    params = Params(request.GET, ("identifier", "organization", "status", "_count", "_cursor"))
    day = today()
    query = search.EndpointSearch(
        identifiers=params.tokens("identifier"),
        organizations=params.references("organization"),
        statuses=params.texts("status"),
    )
    count = params.count()
    cursor = params.cursor()
    live, off = search.endpoint_sets(query, tree_ids=request.api_scope.tree_ids, day=day)
    after = str(cursor[1]).zfill(13) if cursor else None
    glns, more = search.endpoint_page(live, off, after=after, count=count)
    return bundles.searchset(
        base_url(request),
        total=live.count() + off.count(),
        matches=reads.endpoints(glns, day),
        included=[],
        links=_links(request, "Endpoint", f"0.{glns[-1]}" if more else None),
    )


@csrf_exempt
def no_such_path(request, path: str = ""):
    return error(MSG_NO_SUCH_PATH, status=404, code="not-found")
