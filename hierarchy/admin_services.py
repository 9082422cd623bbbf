"""How an admin form writes through the services (the unit admin in `hierarchy/admin.py`, the
lokationsnummer admin in `exchange/admin.py`): its `clean()` runs the form's `_save` as a dry run
that is always rolled back (`dry_run`), so every refusal is the services' and comes back as a
form error; `save_model` then writes once, through the same `_save`, in the admin's transaction
(`write`). A refusal there (someone changed the data in between) rolls the admin's transaction
back and is shown as a message (`WriteRefused`)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect

from sor_admin.text import TextValidator

from . import services

# Shown under Begrundelse on every admin form that writes.
MSG_REASON_HELP = "Skal udfyldes: hvorfor ændringen laves. Den står i Ændringsloggen."


def reason_field() -> forms.CharField:
    """Begrundelse, required for every write (services.reason_required, ARCHITECTURE.md
    "Begrundelse"). Not required here: the services refuse a missing one, so it is reported
    together with every other problem of the submit."""
    return forms.CharField(
        label="Begrundelse",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=MSG_REASON_HELP,
        validators=[TextValidator("Begrundelsen", multiline=True)],
    )


class CheckedOnly(Exception):
    """Ends an admin form's dry run, rolling back all that it wrote."""


class WriteRefused(Exception):
    """The write in `save_model` was refused after the form's check had passed."""

    def __init__(self, exc: Exception):
        super().__init__(" ".join(getattr(exc, "messages", None) or [str(exc)]))


class ServiceFormMixin:
    """For a form with `_save(cleaned)`, the one call of its services, returning what they wrote."""

    result = None

    def add_service_error(self, exc: ValidationError) -> None:
        """A service's ValidationError onto the form's fields (or the top when none fits)."""
        if hasattr(exc, "error_dict"):
            for key, messages in exc.message_dict.items():
                self.add_error(key if key in self.fields else None, messages)
        else:
            self.add_error(None, exc.messages)

    def dry_run(self, cleaned) -> None:
        """Run `_save` and roll all of it back; its refusals become the form's errors."""
        try:
            with transaction.atomic():
                self._save(cleaned)
                raise CheckedOnly
        except CheckedOnly:
            pass
        except services.ImpactConfirmationRequired as exc:
            self.add_error("confirm_impact", [exc.messages[0], *services.impact_lines(exc.impact)])
        except ValidationError as exc:
            self.add_service_error(exc)
        except PermissionDenied as exc:
            self.add_error(None, str(exc))

    def write(self):
        """The checked change, written once (from `save_model`, in the admin's transaction)."""
        self.result = self._save(self.cleaned_data)
        return self.result


class ServiceAdminMixin:
    """The form gets the request (it calls the services as request.user). Its clean() only
    checks; `form.write()` writes here, once."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class RequestForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return RequestForm

    def save_model(self, request, obj, form, change):
        try:
            form.write()
        except (ValidationError, PermissionDenied) as exc:
            raise WriteRefused(exc) from exc
        obj.pk = form.result.pk
        obj.refresh_from_db()
        request.sor_no_changes = getattr(form, "no_changes", False)

    def save_related(self, request, form, formsets, change):
        pass

    def log_change(self, request, obj, message):
        if not getattr(request, "sor_no_changes", False):  # nothing changed: nothing to log
            return super().log_change(request, obj, message)
        return None

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except WriteRefused as exc:  # the admin's transaction is rolled back: nothing is kept
            self.message_user(request, f"Intet er gemt. {exc}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def response_change(self, request, obj):
        if getattr(request, "sor_no_changes", False):
            self.message_user(request, services.MSG_NO_CHANGES, messages.INFO)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
