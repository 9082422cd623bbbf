"""Flyt OE and Luk OE (R4, R5, R7): the two actions that may need a confirmation before they
are saved, R7's impact on lokationsnumre and what the change would newly break elsewhere
(`hierarchy.consequences`, filled by the Kvalitetstjek). Built on `views.UnitActionView`."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError

from sor_admin.ui.forms import apply_service_error

from . import consequences, forms, services
from .views import IMPACT_SHOWN, TAB_CLOSE, TAB_MOVE, UnitActionView


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
            apply_service_error(form, ValidationError(unanswered))
    except PermissionDenied:
        pass  # the tab was allowed; a refusal here concerns a field the form already refused


class _MoveOrCloseView(UnitActionView):
    """Flyt and Luk: the service runs its rules beside an invalid form's errors, and may ask to
    confirm the impact on lokationsnumre first (`ImpactConfirmationRequired`, in the base)."""

    def add_rule_errors(self, form, service, **arguments) -> None:
        _add_rule_errors(form, service, actor=self.request.user, unit=self.unit, **arguments)

    def call(self, service, form, **arguments):
        """`service` with the arguments Flyt and Luk share, from the valid form."""
        data = form.cleaned_data
        return service(
            actor=self.request.user,
            unit=self.unit,
            reason=data["reason"],
            confirm_impact=data["confirm_impact"],
            expected_revision=data["expected_revision"],
            form_key=self.form_key(form),
            **arguments,
        )


class UnitMoveView(_MoveOrCloseView):
    """Flyt OE to a new parent picked in the tree or typed as a SOR-kode (R4, R7)."""

    tab = TAB_MOVE
    form_class = forms.MoveUnitForm

    def check_rules(self, form, typed):
        if typed.get("new_parent") and typed.get("effective_date"):
            self.add_rule_errors(
                form,
                services.unit_move,
                new_parent=typed["new_parent"],
                effective_date=typed["effective_date"],
                reason=typed.get("reason", ""),
            )

    consequences: list[str] = []

    def perform(self, form):
        data = form.cleaned_data
        arguments = {"new_parent": data["new_parent"], "effective_date": data["effective_date"]}
        if not data["confirm_impact"]:
            # What else the move does (the Kvalitetstjek's rules, hierarchy/consequences.py) is
            # shown to confirm like R7's impact, beside it, once the service's own checks pass.
            try:
                self.call(services.unit_move, form, validate_only=True, **arguments)
            except services.ImpactConfirmationRequired:
                self.consequences = consequences.lines(self.unit, new_parent=data["new_parent"])
                raise
            self.consequences = consequences.lines(self.unit, new_parent=data["new_parent"])
            if self.consequences:
                if self.request.POST.get(IMPACT_SHOWN):
                    form.add_error("confirm_impact", forms.MSG_CONFIRM_CONSEQUENCES)
                return None
        self.call(services.unit_move, form, **arguments)
        return self.unit

    def success_message(self, form, unit):
        data = form.cleaned_data
        return f"{unit.name} flyttes til {data['new_parent'].name} pr. {data['effective_date']:%d-%m-%Y}."

    def context(self, form):
        new_parent = form.cleaned_data.get("new_parent") if form.is_bound else None
        if not self.impact:  # no lokationsnummer is touched: the box confirms the other consequences
            form["confirm_impact"].label = forms.LABEL_CONFIRM_CONSEQUENCES  # the bound field, as rendered
        return {
            "form": form,
            "impact": self.impact,
            "new_parent": new_parent,
            "consequences": self.consequences,
        }


class UnitCloseView(_MoveOrCloseView):
    """Luk OE after a confirmation (R5, R7). A submit without `confirm` runs every check of the
    service without writing, and only a close that can succeed is then confirmed: in a DKFDS
    dialog with JavaScript, in a server-side step without it. Nothing closes unless `confirm`
    is posted."""

    tab = TAB_CLOSE
    form_class = forms.CloseUnitForm
    confirm_step = False
    consequences: list[str] = []

    def check_rules(self, form, typed):
        if typed.get("closing_date"):
            self.add_rule_errors(
                form,
                services.unit_close,
                closing_date=typed["closing_date"],
                reason=typed.get("reason", ""),
            )

    def perform(self, form):
        confirmed = "1" in self.request.POST.getlist("confirm")
        self.call(
            services.unit_close,
            form,
            closing_date=form.cleaned_data["closing_date"],
            validate_only=not confirmed,
        )
        if not confirmed:
            self.confirm_step = True
            self.consequences = consequences.lines(self.unit, closing_date=form.cleaned_data["closing_date"])
            return None
        return self.unit

    def success_message(self, form, unit):
        return f"{unit.name} lukkes. Sidste gyldige dag er {form.cleaned_data['closing_date']:%d-%m-%Y}."

    def context(self, form):
        return {
            "form": form,
            "impact": self.impact,
            "confirm_step": self.confirm_step,
            "consequences": self.consequences,
        }


unit_move = login_required(UnitMoveView.as_view())
unit_close = login_required(UnitCloseView.as_view())
