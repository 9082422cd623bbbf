"""The DKFDS form kit every GUI form is built from: the renderer (Det Fælles Designsystem
markup), the dd-mm-åååå date field, bounded text fields, Begrundelse and the hidden revision,
the base form with its error summary, `apply_service_error` (a service's ValidationError next to
the field it concerns) and the login form.

Forms check the shape of the input; the rules are the services'. Begrundelse's policy (which
actions require one, and its text check) is the services' (`hierarchy.services.reason_required` /
`reason_problem`): an app's forms hand it to `reason_field` (`hierarchy.forms.reason_field`), so
the kit neither repeats it nor imports an app (it sits below them all)."""

import uuid
from collections.abc import Callable
from pathlib import Path

import django.forms
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.renderers import BaseRenderer, EngineMixin
from django.template.backends.django import DjangoTemplates
from django.utils.functional import cached_property

from sor_admin.dates import (
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    MSG_DATE_INVALID,
    MSG_DATE_REQUIRED,
    parse_date,
)
from sor_admin.text import REASON_MAX_LENGTH, TextValidator

MSG_REVISION_REQUIRED = (
    "Formularen mangler oplysningen om, hvilken udgave af enheden du åbnede, så intet er gemt. "
    "Åbn enheden igen, og gentag ændringen."
)
MSG_FORM_KEY_INVALID = (
    "Formularen er ikke kommet helt med, så intet er gemt. Åbn formularen igen, og gentag ændringen."
)
MSG_TOO_LONG = "{noun} må højst have %(limit_value)d tegn (du skrev %(show_value)d)."


class DkfdsFormRenderer(EngineMixin, BaseRenderer):
    """Renders fields as Det Fælles Designsystem markup (form-group, form-label, form-hint,
    form-error-message, aria-invalid/aria-describedby). The project's templates/ come first so
    `forms/field.html` there wins; Django's own widget templates are found after it."""

    field_template_name = "forms/field.html"
    backend = DjangoTemplates

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(settings.BASE_DIR) / "templates",
                    Path(django.forms.__file__).parent / "templates",
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})}, format=DATE_FORMAT)


class DanishDateField(forms.DateField):
    """A date in dd-mm-åååå (also ISO and the other forms of `sor_admin.dates`), read by the one
    parser there: written right but no such day (31-02-2027) says that, not how to write a date."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                return parse_date(value)
            except ValidationError as error:
                if error.code == "nonexistent":
                    raise
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)

    def bound_data(self, data, initial):
        # The date picker posts ISO dates; show whatever parses in dd-mm-åååå again, and keep
        # anything else exactly as typed so the user can correct it.
        try:
            return self.to_python(data) or data
        except ValidationError:
            return data


class BoundedCharField(forms.CharField):
    """A text field limited to what its rule allows, saying so in Danish with the length typed.
    Input beyond the limit is shown back cut to the limit: absurd input is not echoed."""

    def __init__(
        self, *, noun: str, max_length: int, required: bool = False, text_check: bool = True, **kwargs
    ):
        super().__init__(max_length=max_length, required=required, **kwargs)
        self.error_messages["max_length"] = MSG_TOO_LONG.format(noun=noun)
        if text_check:
            # The one text check (control, bidi-override and invisible-only text) of sor_admin.text.
            self.validators.append(TextValidator(noun))

    def bound_data(self, data, initial):
        if isinstance(data, str) and len(data) > self.max_length:
            return data[: self.max_length]
        return data


def reason_field(
    *, required: bool, problem: Callable[[str | None], ValidationError | None]
) -> BoundedCharField:
    """Begrundelse, marked as required where the service's policy requires it. The service checks
    it (`problem`, e.g. `services.reason_problem` for the action: presence and text), so its other
    rules are reported on the same submit; the text check is therefore not repeated here.
    `DkfdsForm.clean` calls `problem` when the form's own checks stop the submit first."""
    field = BoundedCharField(
        label="Begrundelse",
        noun="Begrundelsen",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea,
        text_check=False,
    )
    field.marked_required = required
    field.reason_problem = problem
    return field


def revision_field() -> forms.IntegerField:
    """The unit's revision when the form was opened: without it a write could overwrite a newer
    change unseen, so a form without it is refused."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": MSG_REVISION_REQUIRED, "invalid": MSG_REVISION_REQUIRED},
    )


def form_key_field() -> forms.UUIDField:
    """The key of this opened form, new each time it is rendered (kept when it is shown again
    with errors): the service claims it with the change, so a second submit of the same form is
    answered with the first one's result instead of making another change
    (`sor_admin.submissions`). A request without it (a script) is not protected."""
    return forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        initial=uuid.uuid4,
        error_messages={"invalid": MSG_FORM_KEY_INVALID},
    )


def date_field(label: str, *, help_text: str = "") -> forms.DateField:
    field = DanishDateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"required": MSG_DATE_REQUIRED, "invalid": MSG_DATE_INVALID},
    )
    field.is_date_picker = True
    field.marked_required = True
    return field


class DkfdsForm(forms.Form):
    """Adds the DKFDS input classes and a list of errors for the error summary. Fields with
    `marked_required` get the required marker and aria-required, even where the service rather
    than the form checks them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    @property
    def has_marked_fields(self) -> bool:
        return any(getattr(field, "marked_required", False) for field in self.fields.values())

    def clean(self):
        data = super().clean()
        # The service reports a missing Begrundelse together with its rules; when the form's own
        # checks stop the submit before the service is reached, report it with them here.
        reason = self.fields.get("reason")
        check = getattr(reason, "reason_problem", None)
        if check is not None and self.errors and "reason" not in self.errors:
            problem = check(data.get("reason"))
            if problem is not None:
                self.add_error("reason", problem)
        return data

    def style_fields(self) -> None:
        """Give every widget its DKFDS class; call again after adding fields."""
        for field in self.fields.values():
            widget = field.widget
            if getattr(field, "marked_required", False) and not widget.is_hidden:
                widget.attrs["aria-required"] = "true"
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-checkbox")
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "form-input")
                widget.attrs["rows"] = 3
            elif not widget.is_hidden:
                widget.attrs.setdefault("class", "form-input")

    def error_summary(self) -> list[tuple[str | None, str]]:
        """(anchor id or None, message) for every error, fields in form order first."""
        items = []
        for bound in (self[name] for name in self.fields):
            for message in bound.errors:
                items.append((bound.id_for_label if not bound.is_hidden else None, message))
        for message in self.non_field_errors():
            items.append((None, message))
        return items


def apply_service_error(form: forms.Form, exc: ValidationError, *, aliases: dict | None = None) -> None:
    """Put a service's ValidationError on the form: keys that name a field go next to it, an
    address key goes on the address's first field, anything else goes to the summary."""
    aliases = aliases or {}
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, messages in exc.message_dict.items():
        target = aliases.get(key, key)
        if target not in form.fields and f"{target}_postal_code" in form.fields:
            target = f"{target}_postal_code"
        if target not in form.fields:
            target = None
        for message in messages:
            form.add_error(target, message)


# --- login -------------------------------------------------------------------------------


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Forkert brugernavn eller adgangskode. Prøv igen.",
        "inactive": "Brugeren er ikke aktiv.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Brugernavn"
        self.fields["password"].label = "Adgangskode"
        self.fields["username"].error_messages["required"] = "Angiv dit brugernavn."
        self.fields["password"].error_messages["required"] = "Angiv din adgangskode."
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-input"

    def error_summary(self):
        return DkfdsForm.error_summary(self)
