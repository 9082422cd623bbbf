"""/anmodninger/: the list (own and kommune-wide; a team's queue, oldest first, with filters and
counts), "Anmod om ændring" on a unit, a request's page (the difference against the unit on the
requested date, what changed since filing, its history) and the steps, each a POST to the
service, whose Danish refusal is shown on the request's page."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from audit import registry
from hierarchy import permissions
from hierarchy import selectors as hierarchy_selectors
from hierarchy import services as hierarchy
from hierarchy.forms import MSG_CONFIRM_DUPLICATE, MSG_CONFIRM_DUPLICATE_EDIT
from hierarchy.models import Unit
from hierarchy.views import DUPLICATE_SHOWN, street_typeahead_url
from sor_admin import authority, submissions
from sor_admin.ui.forms import apply_service_error, date_field

from . import changes, selectors, services
from .audit_actions import FILE
from .forms import AnswerForm, ApproveForm, RequestForm, UnitRequestForm, created_kind
from .models import ChangeRequest

Kind = ChangeRequest.Kind
Status = ChangeRequest.Status

MSG_NO_KINDS = (
    "Du kan selv foretage ændringerne af {unit}, eller enheden ligger uden for din kommune, så "
    "der er intet at anmode om her."
)
MSG_NO_ROLE = authority.text(
    "Anmodninger bruges af kommunale SOR-administratorer, {authority} og {medcom}. "
    "Kontakt din lokale brugeradministrator, hvis du skal have adgang."
)
MSG_FILED = "Anmodning {number} er sendt til {team}."
DONE = {
    "tag": "Anmodningen er taget under behandling.",
    "sporg": "Spørgsmålet er sendt til anmoderen.",
    "svar": "Dit svar er sendt.",
    "afvis": "Anmodningen er afvist.",
    "godkend": "Anmodningen er godkendt, og ændringen er registreret.",
    "traek-tilbage": "Anmodningen er trukket tilbage.",
}


def _filters(request) -> selectors.Filters:
    get = request.GET
    status = get.get("status", "")
    kind = get.get("type", "")
    return selectors.Filters(
        status=status if status in Status.values else "",
        kind=kind if kind in Kind.values else "",
        kommune=get.get("kommune", "")[:20],
        open_only=get.get("alle", "") != "1" and bool(selectors.teams_of(request.user)),
    )


@login_required
@require_http_methods(["GET"])
def index(request):
    if not services.may_request(request.user):
        raise PermissionDenied(MSG_NO_ROLE)
    filters = _filters(request)
    rows, counts = selectors.listing(request.user, filters)
    teams = selectors.teams_of(request.user)
    context = {
        "rows": rows,
        "counts": [(value, label, counts[value]) for value, label in Status.choices],
        "filters": filters,
        "kinds": Kind.choices,
        "kommuner": selectors.kommuner(request.user),
        "is_reviewer": bool(teams),
        "team_labels": [ChangeRequest.Team(t).label for t in teams],
    }
    return render(request, "change_requests/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new_request(request, sor_id):
    unit = get_object_or_404(Unit.objects.select_related("unit_type", "parent"), sor_id=sor_id)
    kinds = services.requestable_kinds(request.user, unit)
    if not kinds:
        raise PermissionDenied(MSG_NO_KINDS.format(unit=unit.name))
    kind = request.GET.get("type") or request.POST.get("type") or kinds[0]
    if kind not in kinds:
        kind = kinds[0]
    unit_form = kind in (Kind.EDIT, Kind.CREATE)
    form: RequestForm | UnitRequestForm
    if unit_form:
        form = UnitRequestForm(request.POST or None, kind=kind, unit=unit, street_url=street_typeahead_url())
    else:
        form = RequestForm(request.POST or None, kind=kind, unit=unit)
    status = 200
    duplicates: list[Unit] = []  # Opret or a rename: other units of the proposed name (`_twins`)
    if request.method == "POST":
        # The same opened form sent again (a double click): answered as the first submit was.
        earlier = submissions.earlier_result(request.user, request.POST.get("form_key"), FILE)
        if earlier is not None:
            return _filed(request, get_object_or_404(ChangeRequest, pk=earlier))
        if form.is_valid() and not _awaits_duplicate_confirmation(request, form, unit, kind, duplicates):
            try:
                filed = services.request_file(
                    actor=request.user,
                    unit=unit,
                    kind=kind,
                    proposed=form.proposed(),
                    effective_date=form.cleaned_data.get("effective_date"),
                    reason=form.cleaned_data["reason"],
                    form_key=form.cleaned_data.get("form_key"),
                )
            except submissions.AlreadySubmitted as exc:
                return _filed(request, get_object_or_404(ChangeRequest, pk=exc.result))
            except (ValidationError, PermissionDenied) as exc:
                _form_error(form, exc)
                if isinstance(form, UnitRequestForm):
                    form.note_unknown_streets()  # offer to confirm a street name merely unknown
            else:
                return _filed(request, filed)
        status = 422
    context = {
        "unit": unit,
        "kind": kind,
        "kinds": [(k, Kind(k).label) for k in kinds],
        "form": form,
        "unit_form": unit_form,
        "team": ChangeRequest.Team(changes.TEAM[Kind(kind)]).label,
        "duplicates": duplicates,
    }
    if unit_form:
        # What the real Rediger and Opret panels give their form (hierarchy.views).
        created = unit.kind if kind == Kind.EDIT else created_kind(unit)
        context["unit_types"] = hierarchy_selectors.unit_types_matching(
            "", owner_types=created == Unit.Kind.INSTITUTION_OWNER, limit=500
        )
        context["street_typeahead_url"] = street_typeahead_url()
    return render(request, "change_requests/new.html", context, status=status)


def _twin_parent(kind: str, unit: Unit, name: str) -> Unit | None:
    """Where `name` would sit beside a sibling: under the unit for Opret, under its parent for a
    rename in Rediger (not a change of case or spacing alone); None for the other kinds."""
    if kind == Kind.CREATE:
        return unit
    if (
        kind == Kind.EDIT
        and name
        and unit.parent is not None
        and hierarchy_selectors.is_rename(unit.name, name)
    ):
        return unit.parent
    return None


def _twins(kind: str, unit: Unit, name: str, day: date | None) -> list[Unit]:
    """The other units under `_twin_parent` with `name` on `day` (hierarchy.selectors)."""
    parent = _twin_parent(kind, unit, name)
    if parent is None or day is None:
        return []
    return hierarchy_selectors.same_name_units(parent, name, day, exclude=unit)


def _awaits_duplicate_confirmation(request, form, unit: Unit, kind: str, duplicates: list[Unit]) -> bool:
    """Opret and a rename in Rediger as a request, like Opret OE and Rediger OE (hierarchy.views
    `twins_unconfirmed`): a name that another unit under the same parent has (or will have) on
    the date is filed only once confirmed. Fills `duplicates` for the warning; an error once the
    warning was shown and not confirmed. Other kinds have no name: never."""
    if kind not in (Kind.CREATE, Kind.EDIT):
        return False
    data = form.cleaned_data
    duplicates += _twins(kind, unit, data.get("name", ""), data.get("effective_date"))
    if not duplicates or data.get("confirm_duplicate"):
        return False
    if request.POST.get(DUPLICATE_SHOWN):
        form.add_error(
            "confirm_duplicate", MSG_CONFIRM_DUPLICATE if kind == Kind.CREATE else MSG_CONFIRM_DUPLICATE_EDIT
        )
    return True


def _filed(request, filed: ChangeRequest):
    messages.success(request, MSG_FILED.format(number=filed.number, team=filed.get_team_display()))
    return redirect("change_requests:detail", filed.pk)


def _form_error(form, exc) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
    else:
        apply_service_error(
            form,
            exc,
            aliases={
                "closing_date": "effective_date",
                "valid_from": "effective_date",
            },
        )


def _visible_request(request, pk: int) -> ChangeRequest:
    found = (
        ChangeRequest.objects.select_related("unit", "owner", "requester", "reviewer").filter(pk=pk).first()
    )
    if found is None or not services.may_see(request.user, found):
        raise Http404("Anmodningen findes ikke, eller du har ikke adgang til den.")
    return found


@login_required
@require_http_methods(["GET"])
def detail(request, pk):
    return _render_detail(request, _visible_request(request, pk))


def _diff_day(request, change_request) -> date | None:
    """The date the reviewer asked to see the difference on (`?dato=`, or the approve form's
    date sent by htmx when it changes), if it is a date; else None (the requested date)."""
    text = request.GET.get("dato") or request.GET.get("effective_date") or ""
    if not text or change_request.kind not in changes.DATED:
        return None
    try:
        return date_field("Dato").clean(text)
    except ValidationError:
        return None


def _render_detail(request, change_request, *, approve_form=None, answer_form=None, status=200):
    unit = Unit.objects.get(pk=change_request.unit_id)
    changed = change_request.is_open and changes.changed_since(change_request, unit)
    may_review = change_request.is_open and services.may_review(request.user, change_request)
    chosen_day = _diff_day(request, change_request)
    day = chosen_day or selectors.day_of(change_request)
    initial = {"confirmed_revision": unit.revision}
    if chosen_day is not None:
        initial["effective_date"] = chosen_day  # approve from the date the diff is shown for
    context = {
        "r": change_request,
        "unit": unit,
        "day": day,
        "other_day": chosen_day is not None and chosen_day != selectors.day_of(change_request),
        "diff": selectors.diff(change_request, day),
        "changed": changed,
        "changes_since": selectors.changes_since_filing(change_request) if changed else [],
        "history": [
            (event, registry.action_label(event.action)) for event in selectors.history(change_request)
        ],
        "may_review": may_review,
        "is_requester": request.user.pk == change_request.requester_id,
        "approve_form": approve_form or ApproveForm(request=change_request, initial=initial),
        "answer_form": answer_form or AnswerForm(),
        "partial_possible": change_request.kind == Kind.EDIT and len(change_request.proposed) > 1,
        "dated": change_request.kind in changes.DATED,
        "is_sds": permissions.is_sds(request.user),
        "impact": _impact(change_request, unit) if may_review else [],
    }
    if may_review and (duplicates := _duplicates(change_request, unit, day)):
        context["duplicates"] = duplicates
        context["duplicates_parent"] = _twin_parent(
            change_request.kind, unit, change_request.proposed.get("name", "")
        )
    return render(request, "change_requests/detail.html", context, status=status)


def _duplicates(change_request: ChangeRequest, unit: Unit, day: date) -> list[Unit]:
    """Opret or a rename: the other units under the parent that have the proposed name on the
    date shown, as the unit forms warn of them (the requester confirmed them when filing, or
    they came since)."""
    return _twins(change_request.kind, unit, change_request.proposed.get("name", ""), day)


def _impact(change_request: ChangeRequest, unit: Unit) -> list[str]:
    """What an approved move or close would do to lokationsnumre, as the unit's tabs say it."""
    if change_request.kind == Kind.CLOSE:
        impact = hierarchy.location_impact(unit, closing=True)
    elif change_request.kind == Kind.MOVE:
        new_parent = Unit.objects.filter(sor_id=change_request.proposed.get("new_parent", "")).first()
        impact = hierarchy.location_impact(unit, new_parent=new_parent) if new_parent else None
    else:
        impact = None
    return hierarchy.impact_lines(impact)[:-1] if impact else []  # without "Intet er gemt endnu"


