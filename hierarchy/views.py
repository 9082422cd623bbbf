"""The municipal administrator's GUI (R1-R9): a navigator (search and tree) on the left and the
selected unit's details with the tabs Opret OE, Rediger OE, Flyt OE and Luk OE on the right.

Every page has a real URL and works without JavaScript; with htmx the same views answer with
just the part of the page that changes. Views translate: forms check the shape of the input,
the services in `hierarchy.services` decide and write, and their errors come back next to the
fields they concern.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from . import forms, permissions, policy, selectors, services
from .models import Unit

TAB_INFO = "info"
TAB_CREATE = "create"
TAB_EDIT = "edit"
TAB_MOVE = "move"
TAB_CLOSE = "close"

TAB_LABELS = {
    TAB_INFO: "Detaljer",
    TAB_CREATE: "Opret OE",
    TAB_EDIT: "Rediger OE",
    TAB_MOVE: "Flyt OE",
    TAB_CLOSE: "Luk OE",
}
TAB_URLS = {
    TAB_INFO: "hierarchy:unit_detail",
    TAB_CREATE: "hierarchy:unit_create",
    TAB_EDIT: "hierarchy:unit_edit",
    TAB_MOVE: "hierarchy:unit_move",
    TAB_CLOSE: "hierarchy:unit_close",
}

# Where the Vejnavn type-ahead gets its <option>s: the setting if given, else the addresses
# app's named route once it exists. Without either, Vejnavn stays a plain text input.
STREET_TYPEAHEAD_SETTING = "SOR_STREET_TYPEAHEAD_URL"
STREET_TYPEAHEAD_URL_NAME = "addresses:street_options"


def street_typeahead_url() -> str | None:
    configured = getattr(settings, STREET_TYPEAHEAD_SETTING, None)
    if configured:
        return configured
    try:
        return reverse(STREET_TYPEAHEAD_URL_NAME)
    except NoReverseMatch:
        return None


# --- navigator state ------------------------------------------------------------------------


@dataclass
class NavigatorState:
    """What the left-hand panel shows, carried in the query string so every view of it has a
    URL that survives a reload."""

    mine: bool = False
    show_closed: bool = False
    fritekst: str = ""
    navn: str = ""
    sor_kode: str = ""

    @classmethod
    def from_request(cls, request) -> "NavigatorState":
        get = request.GET
        return cls(
            mine=get.get("mine") in ("on", "1", "true"),
            show_closed=get.get("vis_lukkede") in ("on", "1", "true"),
            fritekst=get.get("fritekst", "").strip()[:200],
            navn=get.get("navn", "").strip()[:200],
            sor_kode=get.get("sor_kode", "").strip()[:40],
        )

    @property
    def has_search(self) -> bool:
        return bool(self.fritekst or self.navn or self.sor_kode)

    def params(self) -> dict:
        params = {}
        if self.fritekst:
            params["fritekst"] = self.fritekst
        if self.navn:
            params["navn"] = self.navn
        if self.sor_kode:
            params["sor_kode"] = self.sor_kode
        if self.mine:
            params["mine"] = "1"
        if self.show_closed:
            params["vis_lukkede"] = "1"
        return params

    def querystring(self) -> str:
        params = self.params()
        return "?" + urlencode(params) if params else ""

    def form(self) -> forms.SearchForm:
        return forms.SearchForm(
            initial={
                "fritekst": self.fritekst,
                "navn": self.navn,
                "sor_kode": self.sor_kode,
                "mine": self.mine,
                "vis_lukkede": self.show_closed,
            }
        )


def _refused_search(state: NavigatorState, refused: ValidationError) -> dict:
    """A search pattern the selector refused: its message at its field (a full page) and in the
    results, the one part an htmx search replaces."""
    form = forms.SearchForm(data=state.form().initial)
    form.is_valid()  # the fields have no rules of their own; the search's refusal is added here
    form.add_error(None, refused)
    problem = " ".join(
        f"{form[field].label}: {message}"
        for field, messages in refused.message_dict.items()
        for message in messages
    )
    results = selectors.SearchResult(units=[], total=0, limit=0, paths={}, problem=problem)
    return {"search_form": form, "results": results, "search_refused": True}


def _unit_url(name: str, unit: Unit, state: NavigatorState) -> str:
    return reverse(name, args=[unit.sor_id]) + state.querystring()


def _navigator_context(request, state: NavigatorState, selected=None, ancestors=None) -> dict:
    context = {
        "state": state,
        "search_form": state.form(),
        "tree_nodes": None,
        "results": None,
        "today": services.today(),
        "root_limit": selectors.ROOT_LIMIT,
    }
    if state.has_search:
        try:
            context["results"] = selectors.search_units(
                request.user,
                fritekst=state.fritekst,
                navn=state.navn,
                sor_kode=state.sor_kode,
                mine=state.mine,
                show_closed=state.show_closed,
            )
        except ValidationError as refused:
            context.update(_refused_search(state, refused))
    elif state.mine or selected is not None:
        context["tree_nodes"] = selectors.tree(
            request.user,
            mine=state.mine,
            selected=selected,
            ancestors=ancestors,
            show_closed=state.show_closed,
        )
    context["selected"] = selected
    return context


# --- permissions per tab --------------------------------------------------------------------


# The tab of each policy action (hierarchy/policy.py decides which are offered, and why not).
TAB_ACTIONS = {
    TAB_CREATE: policy.CREATE,
    TAB_EDIT: policy.EDIT,
    TAB_MOVE: policy.MOVE,
    TAB_CLOSE: policy.CLOSE,
}


def available_tabs(user, unit: Unit) -> list[str]:
    decisions = policy.decisions(user, unit)
    return [TAB_INFO] + [tab for tab, action in TAB_ACTIONS.items() if decisions[action]]


def _require_tab(user, unit: Unit, tab: str) -> None:
    policy.require(user, unit, TAB_ACTIONS[tab])


def _get_unit(sor_id: str, *, addresses: bool = True) -> Unit:
    try:
        return selectors.unit_by_sor_id(sor_id, addresses=addresses)
    except Unit.DoesNotExist:
        raise Http404("Der findes ingen enhed med denne SOR-kode.") from None


# --- rendering ------------------------------------------------------------------------------


def _wants_fragment(request, target: str) -> bool:
    return bool(request.htmx) and not request.htmx.boosted and request.htmx.target == target


def _render_unit(request, unit: Unit, tab: str, extra: dict | None = None, status: int = 200):
    """The details panel for `unit` with `tab` open: alone for htmx, else the whole page."""
    state = NavigatorState.from_request(request)
    details = selectors.unit_details(unit)
    tabs = available_tabs(request.user, unit)
    context = {
        "state": state,
        "details": details,
        "unit": unit,
        "tab": tab,
        "tabs": [
            {
                "key": key,
                "label": TAB_LABELS[key],
                "url": _unit_url(TAB_URLS[key], unit, state),
                "current": key == tab,
            }
            for key in tabs
        ],
        "street_typeahead_url": street_typeahead_url(),
        **(extra or {}),
    }
    if _wants_fragment(request, "details"):
        return render(request, "hierarchy/_details.html", context, status=status)
    context.update(_navigator_context(request, state, selected=unit, ancestors=details.ancestors))
    context["sor_user_scope"] = permissions.user_scope_label(request.user)
    return render(request, "hierarchy/main.html", context, status=status)


def _redirect_to_unit(request, unit: Unit):
    url = _unit_url("hierarchy:unit_detail", unit, NavigatorState.from_request(request))
    if request.htmx:
        return HttpResponseClientRedirect(url)  # a full load, so the tree shows the change too
    return HttpResponseRedirect(url, status=303)


# --- auth -----------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


# --- navigator ------------------------------------------------------------------------------


@login_required
@require_GET
def index(request):
    """The main screen. `?enhed=<SOR-kode>` also opens a unit, so a search made while a unit
    was selected keeps both panels on reload."""
    state = NavigatorState.from_request(request)
    selected_id = request.GET.get("enhed", "").strip()
    if _wants_fragment(request, "navigator-results"):
        selected = Unit.objects.filter(sor_id=selected_id).first() if selected_id else None
        context = _navigator_context(request, state, selected=selected if not state.has_search else None)
        return render(request, "hierarchy/_navigator_results.html", context, status=_search_status(context))
    if selected_id:
        try:
            unit = selectors.unit_by_sor_id(selected_id)
        except Unit.DoesNotExist:
            unit = None  # a stale link: show the navigator alone
        if unit is not None:
            return _render_unit(request, unit, TAB_INFO)
    context = _navigator_context(request, state)
    context["details"] = None
    context["sor_user_scope"] = permissions.user_scope_label(request.user)
    return render(request, "hierarchy/main.html", context, status=_search_status(context))


def _search_status(context: dict) -> int:
    # 422 like every refused form of the app: htmx swaps it in (base.html), unlike a 400.
    return 422 if context.get("search_refused") else 200


@login_required
@require_GET
def tree_children(request, sor_id):
    """One more level of the tree, loaded when its arrow is opened (R9)."""
    unit = _get_unit(sor_id)
    state = NavigatorState.from_request(request)
    if not request.htmx:
        return HttpResponseRedirect(_unit_url("hierarchy:unit_detail", unit, state))
    nodes = [
        selectors.TreeNode(unit=child)
        for child in selectors.tree_children(unit, show_closed=state.show_closed)
    ]
    return render(
        request,
        "hierarchy/_tree_level.html",
        {"nodes": nodes, "state": state, "parent": unit, "today": services.today()},
    )


@login_required
@require_GET
def unit_type_options(request):
    """<option>s for the Enhedstype type-ahead."""
    text = request.GET.get("unit_type") or request.GET.get("q") or ""
    types = selectors.unit_types_matching(text, owner_types=request.GET.get("ejertype") == "1")
    return render(request, "hierarchy/_unit_type_options.html", {"unit_types": types})


# --- details and the four actions -----------------------------------------------------------


@login_required
@require_GET
def unit_detail(request, sor_id):
    return _render_unit(request, _get_unit(sor_id, addresses=False), TAB_INFO)


def _unit_type_choices(kind: str) -> list:
    return selectors.unit_types_matching("", owner_types=kind == Unit.Kind.INSTITUTION_OWNER, limit=500)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request, sor_id):
    """Opret OE under the selected unit (R2)."""
    parent = _get_unit(sor_id)
    _require_tab(request.user, parent, TAB_CREATE)
    form = forms.CreateUnitForm(
        request.POST if request.method == "POST" else None,
        parent=parent,
        actor=request.user,
        street_url=street_typeahead_url(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(
                actor=request.user,
                kind=Unit.Kind.ORGANISATIONAL_UNIT,
                parent=parent,
                data=form.unit_data(),
                valid_from=form.cleaned_data["valid_from"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            forms.apply_service_error(form, exc)
            form.note_unknown_streets()
        else:
            messages.success(
                request,
                f"{unit.name} er oprettet med SOR-koden {unit.sor_id} og gælder fra "
                f"{unit.valid_from:%d-%m-%Y}.",
            )
            return _redirect_to_unit(request, unit)
    return _render_unit(
        request,
        parent,
        TAB_CREATE,
        {"form": form, "unit_types": _unit_type_choices(Unit.Kind.ORGANISATIONAL_UNIT)},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, sor_id):
    """Rediger OE: the change takes effect from a date as a new version (R3)."""
    unit = _get_unit(sor_id)
    _require_tab(request.user, unit, TAB_EDIT)
    form = forms.EditUnitForm(
        request.POST if request.method == "POST" else None,
        unit=unit,
        actor=request.user,
        street_url=street_typeahead_url(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(
                actor=request.user,
                unit=unit,
                data=form.unit_data(),
                effective_date=form.cleaned_data["effective_date"],
                reason=form.cleaned_data["reason"],
                expected_revision=form.cleaned_data["expected_revision"],
            )
        except services.NoChanges as exc:
            messages.info(request, exc.messages[0])  # shown with the form, which stays open
        except ValidationError as exc:
            if getattr(exc, "code", None) == "stale":
                # Someone else saved first: start again from what is stored now, so nothing of
                # theirs is overwritten and the user sees the current values.
                unit = _get_unit(sor_id)
                form = forms.EditUnitForm(
                    None, unit=unit, actor=request.user, street_url=street_typeahead_url()
                )
                messages.error(request, exc.messages[0])
                return _render_unit(
                    request,
                    unit,
                    TAB_EDIT,
                    {"form": form, "unit_types": _unit_type_choices(unit.kind)},
                    status=409,
                )
            else:
                forms.apply_service_error(form, exc)
                form.note_unknown_streets()
        else:
            messages.success(
                request, f"Ændringerne er gemt og gælder fra {form.cleaned_data['effective_date']:%d-%m-%Y}."
            )
            return _redirect_to_unit(request, unit)
    return _render_unit(
        request,
        unit,
        TAB_EDIT,
        {"form": form, "unit_types": _unit_type_choices(unit.kind)},
        status=422 if form.errors else 200,
    )


def _add_rule_errors(form, service, *, actor, unit, **arguments) -> None:
    """The form's own checks stopped the submit: still run the service's rules on what could be
    read, through its check-only mode (validate_only: nothing is written), so that one submit
    reports every problem. Errors on fields that already have one are left out."""
    try:
        service(actor=actor, unit=unit, confirm_impact=True, validate_only=True, **arguments)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            return  # a summary-only error (e.g. stale) says nothing about the fields typed
        unanswered = {k: v for k, v in exc.error_dict.items() if k not in form.errors}
        if unanswered:
            forms.apply_service_error(form, ValidationError(unanswered))
    except PermissionDenied:
        pass  # the tab was allowed; a refusal here concerns a field the form already refused


@login_required
@require_http_methods(["GET", "POST"])
def unit_move(request, sor_id):
    """Flyt OE to a new parent picked in the tree or typed as a SOR-kode (R4, R7)."""
    unit = _get_unit(sor_id)
    _require_tab(request.user, unit, TAB_MOVE)
    form = forms.MoveUnitForm(
        request.POST if request.method == "POST" else None, unit=unit, actor=request.user
    )
    impact = None
    typed = form.cleaned_data if form.is_bound and not form.is_valid() else {}
    if typed.get("new_parent") and typed.get("effective_date"):
        _add_rule_errors(
            form,
            services.unit_move,
            actor=request.user,
            unit=unit,
            new_parent=typed["new_parent"],
            effective_date=typed["effective_date"],
            reason=typed.get("reason", ""),
        )
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.unit_move(
                actor=request.user,
                unit=unit,
                new_parent=data["new_parent"],
                effective_date=data["effective_date"],
                reason=data["reason"],
                confirm_impact=data["confirm_impact"],
                expected_revision=data["expected_revision"],
            )
        except services.ImpactConfirmationRequired as exc:
            impact = exc.impact
            form.add_error("confirm_impact", forms.MSG_CONFIRM_IMPACT)
        except ValidationError as exc:
            forms.apply_service_error(form, exc)
        else:
            messages.success(
                request,
                f"{unit.name} flyttes til {data['new_parent'].name} pr. {data['effective_date']:%d-%m-%Y}.",
            )
            return _redirect_to_unit(request, unit)
    new_parent = form.cleaned_data.get("new_parent") if form.is_bound else None
    return _render_unit(
        request,
        unit,
        TAB_MOVE,
        {"form": form, "impact": impact, "new_parent": new_parent},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_close(request, sor_id):
    """Luk OE after a confirmation (R5, R7). A submit without `confirm` runs every check of the
    service without writing, and only a close that can succeed is then confirmed: in a DKFDS
    dialog with JavaScript, in a server-side step without it. Nothing closes unless `confirm`
    is posted."""
    unit = _get_unit(sor_id)
    _require_tab(request.user, unit, TAB_CLOSE)
    form = forms.CloseUnitForm(
        request.POST if request.method == "POST" else None, unit=unit, actor=request.user
    )
    impact = None
    confirm_step = False
    typed = form.cleaned_data if form.is_bound and not form.is_valid() else {}
    if typed.get("closing_date"):
        _add_rule_errors(
            form,
            services.unit_close,
            actor=request.user,
            unit=unit,
            closing_date=typed["closing_date"],
            reason=typed.get("reason", ""),
        )
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        confirmed = "1" in request.POST.getlist("confirm")
        try:
            services.unit_close(
                actor=request.user,
                unit=unit,
                closing_date=data["closing_date"],
                reason=data["reason"],
                confirm_impact=data["confirm_impact"],
                expected_revision=data["expected_revision"],
                validate_only=not confirmed,
            )
        except services.ImpactConfirmationRequired as exc:
            impact = exc.impact
            form.add_error("confirm_impact", forms.MSG_CONFIRM_IMPACT)
        except ValidationError as exc:
            forms.apply_service_error(form, exc)
        else:
            if not confirmed:
                confirm_step = True
            else:
                messages.success(
                    request, f"{unit.name} lukkes. Sidste gyldige dag er {data['closing_date']:%d-%m-%Y}."
                )
                return _redirect_to_unit(request, unit)
    return _render_unit(
        request,
        unit,
        TAB_CLOSE,
        {"form": form, "impact": impact, "confirm_step": confirm_step},
        status=422 if form.errors else 200,
    )
