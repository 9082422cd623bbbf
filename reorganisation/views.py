"""Omstruktureringer in the GUI: the list, a plan file's preview and storing, a package's page
with its impact, and withdrawal. Every decision is the services' (reorganisation.services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hierarchy import permissions
from hierarchy.policy import today
from sor_admin.ui.forms import apply_service_error

from .forms import PlanStoreForm, PlanUploadForm, WithdrawForm
from .models import Reorganisation
from .plan import read_plan
from .services import reorganisation_preview, reorganisation_store, reorganisation_withdraw


def _require_author(user) -> None:
    if not (permissions.is_sds(user) or permissions.is_municipal_admin(user)):
        raise PermissionDenied(permissions.MSG_NOT_ADMIN)


def _visible(user):
    packages = Reorganisation.objects.select_related("created_by")
    return packages if permissions.is_sds(user) else packages.filter(created_by=user)


def _list(request, form, status=200):
    return render(
        request,
        "reorganisation/list.html",
        {"packages": _visible(request.user).order_by("-effective_date", "-pk"), "form": form},
        status=status,
    )


@require_GET
@login_required
def package_list(request):
    _require_author(request.user)
    return _list(request, PlanUploadForm())


@require_POST
@login_required
def package_preview(request):
    """Read the uploaded plan, check it whole and show its impact; nothing is stored."""
    _require_author(request.user)
    form = PlanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list(request, form, status=422)
    text = form.cleaned_data["plan_file"]
    try:
        plan = read_plan(text)
        operations, impact = reorganisation_preview(actor=request.user, plan=plan)
    except ValidationError as exc:
        apply_service_error(form, exc)
        return _list(request, form, status=422)
    return render(
        request,
        "reorganisation/preview.html",
        {
            "plan": plan,
            "operations": operations,
            "impact": impact,
            "store_form": PlanStoreForm(initial={"plan_text": text}),
        },
    )


@require_POST
@login_required
def package_store(request):
    _require_author(request.user)
    form = PlanStoreForm(request.POST)
    if form.is_valid():
        try:
            package = reorganisation_store(actor=request.user, plan=read_plan(form.cleaned_data["plan_text"]))
        except ValidationError as exc:
            upload = PlanUploadForm()
            apply_service_error(upload, exc)
            return _list(request, upload, status=422)
        messages.success(
            request,
            f"Omstruktureringen {package.name} er gemt og gennemføres {package.effective_date:%d-%m-%Y}.",
        )
        return HttpResponseRedirect(reverse("reorganisation:detail", args=[package.pk]))
    return _list(request, PlanUploadForm(), status=422)


@require_http_methods(["GET", "POST"])
@login_required
def package_detail(request, pk: int):
    _require_author(request.user)
    package = get_object_or_404(_visible(request.user), pk=pk)
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reorganisation_withdraw(
                    actor=request.user, package=package, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, f"Omstruktureringen {package.name} er tilbagetrukket.")
                return HttpResponseRedirect(reverse("reorganisation:detail", args=[package.pk]))
        status = 422
    can_withdraw = package.status == Reorganisation.Status.PENDING and package.effective_date > today()
    return render(
        request,
        "reorganisation/detail.html",
        {"package": package, "impact": package.impact, "form": form, "can_withdraw": can_withdraw},
        status=status,
    )
