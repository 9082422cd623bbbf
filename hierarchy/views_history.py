"""Historik (a unit's versions: past, current, future, with withdrawal of pending changes) and
Vis pr. dato (a kommune's tree on any date, and what changed between two dates)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from sor_admin.ui.forms import apply_service_error

from . import permissions, policy, services
from .asof import tree_as_of
from .forms_history import AsOfForm, CompareForm, WithdrawForm
from .history import compare_trees, comparison_csv, unit_history
from .models import AdministratorScope, Unit
from .views_common import get_unit_or_404

PERIODS = (("past", "Fortid"), ("current", "Nu"), ("future", "Fremtid"))


def _history_context(request, unit: Unit, *, error_form=None, error_key=None) -> dict:
    today = services.today()
    history = unit_history(unit, today)
    groups = []
    for key, heading in PERIODS:
        items = []
        for change in (h for h in history if h.period == key):
            form_key = f"change:{change.version.valid_from.isoformat()}"
            withdraw = policy.decide(
                request.user, unit, policy.WITHDRAW_CHANGE, on=today, valid_from=change.version.valid_from
            )
            items.append(
                {
                    "change": change,
                    "form": error_form if error_key == form_key else None,
                    "can_withdraw": withdraw.allowed,
                }
            )
        groups.append({"key": key, "heading": heading, "items": items})
    pending_close = unit.valid_to if unit.valid_to is not None and unit.valid_to >= today else None
    withdraw_close = policy.decide(
        request.user, unit, policy.WITHDRAW_CLOSE, on=today, parent=history[-1].version.parent
    )
    # Why a user who may change the unit cannot withdraw its close (e.g. the parent closes).
    close_refused = "" if withdraw_close or withdraw_close.permission else withdraw_close.reason
    return {
        "unit": unit,
        "groups": groups,
        "today": today,
        "pending_close": pending_close,
        "close_form": error_form if error_key == "close" else None,
        "may_withdraw": withdraw_close.allowed,
        "withdraw_close_refused": close_refused,
        "sor_user_scope": permissions.user_scope_label(request.user),
    }


@login_required
@require_GET
def unit_history_view(request, sor_id):
    unit = get_unit_or_404(sor_id)
    return render(request, "hierarchy/history.html", _history_context(request, unit))


MSG_CHANGE_WITHDRAWN = "Den planlagte ændring fra {day} er tilbagetrukket."
MSG_CLOSE_WITHDRAWN = "Lukningen af {unit} pr. {day} er tilbagetrukket. Enheden fortsætter."


@login_required
@require_http_methods(["POST"])
def unit_withdraw(request, sor_id):
    """Withdraw a pending change or a pending close (services decide; errors in Danish)."""
    unit = get_unit_or_404(sor_id)
    policy.require_can_maintain(request.user, unit)  # the state rules: the services, via policy
    form = WithdrawForm(request.POST)
    error_key = (
        "close" if request.POST.get("what") == "close" else f"change:{request.POST.get('valid_from', '')}"
    )
    if form.is_valid():
        data = form.cleaned_data
        error_key = "close" if data["what"] == "close" else f"change:{data['valid_from'].isoformat()}"
        try:
            revision = data["expected_revision"]
            if data["what"] == "close":
                closing = unit.valid_to
                services.unit_withdraw_close(
                    actor=request.user, unit=unit, reason=data["reason"], expected_revision=revision
                )
                done = MSG_CLOSE_WITHDRAWN.format(
                    unit=unit.name, day=f"{closing:%d-%m-%Y}" if closing else ""
                )
            else:
                services.unit_withdraw_change(
                    actor=request.user,
                    unit=unit,
                    valid_from=data["valid_from"],
                    reason=data["reason"],
                    expected_revision=revision,
                )
                done = MSG_CHANGE_WITHDRAWN.format(day=f"{data['valid_from']:%d-%m-%Y}")
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            # A confirmation, as after every other write (issue 23).
            messages.success(request, done)
            return HttpResponseRedirect(reverse("hierarchy:unit_history", args=[unit.sor_id]), status=303)
    context = _history_context(request, Unit.objects.get(pk=unit.pk), error_form=form, error_key=error_key)
    if not any(i["form"] for g in context["groups"] for i in g["items"]) and context["close_form"] is None:
        context["general_form"] = form  # the version it named is not pending: show the errors on top
    return render(request, "hierarchy/history.html", context, status=422)


def _default_kommune(user) -> str:
    scope = AdministratorScope.objects.filter(user=user).select_related("institution_owner").first()
    return scope.institution_owner.sor_id if scope and permissions.is_municipal_admin(user) else ""


@login_required
@require_GET
def as_of(request):
    today = services.today()
    params = request.GET.copy()
    params.setdefault("kommune", _default_kommune(request.user))
    params.setdefault("dato", today.strftime("%d-%m-%Y"))
    # Without a kommune (support, SDS on their first visit) show the empty form, not errors.
    form = AsOfForm(params if params["kommune"] or "kommune" in request.GET else None, initial=params.dict())
    context = {"form": form, "root": None, "sor_user_scope": permissions.user_scope_label(request.user)}
    root_unit = None
    if form.is_valid():
        root_unit = Unit.objects.get(sor_id=form.cleaned_data["kommune"])
        context["root"] = tree_as_of(root_unit, form.cleaned_data["dato"])
        context["root_unit"] = root_unit
        context["day"] = form.cleaned_data["dato"]
    compare_data = {"kommune": params.get("kommune", "")}
    if "fra" in request.GET or "til" in request.GET:
        compare_data.update(fra=request.GET.get("fra", ""), til=request.GET.get("til", ""))
        compare_form = CompareForm(compare_data, auto_id="cmp_%s")
        if compare_form.is_valid() and root_unit is not None:
            fra, til = compare_form.cleaned_data["fra"], compare_form.cleaned_data["til"]
            context["comparison"] = compare_trees(root_unit, fra, til)
            context["csv_url"] = (
                reverse("hierarchy:as_of_compare_csv")
                + "?"
                + urlencode(
                    {"kommune": root_unit.sor_id, "fra": request.GET["fra"], "til": request.GET["til"]}
                )
            )
    else:
        compare_form = CompareForm(initial=compare_data, auto_id="cmp_%s")
    context["compare_form"] = compare_form
    status = 200 if (form.is_valid() or not form.is_bound) and not compare_form.errors else 422
    return render(request, "hierarchy/as_of.html", context, status=status)


@login_required
@require_GET
def as_of_compare_csv(request):
    form = CompareForm(request.GET, auto_id="cmp_%s")
    if not form.is_valid():
        return HttpResponse(
            "\n".join(m for _, m in form.error_summary()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    root = Unit.objects.get(sor_id=form.cleaned_data["kommune"])
    fra, til = form.cleaned_data["fra"], form.cleaned_data["til"]
    body = comparison_csv(compare_trees(root, fra, til), fra, til)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="sammenligning-{root.sor_id}-{fra:%Y%m%d}-{til:%Y%m%d}.csv"'
    )
    return response
