"""The municipal administrator's GUI (R1-R9): a navigator (search and tree) on the left and the
selected unit's details with the tabs Opret OE, Rediger OE, Flyt OE and Luk OE on the right.

Every page has a real URL and works without JavaScript; with htmx the same views answer with
just the part of the page that changes. Views translate: forms check the shape of the input,
the services in `hierarchy.services` decide and write, and their errors come back next to the
fields they concern.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views import View
from django.views.decorators.http import require_GET

from sor_admin import submissions
from sor_admin.ui.forms import apply_service_error
from sor_admin.ui.views import redirect_after_post, wants_fragment

from . import forms, permissions, policy, selectors, services
from .models import Unit
from .navigator import NavigatorState, index_url, navigator_context, unit_url
from .views_common import get_unit_or_404

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


# --- rendering ------------------------------------------------------------------------------


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
                "url": unit_url(TAB_URLS[key], unit, state),
                "current": key == tab,
            }
            for key in tabs
        ],
        "street_typeahead_url": street_typeahead_url(),
        **(extra or {}),
    }
    if wants_fragment(request, "details"):
        return render(request, "hierarchy/_details.html", context, status=status)
    context.update(navigator_context(request, state, selected=unit, ancestors=details.ancestors))
    context["sor_user_scope"] = permissions.user_scope_label(request.user)
    return render(request, "hierarchy/main.html", context, status=status)


def _redirect_to_unit(request, unit: Unit):
    url = unit_url("hierarchy:unit_detail", unit, NavigatorState.from_request(request))
    return redirect_after_post(request, url)  # for htmx a full load, so the tree shows it too


# --- navigator ------------------------------------------------------------------------------


@login_required
@require_GET
def index(request):
    """The main screen. `?enhed=<SOR-kode>` also opens a unit, so a search made while a unit
    was selected keeps both panels on reload."""
    state = NavigatorState.from_request(request)
    selected_id = request.GET.get("enhed", "").strip()
    if wants_fragment(request, "navigator-results"):
        selected = Unit.objects.filter(sor_id=selected_id).first() if selected_id else None
        context = navigator_context(request, state, selected=selected if not state.has_search else None)
        context["update_hint"] = selected is None  # the right panel's hint follows the navigator
        response = render(
            request, "hierarchy/_navigator_results.html", context, status=_search_status(context)
        )
        # The form sends every field, empty or not; the address bar gets the canonical URL.
        response["HX-Push-Url"] = index_url(state, selected)
        return response
    if selected_id:
        try:
            unit = selectors.unit_by_sor_id(selected_id)
        except Unit.DoesNotExist:
            unit = None  # a stale link: show the navigator alone
        if unit is not None:
            return _render_unit(request, unit, TAB_INFO)
    context = navigator_context(request, state)
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
    unit = get_unit_or_404(sor_id)
    state = NavigatorState.from_request(request)
    if not request.htmx:
        return HttpResponseRedirect(unit_url("hierarchy:unit_detail", unit, state))
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
    return _render_unit(request, get_unit_or_404(sor_id, addresses=False), TAB_INFO)


def _unit_type_choices(kind: str) -> list:
    return selectors.unit_types_matching("", owner_types=kind == Unit.Kind.INSTITUTION_OWNER, limit=500)


# Posted with the impact warning: the user has seen it (see UnitActionView.handle).
IMPACT_SHOWN = "impact_shown"
# Posted with Opret OE's warning of a name already under the parent (UnitCreateView.perform).
DUPLICATE_SHOWN = "duplicate_shown"


class UnitActionView(View):
    """The frame of the four actions on a unit (Opret, Rediger, Flyt, Luk OE), written once.

    A request goes: the unit of the URL (404 if none) → its tab must be open to the user (else
    403) → the action's form, bound on POST →
      - form invalid: `check_rules` still runs the service's rules on what could be read
        (through `_add_rule_errors`), so one submit reports every problem;
      - form valid: `perform` calls the service. `services.NoChanges` is shown as information
        with the form kept; `ImpactConfirmationRequired` keeps the impact for the panel, shown as
        a warning to confirm (an error, `MSG_CONFIRM_IMPACT`, only once it was shown and the box
        is still not ticked); another ValidationError goes to `refused`,
        which puts it on the form (or answers itself, as Rediger's stale revision does). On
        success `perform` returns the unit to show: its `success_message`, then a redirect to it
        (303, or a full load for htmx); None renders the panel again (Luk OE's confirm step).
        A second submit of the same opened form (its `form_key`, claimed by the service) changes
        nothing and is answered like the first: `repeated` gives the unit the first one showed.
    The panel is rendered by `_render_unit` (htmx fragment or full page) with status 422 when the
    form has errors. A subclass names its `tab` and `form_class` and fills in the hooks it
    needs (`form_kwargs`, `check_rules`, `perform`, `success_message`, `refused`,
    `context`); a view object lives for one request, so hooks may keep state on `self`."""

    http_method_names = ["get", "post"]
    tab: str
    form_class: type

    def handle(self, request, sor_id):
        self.unit = get_unit_or_404(sor_id)
        if request.method == "POST" and (shown := self.repeat_of_used_form()) is not None:
            return self.succeeded(None, shown)  # before the tab: the first submit may have closed it
        _require_tab(request.user, self.unit, self.tab)
        self.impact = None
        form = self.get_form(request.POST if request.method == "POST" else None)
        if form.is_bound and not form.is_valid():
            self.check_rules(form, form.cleaned_data)
        elif form.is_bound:
            try:
                shown = self._perform_once(form)
            except services.NoChanges as exc:
                messages.info(request, exc.messages[0])  # shown with the form, which stays open
            except services.ImpactConfirmationRequired as exc:
                # First a warning to confirm; an error only if it was shown and not confirmed.
                self.impact = exc.impact
                if request.POST.get(IMPACT_SHOWN):
                    form.add_error("confirm_impact", forms.MSG_CONFIRM_IMPACT)
            except ValidationError as exc:
                response = self.refused(form, exc)
                if response is not None:
                    return response
            else:
                if shown is not None:
                    return self.succeeded(form, shown)
        # 422 while nothing is saved: a form with errors, or the impact still to be confirmed.
        return self.render(form, status=422 if form.errors or self.impact else 200)

    get = post = handle

    def get_form(self, data):
        return self.form_class(data, **self.form_kwargs())

    def form_kwargs(self) -> dict:
        return {"unit": self.unit, "actor": self.request.user}

    def check_rules(self, form, typed: dict) -> None:
        """The form is invalid: run the service's rules on the fields that could be read
        (`typed`, the cleaned data so far) with `_add_rule_errors`. Nothing by default."""

    def succeeded(self, form, unit: Unit):
        form = form or self.get_form(self.request.POST)
        if form.is_bound and not hasattr(form, "cleaned_data"):
            form.is_valid()  # a repeat: the message is made from the same fields as the first's
        messages.success(self.request, self.success_message(form, unit))
        return _redirect_to_unit(self.request, unit)

    def repeat_of_used_form(self) -> Unit | None:
        """The unit the first submit of this form showed, if its key has already made its change
        (the first of a double click was done before this one came); the claim under the lock
        (`_perform_once`) catches the submits that arrive together."""
        action = services.ActionLock.SUBMITTED_AS[TAB_ACTIONS[self.tab]]
        result = submissions.earlier_result(self.request.user, self.request.POST.get("form_key"), action)
        return self.repeated(result) if result is not None else None

    def _perform_once(self, form) -> Unit | None:
        try:
            return self.perform(form)
        except submissions.AlreadySubmitted as exc:
            return self.repeated(exc.result)

    def perform(self, form) -> Unit | None:
        raise NotImplementedError

    def repeated(self, result: str) -> Unit:
        """The unit the first submit of this form showed (`result`: the SOR-kode its key
        recorded): by default the one acted on."""
        return self.unit

    def form_key(self, form):
        return form.cleaned_data.get("form_key")

    def success_message(self, form, unit: Unit) -> str:
        raise NotImplementedError

    def refused(self, form, exc: ValidationError):
        apply_service_error(form, exc)

    def context(self, form) -> dict:
        return {"form": form}

    def render(self, form, *, status: int):
        return _render_unit(self.request, self.unit, self.tab, self.context(form), status=status)


class _UnitFormView(UnitActionView):
    """Opret and Rediger: the unit form with its address groups and Enhedstype options."""

    def form_kwargs(self):
        return {**super().form_kwargs(), "street_url": street_typeahead_url()}

    def refused(self, form, exc):
        apply_service_error(form, exc)
        form.note_unknown_streets()

    # Units under the same parent with the name typed (`selectors.same_name_units`): a second
    # unit of a name cannot be told apart from the first by those who pick it elsewhere, so
    # Opret and a rename in Rediger warn, and save only once the user confirms.
    duplicates: list[Unit] = []
    confirmation_pending = False  # nothing is saved until the user confirms the shared name

    def twins_unconfirmed(self, form, parent: Unit, name: str, day, *, message: str, exclude=None) -> bool:
        self.duplicates = selectors.same_name_units(parent, name, day, exclude=exclude)
        if not self.duplicates or form.cleaned_data.get("confirm_duplicate"):
            return False
        # A repeat of this form whose first submit committed after the early check (a double
        # click): the twin found is the first one's unit, and the answer is the first's.
        action = services.ActionLock.SUBMITTED_AS[TAB_ACTIONS[self.tab]]
        result = submissions.earlier_result(self.request.user, self.request.POST.get("form_key"), action)
        if result is not None:
            self.duplicates = []
            raise submissions.AlreadySubmitted(action, result)
        if self.request.POST.get(DUPLICATE_SHOWN):
            form.add_error("confirm_duplicate", message)
        self.confirmation_pending = True
        return True

    def context(self, form):
        return {
            "form": form,
            "unit_types": _unit_type_choices(self.unit_kind),
            "duplicates": self.duplicates,
        }

    def render(self, form, *, status: int):
        # Nothing is saved while a duplicate name awaits confirmation (like the impact warning).
        return super().render(form, status=422 if self.confirmation_pending else status)


class UnitCreateView(_UnitFormView):
    """Opret OE under the selected unit (R2)."""

    tab = TAB_CREATE
    form_class = forms.CreateUnitForm
    unit_kind = Unit.Kind.ORGANISATIONAL_UNIT

    def form_kwargs(self):
        return {"parent": self.unit, "actor": self.request.user, "street_url": street_typeahead_url()}

    def perform(self, form):
        data = form.cleaned_data
        if self.twins_unconfirmed(
            form, self.unit, data["name"], data["valid_from"], message=forms.MSG_CONFIRM_DUPLICATE
        ):
            return None
        return services.unit_create(
            actor=self.request.user,
            kind=Unit.Kind.ORGANISATIONAL_UNIT,
            parent=self.unit,
            data=form.unit_data(),
            valid_from=form.cleaned_data["valid_from"],
            reason=form.cleaned_data["reason"],
            form_key=self.form_key(form),
        )

    def repeated(self, result):
        return get_unit_or_404(result)  # the unit the first submit created

    def success_message(self, form, unit):
        return (
            f"{unit.name} er oprettet med SOR-koden {unit.sor_id} og gælder fra {unit.valid_from:%d-%m-%Y}."
        )


class UnitEditView(_UnitFormView):
    """Rediger OE: the change takes effect from a date as a new version (R3)."""

    tab = TAB_EDIT
    form_class = forms.EditUnitForm

    @property
    def unit_kind(self):
        return self.unit.kind

    def perform(self, form):
        data = form.cleaned_data
        if (
            selectors.is_rename(self.unit.name, data["name"])
            and self.unit.parent is not None
            and self.twins_unconfirmed(
                form,
                self.unit.parent,
                data["name"],
                data["effective_date"],
                message=forms.MSG_CONFIRM_DUPLICATE_EDIT,
                exclude=self.unit,
            )
        ):
            return None
        services.unit_update(
            actor=self.request.user,
            unit=self.unit,
            data=form.unit_data(),
            effective_date=form.cleaned_data["effective_date"],
            reason=form.cleaned_data["reason"],
            expected_revision=form.cleaned_data["expected_revision"],
            form_key=self.form_key(form),
        )
        return self.unit

    def success_message(self, form, unit):
        return f"Ændringerne er gemt og gælder fra {form.cleaned_data['effective_date']:%d-%m-%Y}."

    def refused(self, form, exc):
        if getattr(exc, "code", None) != "stale":
            return super().refused(form, exc)
        # Someone else saved first: start again from what is stored now, so nothing of theirs
        # is overwritten and the user sees the current values.
        self.unit = get_unit_or_404(self.unit.sor_id)
        self.duplicates = []  # the fresh form holds the stored name, not the one that was checked
        messages.error(self.request, exc.messages[0])
        return self.render(self.get_form(None), status=409)


unit_create = login_required(UnitCreateView.as_view())
unit_edit = login_required(UnitEditView.as_view())
