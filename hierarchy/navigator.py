"""The navigator, the left-hand panel of the main screen: search (R8) and the tree (R9). Its state
travels in the query string (`NavigatorState`), so every view of it has a URL that survives a
reload; `navigator_context` is what the templates need to draw it."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.urls import reverse

from . import forms, identifiers, selectors, services
from .models import Unit


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


def _check_sor_code(sor_kode: str) -> None:
    """A SOR-kode that is not digits (at least 11) or has a wrong check digit is a typing error,
    and is named as one with the message Flyt OE and every other form give
    (`identifiers.sor_id_problem`): not "Ingen enheder matcher". (Codes outside SOR's namespace
    are searched as they are: the register may hold older codes.)"""
    code = "".join(sor_kode.split())
    problem = identifiers.sor_id_problem(code) if code else None
    if problem and problem != identifiers.MSG_SOR_ID_NAMESPACE.format(value=code):
        raise ValidationError({"sor_kode": problem})


def index_url(state: NavigatorState, selected: Unit | None = None) -> str:
    """The main screen's URL for this state and selected unit, without empty parameters: what a
    search pushes to the address bar, so that a reload or a shared link shows the same."""
    params = state.params()
    if selected is not None:
        params["enhed"] = selected.sor_id
    return reverse("hierarchy:index") + ("?" + urlencode(params) if params else "")


def unit_url(name: str, unit: Unit, state: NavigatorState) -> str:
    return reverse(name, args=[unit.sor_id]) + state.querystring()


def navigator_context(request, state: NavigatorState, selected=None, ancestors=None) -> dict:
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
            _check_sor_code(state.sor_kode)
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
