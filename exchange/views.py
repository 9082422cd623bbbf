"""SDS downloads of the exports, and simple pages for lokationsnumre and their EDI message types
(SDS moves and closes GLNs, MedCom and SDS set message types, everyone else reads)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from hierarchy import permissions, selectors, services
from hierarchy.models import LocationNumber
from sor_admin import authority
from sor_admin.ui.forms import apply_service_error

from . import exporter, forms, openapi
from .location_numbers import (
    location_number_close,
    location_number_move,
    location_number_set_message_types,
    pending_closure,
)

MSG_SDS_DOWNLOAD = authority.text("Kun {authority_s} medarbejdere kan hente udtræk af hele SOR.")
MSG_UNKNOWN_KOMMUNE = "Ukendt kommunekode."


def sds_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.is_sds(request.user):
            raise PermissionDenied(MSG_SDS_DOWNLOAD)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _municipality(request):
    form = forms.ExportForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise Http404(MSG_UNKNOWN_KOMMUNE)  # never the whole register for a mistyped kommune
    return form.cleaned_data["kommune"] if form.is_bound else None


def _filename(municipality, suffix: str) -> str:
    scope = municipality.code if municipality else "alle"
    return f"sor-{scope}-{services.today().isoformat()}{suffix}"


def _download(request, iterate, content_type: str, suffix: str) -> StreamingHttpResponse:
    """Stream the export `iterate(municipality=…)` of the kommune asked for (or all) as a file."""
    municipality = _municipality(request)
    response = StreamingHttpResponse(iterate(municipality=municipality), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(municipality, suffix)}"'
    return response


@require_GET
@sds_required
def index(request):
    return render(request, "exchange/index.html", {"form": forms.ExportForm(request.GET or None)})


@require_GET
@sds_required
def download_sor_xml(request):
    return _download(request, exporter.iter_sor_xml, "application/xml", ".xml")


@require_GET
@sds_required
def download_sor_entity_csv(request):
    return _download(request, exporter.iter_sor_entity_csv, "text/csv; charset=utf-8", "-SorEntity.csv")


@require_GET
@sds_required
def download_edi_csv(request):
    return _download(request, exporter.iter_edi_csv, "text/csv; charset=utf-8", "-edi.csv")


@require_GET
@login_required
def location_numbers(request):
    form = forms.GlnSearchForm(request.GET or None)
    numbers = LocationNumber.objects.select_related("unit").order_by("gln")
    text = ""
    if form.is_valid():
        text = "".join(form.cleaned_data["q"].split())
    if text:
        numbers = numbers.filter(gln__startswith=text) | numbers.filter(unit__sor_id=text)
    return render(
        request,
        "exchange/location_numbers.html",
        {"form": form, "numbers": numbers[:200], "total": numbers.count()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def location_number_detail(request, gln: str):
    number = LocationNumber.objects.select_related("unit").filter(gln=gln).first()
    if number is None:
        raise Http404
    user = request.user
    move_form = forms.GlnMoveForm(prefix="move")
    close_form = forms.GlnCloseForm(prefix="close")
    types_form = forms.GlnMessageTypesForm(
        prefix="types", initial={"message_types": number.message_types.all()}
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "move":
                move_form = forms.GlnMoveForm(request.POST, prefix="move")
                if move_form.is_valid():
                    try:
                        target = selectors.unit_for_sor_id(move_form.cleaned_data["new_unit"])
                    except ValidationError as error:
                        raise ValidationError({"new_unit": error.messages}) from None
                    location_number_move(
                        actor=user,
                        location_number=number,
                        new_unit=target,
                        reason=move_form.cleaned_data["reason"],
                    )
                    messages.success(request, f"Lokationsnummeret {gln} er flyttet til {target}.")
                    return HttpResponseRedirect(reverse("exchange_gui:location_number", args=[gln]))
            elif action == "close":
                close_form = forms.GlnCloseForm(request.POST, prefix="close")
                if close_form.is_valid():
                    closure = location_number_close(
                        actor=user,
                        location_number=number,
                        closing_date=close_form.cleaned_data["closing_date"],
                        reason=close_form.cleaned_data["reason"],
                    )
                    messages.success(
                        request, f"Lokationsnummeret {gln} er lukket pr. {closure.closing_date:%d-%m-%Y}."
                    )
                    if closure.applied_at is not None:
                        return HttpResponseRedirect(reverse("exchange_gui:location_numbers"))
                    return HttpResponseRedirect(reverse("exchange_gui:location_number", args=[gln]))
            elif action == "types":
                types_form = forms.GlnMessageTypesForm(request.POST, prefix="types")
                if types_form.is_valid():
                    location_number_set_message_types(
                        actor=user,
                        location_number=number,
                        message_types=types_form.cleaned_data["message_types"],
                        reason=types_form.cleaned_data["reason"],
                    )
                    messages.success(request, f"Meddelelsestyperne på {gln} er gemt.")
                    return HttpResponseRedirect(reverse("exchange_gui:location_number", args=[gln]))
            else:
                raise Http404
        except ValidationError as exc:
            apply_service_error({"move": move_form, "close": close_form, "types": types_form}[action], exc)
    return render(
        request,
        "exchange/location_number.html",
        {
            "number": number,
            "message_types": number.message_types.all(),
            "closure": pending_closure(gln),
            "can_manage": permissions.is_sds(user),
            "can_set_types": permissions.is_sds(user) or permissions.is_medcom(user),
            "move_form": move_form,
            "close_form": close_form,
            "types_form": types_form,
        },
    )


@require_GET
@login_required
def api_doc(request):
    """The read API for people (issue 23 item 3): its endpoints and parameters as the OpenAPI
    document (exchange/openapi.py, served at /api/openapi.json) describes them, so the page and
    the schema never disagree."""
    document = openapi.openapi_document()
    endpoints = [
        {
            "path": path,
            "method": method.upper(),
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": [p for p in operation.get("parameters", []) if "name" in p],
        }
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    return render(
        request,
        "exchange/api.html",
        {"info": document["info"], "endpoints": endpoints, "schema_url": reverse("exchange:api_openapi")},
    )
