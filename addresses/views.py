"""Type-ahead and look-up endpoints for the GUI (GET only; anonymous requests get 401). The
browser only talks to these; they ask the configured provider (addresses.providers).

Each look-up has a JSON variant and, for a <datalist> filled by htmx, an <option> fragment.
When the provider fell back to the offline register, JSON answers carry the Danish text in
"notice" and fragments send it in an `HX-Trigger` header as the event `sorAddressNotice`.

Parameters: `q` is the text typed and `postnr` the postnummer. So that a form input can be
wired up with plain `hx-get`/`hx-include` and its own name, a parameter whose name ends in
`_street_name` (or `_postal_code`) is accepted in place of `q` (or `postnr`).
"""

import json
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET

from . import selectors
from .providers import get_provider

MSG_LOGIN = "Log ind for at slå adresser op."


def login_required(view):
    """401 instead of a redirect to the login page: these answers go into a datalist or a
    script, where a login page would only be noise (htmx leaves the target alone on a 4xx)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"error": MSG_LOGIN}, status=401)
        return view(request, *args, **kwargs)

    return wrapper


def _param(request, name: str, suffix: str) -> str:
    value = request.GET.get(name)
    if value is None:
        value = next((v for k, v in request.GET.items() if k.endswith(suffix)), "")
    return value.strip()[:100]


def _postnr(request) -> str:
    return _param(request, "postnr", "_postal_code") or request.GET.get("nr", "").strip()[:4]


def _limit(request) -> int:
    try:
        return max(1, min(int(request.GET.get("limit", selectors.DEFAULT_LIMIT)), selectors.MAX_LIMIT))
    except ValueError:
        return selectors.DEFAULT_LIMIT


def _meta(result) -> dict:
    return {"source": result.source, "notice": result.notice}


def _fragment(html: str, result) -> HttpResponse:
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["X-Address-Source"] = result.source
    if result.notice:
        response["HX-Trigger"] = json.dumps({"sorAddressNotice": result.notice})
    return response


def _postal_json(hit) -> dict:
    return {
        "nr": hit.nr,
        "navn": hit.name,
        "tekst": hit.text,
        "stormodtager": hit.is_large_volume_receiver,
        "kommunekoder": list(hit.municipality_codes),
        "vejliste_komplet": hit.streets_complete,
    }


@require_GET
@login_required
def postal_codes(request):
    """JSON: postnumre matching ?q= (number prefix or town name)."""
    result = get_provider().postal_codes(_param(request, "q", "_postal_code"), limit=_limit(request))
    return JsonResponse({"results": [_postal_json(h) for h in result.items], **_meta(result)})


@require_GET
@login_required
def postal_code_options(request):
    """<option value="3450">3450 Allerød</option> … for ?q=."""
    result = get_provider().postal_codes(_param(request, "q", "_postal_code"), limit=_limit(request))
    html = format_html_join("", '<option value="{}">{}</option>', ((h.nr, h.text) for h in result.items))
    return _fragment(html, result)


@require_GET
@login_required
def postal_code_lookup(request):
    """JSON for one postnummer (?postnr= or ?nr=): 200 with "found": true, or 404 with a Danish
    "error"."""
    nr = _postnr(request)
    result = get_provider().postal_code(nr)
    hit = result.first()
    if hit is None:
        error = "Angiv et postnummer." if not nr else f"Postnummeret {nr} findes ikke."
        return JsonResponse({"found": False, "nr": nr, "error": error, **_meta(result)}, status=404)
    return JsonResponse({"found": True, **_postal_json(hit), **_meta(result)})


@require_GET
@login_required
def postal_code_name(request):
    """HTML fragment for htmx beside the postnummer field: the town name, or the Danish error.
    Always 200 so htmx swaps it in."""
    nr = _postnr(request)
    result = get_provider().postal_code(nr)
    hit = result.first()
    if hit is not None:
        return _fragment(format_html('<span class="address-city">{}</span>', hit.name), result)
    message = f"Postnummeret {nr} findes ikke." if nr else ""
    return _fragment(
        format_html('<span class="address-city address-city--unknown">{}</span>', message), result
    )


@require_GET
@login_required
def streets(request):
    """JSON: vejnavne in ?postnr= matching ?q= (prefix or infix)."""
    nr = _postnr(request)
    result = get_provider().streets(nr, _param(request, "q", "_street_name"), limit=_limit(request))
    return JsonResponse(
        {
            "postnr": nr,
            "results": [
                {"navn": h.name, "tekst": h.name, "kommunekode": h.municipality_code, "vejkode": h.code}
                for h in result.items
            ],
            "komplet": result.complete,
            **_meta(result),
        }
    )


@require_GET
@login_required
def street_options(request):
    """<option value="Bjarkesvej"></option> … for ?postnr=&q=."""
    nr = _postnr(request)
    result = get_provider().streets(nr, _param(request, "q", "_street_name"), limit=_limit(request))
    html = format_html_join("", '<option value="{}"></option>', ((h.name,) for h in result.items))
    return _fragment(html, result)


@require_GET
@login_required
def address_search(request):
    """JSON: whole addresses matching ?q= (optionally within ?postnr=)."""
    nr = _param(request, "postnr", "_postal_code")
    result = get_provider().addresses(_param(request, "q", "_address"), postnr=nr, limit=_limit(request))
    return JsonResponse({"results": [_address_json(h) for h in result.items], **_meta(result)})


def _house_numbers(request):
    nr = _postnr(request)
    street = _param(request, "vejnavn", "_street_name")
    q = _param(request, "q", "_house_number")
    return get_provider().house_numbers(nr, street, q, limit=_limit(request))


def _address_json(h) -> dict:
    return {
        "tekst": h.text,
        "vejnavn": h.street_name,
        "husnr": h.house_number,
        "etage": h.floor,
        "dør": h.door,
        "postnr": h.postal_code,
        "postnrnavn": h.postal_name,
        "kommunekode": h.municipality_code,
        "id": h.dar_id,
        "husnummer_id": h.dar_house_number_id,
    }


@require_GET
@login_required
def house_numbers(request):
    """JSON: husnumre on ?vejnavn= in ?postnr= starting with ?q= (Adressevælgeren; offline only
    the addresses already in use)."""
    result = _house_numbers(request)
    return JsonResponse({"results": [_address_json(h) for h in result.items], **_meta(result)})


@require_GET
@login_required
def house_number_options(request):
    """<option value="15A"></option> … for the Husnummer field's datalist."""
    result = _house_numbers(request)
    numbers = list(dict.fromkeys(h.house_number for h in result.items if h.house_number))
    html = format_html_join("", '<option value="{}"></option>', ((n,) for n in numbers))
    return _fragment(html, result)


@require_GET
@login_required
def dar_lookup(request):
    """JSON for one DAR adresse (?id=) or husnummer (?husnummer_id=): 200 with "found": true, or
    404."""
    provider = get_provider()
    if request.GET.get("husnummer_id"):
        result = provider.house_number_by_id(request.GET["husnummer_id"].strip()[:36])
    else:
        result = provider.address_by_id(request.GET.get("id", "").strip()[:36])
    hit = result.first()
    if hit is None:
        return JsonResponse(
            {"found": False, "error": "Adressen findes ikke i DAR.", **_meta(result)}, status=404
        )
    return JsonResponse({"found": True, **_address_json(hit), **_meta(result)})