@login_required
def step(request, pk, step):
    """A step on the request: tag, sporg, svar, afvis, godkend, traek-tilbage."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    change_request = _visible_request(request, pk)
    user = request.user
    answer = AnswerForm(request.POST)
    answer.is_valid()
    text = answer.cleaned_data.get("text", "")
    approve = None
    try:
        if step == "tag":
            services.request_take(actor=user, request=change_request)
        elif step == "sporg":
            services.request_ask(actor=user, request=change_request, question=text)
        elif step == "svar":
            services.request_reply(actor=user, request=change_request, reply=text)
        elif step == "afvis":
            services.request_reject(actor=user, request=change_request, answer=text)
        elif step == "traek-tilbage":
            services.request_withdraw(actor=user, request=change_request)
        elif step == "godkend":
            approve = ApproveForm(request.POST, request=change_request)
            if not approve.is_valid():
                return _render_detail(request, change_request, approve_form=approve, status=422)
            data = approve.cleaned_data
            services.request_approve(
                actor=user,
                request=change_request,
                fields=data["fields_chosen"] or None,
                effective_date=data.get("effective_date"),
                confirmed_revision=data.get("confirmed_revision") if data.get("confirm_changed") else None,
                confirm_impact=bool(data.get("confirm_impact")),
                answer=data.get("answer", ""),
            )
        else:
            raise Http404("Ukendt handling.")
    except (ValidationError, PermissionDenied) as exc:
        text_of = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text_of)
        change_request.refresh_from_db()
        return _render_detail(request, change_request, approve_form=approve, status=422)
    messages.success(request, DONE[step])
    return redirect("change_requests:detail", change_request.pk)
