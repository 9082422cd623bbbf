"""Forms for the GUI. They check the shape of the input (dates parse, a SOR-kode names a unit);
the rules themselves are the services' (DESIGN.md §3), whose errors `apply_service_error` puts
next to the right field."""

from datetime import timedelta
from pathlib import Path

import django.forms
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.renderers import BaseRenderer, EngineMixin
from django.template.backends.django import DjangoTemplates
from django.urls import reverse
from django.utils.functional import cached_property

from addresses.models import Address, PostalCode
from addresses.services import CODE_UNKNOWN_STREET, AddressInput, address_check
from sor_admin.text import TextValidator

from . import selectors, services
from .identifiers import sor_id_problem
from .models import Unit, UnitType

DATE_FORMAT = "%d-%m-%Y"
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%y"]

MSG_DATE_REQUIRED = "Angiv en dato på formen dd-mm-åååå."
MSG_DATE_INVALID = "Datoen skal skrives som dd-mm-åååå, fx 01-06-2026."
MSG_NEW_PARENT_REQUIRED = (
    "Angiv SOR-koden på den nye overliggende enhed, eller klik på enheden i træet til venstre."
)
MSG_NEW_PARENT_UNKNOWN = "Der findes ingen enhed med SOR-koden {value}. Kontrollér det indtastede."
MSG_CONFIRM_IMPACT = "Sæt kryds for at bekræfte, at du har set konsekvenserne for lokationsnumrene."
LABEL_CONFIRM_STREET = "Vejnavnet er stavet rigtigt; gem det, selv om vejregisteret ikke kender det"
MSG_REVISION_REQUIRED = (
    "Formularen mangler oplysningen om, hvilken udgave af enheden du åbnede, så intet er gemt. "
    "Åbn enheden igen, og gentag ændringen."
)
MSG_TOO_LONG = "{noun} må højst have %(limit_value)d tegn (du skrev %(show_value)d)."
# Begrundelse has no rule of its own for its length; the same bound holds in every form.
REASON_MAX_LENGTH = 1000


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


ADDRESS_PARTS = (
    ("postal_code", "Postnummer"),
    ("street_name", "Vejnavn"),
    ("house_number", "Husnummer"),
    ("floor", "Etage"),
    ("door", "Dør"),
)
# (noun for the length message, longest value the address columns hold)
ADDRESS_PART_LIMITS = {
    "postal_code": ("Postnummeret", _max_length(PostalCode, "nr")),
    "street_name": ("Vejnavnet", _max_length(Address, "street_name")),
    "house_number": ("Husnummeret", _max_length(Address, "house_number")),
    "floor": ("Etagen", _max_length(Address, "floor")),
    "door": ("Døren", _max_length(Address, "door")),
}
ADDRESS_REQUIRED_PARTS = ("postal_code", "street_name")
ADDRESS_GROUPS = (
    ("postal_address", "Postadresse"),
    ("visiting_address", "Besøgsadresse"),
    ("activity_address", "Aktivitetsadresse"),
)


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


def reason_field(action: str) -> BoundedCharField:
    """Begrundelse, marked as required where the service's policy requires it. The service checks
    it (`services.reason_problem`: presence and text), so its other rules are reported on the
    same submit; the text check is therefore not repeated here."""
    field = BoundedCharField(
        label="Begrundelse",
        noun="Begrundelsen",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea,
        text_check=False,
    )
    field.marked_required = services.reason_required(action)
    field.reason_action = action
    return field


def revision_field() -> forms.IntegerField:
    """The unit's revision when the form was opened: without it a write could overwrite a newer
    change unseen, so a form without it is refused."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": MSG_REVISION_REQUIRED, "invalid": MSG_REVISION_REQUIRED},
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
        action = getattr(reason, "reason_action", None)
        if action and self.errors and "reason" not in self.errors:
            problem = services.reason_problem(action, data.get("reason"))
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


# --- login and search -----------------------------------------------------------------------


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


class SearchForm(DkfdsForm):
    fritekst = forms.CharField(
        label="Fritekst",
        required=False,
        help_text="Søger i navn, SOR-kode, adresser, telefon og e-mail. Brug * som joker.",
    )
    navn = forms.CharField(label="Navn", required=False, help_text="Fx *blovstrød*, Blovstrød* eller *skole")
    sor_kode = forms.CharField(label="SOR-kode", required=False)
    mine = forms.BooleanField(label="Kun mine enheder", required=False)
    vis_lukkede = forms.BooleanField(label="Vis lukkede enheder", required=False)


# --- create and edit ------------------------------------------------------------------------


class UnitForm(DkfdsForm):
    """Create OE (date field `valid_from`) and edit (date field `effective_date`)."""

    # The services check the rules; the form bounds each field by its column.
    name = BoundedCharField(label="Navn", noun="Navnet", max_length=_max_length(Unit, "name"))
    unit_type = BoundedCharField(
        label="Enhedstype",
        noun="Enhedstypen",
        max_length=_max_length(UnitType, "name"),
        help_text="Skriv en del af typen, fx tand, og vælg fra listen.",
    )
    phone = BoundedCharField(
        label="Telefonnummer",
        noun="Telefonnummeret",
        max_length=_max_length(Unit, "phone"),
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = BoundedCharField(
        label="E-mail",
        noun="E-mailadressen",
        max_length=_max_length(Unit, "email"),
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )
    website = BoundedCharField(
        label="Hjemmeside", noun="Hjemmesiden", max_length=_max_length(Unit, "website")
    )
    visiting_same_as_postal = forms.BooleanField(label="Samme som postadresse", required=False)
    activity_same_as_visiting = forms.BooleanField(label="Samme som besøgsadresse", required=False)

    def __init__(
        self,
        *args,
        kind: str = Unit.Kind.ORGANISATIONAL_UNIT,
        date_name: str = "valid_from",
        street_url: str | None = None,
        action: str = "create",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.date_name = date_name
        self.fields["reason"] = reason_field(action)
        self.fields[date_name] = date_field("Gældende fra", help_text="dd-mm-åååå")
        oe = kind == Unit.Kind.ORGANISATIONAL_UNIT
        # What the service requires of an OE (of an SI or IE: name and type only).
        for name in ("name", "unit_type"):
            self.fields[name].marked_required = True
        self.fields["phone"].marked_required = oe
        groups = ADDRESS_GROUPS if oe else ADDRESS_GROUPS[:2]
        self.unknown_street_prefixes: set[str] = set()
        for prefix, _legend in groups:
            for part, label in ADDRESS_PARTS:
                noun, limit = ADDRESS_PART_LIMITS[part]
                field = BoundedCharField(label=label, noun=noun, max_length=limit)
                # An address that is shown must have these; the postadresse of an OE always is.
                field.marked_required = part in ADDRESS_REQUIRED_PARTS and (oe or prefix != "postal_address")
                # addresses.services: the postadresse needs a husnummer.
                field.marked_required |= oe and prefix == "postal_address" and part == "house_number"
                self.fields[f"{prefix}_{part}"] = field
                field.widget.attrs["class"] = "form-input"
            self.fields[f"{prefix}_confirm_unknown_street"] = forms.BooleanField(
                label=LABEL_CONFIRM_STREET, required=False
            )
        if kind != Unit.Kind.ORGANISATIONAL_UNIT:
            del self.fields["activity_same_as_visiting"]
        owner = "?ejertype=1" if kind == Unit.Kind.INSTITUTION_OWNER else ""
        self.fields["unit_type"].widget.attrs.update(
            {
                "autocomplete": "off",
                "list": "unit-type-options",
                # The options are filtered on the server as the user types (and the full list is
                # there from the start, so the field works without JavaScript too).
                "hx-get": reverse("hierarchy:unit_type_options") + owner,
                "hx-trigger": "input changed delay:150ms",
                "hx-target": "#unit-type-options",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        )
        self.fields["visiting_same_as_postal"].widget.attrs["data-hides"] = "visiting_address-fields"
        if "activity_same_as_visiting" in self.fields:
            self.fields["activity_same_as_visiting"].widget.attrs["data-hides"] = "activity_address-fields"
        for prefix, _legend in groups:
            self.fields[f"{prefix}_postal_code"].widget.attrs.update(
                {"inputmode": "numeric", "autocomplete": "off", "class": "form-input input-width-xs"}
            )
            street = self.fields[f"{prefix}_street_name"].widget.attrs
            street["autocomplete"] = "off"
            if street_url:
                street.update(
                    {
                        "list": f"{prefix}-street-options",
                        "hx-get": street_url,
                        "hx-trigger": "input changed delay:200ms",
                        "hx-target": f"#{prefix}-street-options",
                        "hx-swap": "innerHTML",
                        "hx-sync": "this:replace",
                        "data-street-typeahead": "",
                        "data-postcode-input": f"id_{prefix}_postal_code",
                    }
                )
            for part in ("house_number", "floor", "door"):
                self.fields[f"{prefix}_{part}"].widget.attrs["class"] = "form-input input-width-xs"
        same_as = {
            "visiting_address": ["visiting_same_as_postal"],
            "activity_address": ["activity_same_as_visiting"],
        }
        self.order_fields(
            ["name", "unit_type", date_name]
            + [
                name
                for p, _ in groups
                for name in same_as.get(p, [])
                + [f"{p}_{part}" for part, _l in ADDRESS_PARTS]
                + [f"{p}_confirm_unknown_street"]
            ]
            + ["phone", "email", "website", "reason"]
        )
        self.style_fields()

    @property
    def address_groups(self):
        """(prefix, legend, same-as field or None, [bound fields]) for the template."""
        groups = []
        for prefix, legend in ADDRESS_GROUPS:
            if f"{prefix}_postal_code" not in self.fields:
                continue
            same = {
                "visiting_address": "visiting_same_as_postal",
                "activity_address": "activity_same_as_visiting",
            }
            same_field = self[same[prefix]] if prefix in same else None
            hidden = bool(same_field is not None and self._checked(same[prefix]))
            confirm_name = f"{prefix}_confirm_unknown_street"
            show_confirm = prefix in self.unknown_street_prefixes or (
                self.is_bound and self._checked(confirm_name)
            )
            groups.append(
                {
                    "prefix": prefix,
                    "legend": legend,
                    "same": same_field,
                    "hidden": hidden,
                    "fields": [self[f"{prefix}_{part}"] for part, _ in ADDRESS_PARTS],
                    "confirm": self[confirm_name] if show_confirm else None,
                }
            )
        return groups

    def _checked(self, name: str) -> bool:
        bound = self[name]
        return (
            bool(bound.field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name)))
            if (self.is_bound)
            else bool(self.get_initial_for_field(bound.field, name))
        )

    def clean_unit_type(self):
        text = self.cleaned_data.get("unit_type", "")
        if not text.strip():
            return None
        unit_type = selectors.unit_type_by_name(text, owner_types=self.kind == Unit.Kind.INSTITUTION_OWNER)
        if unit_type is None:
            raise ValidationError(
                services.MSG_OWNER_TYPE
                if self.kind == Unit.Kind.INSTITUTION_OWNER
                else services.MSG_UNIT_TYPE
            )
        return unit_type

    def _address(self, prefix: str, *, as_typed: bool = False) -> AddressInput | None:
        # `as_typed` reads the submitted values, for use after errors have been added (which
        # removes the fields from cleaned_data).
        def value(name):
            return self[name].value() if as_typed else self.cleaned_data.get(name)

        values = {part: (value(f"{prefix}_{part}") or "").strip() for part, _ in ADDRESS_PARTS}
        if not any(values.values()):
            return None
        confirmed = bool(value(f"{prefix}_confirm_unknown_street"))
        return AddressInput(**values, confirm_unknown_street=confirmed)

    def note_unknown_streets(self) -> None:
        """After the service refused an address: find the street names that are merely unknown
        to an incomplete street list, so the form can offer to confirm them. (The service
        passes address errors on as plain messages, so the code is looked up here.)"""
        for prefix, _legend in ADDRESS_GROUPS:
            key = f"{prefix}_street_name"
            if key not in self.errors or f"{prefix}_postal_code" not in self.fields:
                continue
            value = self._address(prefix, as_typed=True)
            if value is None:
                continue
            try:
                address_check(value, field=prefix)
            except ValidationError as exc:
                if any(e.code == CODE_UNKNOWN_STREET for e in exc.error_dict.get(key, [])):
                    self.unknown_street_prefixes.add(prefix)

    def unit_data(self) -> services.UnitData:
        data = self.cleaned_data
        activity_same = (
            data.get("activity_same_as_visiting", True)
            if self.kind == Unit.Kind.ORGANISATIONAL_UNIT
            else True
        )
        return services.UnitData(
            name=data.get("name", ""),
            unit_type=data.get("unit_type"),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            website=data.get("website", ""),
            postal_address=self._address("postal_address"),
            visiting_same_as_postal=data.get("visiting_same_as_postal", False),
            visiting_address=None
            if data.get("visiting_same_as_postal")
            else self._address("visiting_address"),
            activity_same_as_visiting=activity_same,
            activity_address=(
                None
                if activity_same or self.kind != Unit.Kind.ORGANISATIONAL_UNIT
                else self._address("activity_address")
            ),
        )

    @staticmethod
    def initial_from_unit(unit: Unit) -> dict:
        initial = {
            "name": unit.name,
            "unit_type": unit.unit_type.name if unit.unit_type_id else "",
            "phone": unit.phone,
            "email": unit.email,
            "website": unit.website,
            "visiting_same_as_postal": unit.visiting_same_as_postal,
            "activity_same_as_visiting": unit.activity_same_as_visiting,
        }
        for prefix, _ in ADDRESS_GROUPS:
            address = getattr(unit, prefix)
            if address is not None:
                for part, value in address.as_dict().items():
                    initial[f"{prefix}_{part}"] = value
        return initial


class CreateUnitForm(UnitForm):
    def __init__(self, *args, parent: Unit, actor=None, street_url: str | None = None, **kwargs):
        super().__init__(
            *args,
            kind=Unit.Kind.ORGANISATIONAL_UNIT,
            date_name="valid_from",
            street_url=street_url,
            action="create",
            **kwargs,
        )
        self.fields["valid_from"].min_date = services.earliest_date("create", actor=actor, unit=parent)
        if not self.is_bound:
            self.initial.setdefault(
                "valid_from", services.today() + timedelta(days=services.CREATE_DEFAULT_DAYS)
            )
            self.initial.setdefault("visiting_same_as_postal", True)
            self.initial.setdefault("activity_same_as_visiting", True)


class EditUnitForm(UnitForm):
    def __init__(self, *args, unit: Unit, actor=None, street_url: str | None = None, **kwargs):
        super().__init__(
            *args,
            kind=unit.kind,
            date_name="effective_date",
            street_url=street_url,
            action="update",
            **kwargs,
        )
        self.fields["expected_revision"] = revision_field()
        self.fields["effective_date"].min_date = services.earliest_date("update", actor=actor, unit=unit)
        if not self.is_bound:
            self.initial.update(self.initial_from_unit(unit))
            self.initial["expected_revision"] = unit.revision
            self.initial["effective_date"] = max(services.today(), unit.valid_from)


# --- move and close -------------------------------------------------------------------------


class MoveUnitForm(DkfdsForm):
    new_parent = BoundedCharField(
        label="Ny overliggende enhed (SOR-kode)",
        noun="SOR-koden",
        max_length=_max_length(Unit, "sor_id"),
        help_text="Klik på enheden i træet til venstre, eller indsæt dens SOR-kode.",
    )
    new_parent.marked_required = True
    confirm_impact = forms.BooleanField(
        label="Jeg har set konsekvenserne for lokationsnumre og meddelelsestyper og vil fortsætte",
        required=False,
    )

    def __init__(self, *args, unit: Unit, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["reason"] = reason_field("move")
        self.fields["expected_revision"] = revision_field()
        self.fields["effective_date"] = date_field(
            "Dato for flytning", help_text="Tidligst i morgen. dd-mm-åååå"
        )
        self.fields["effective_date"].min_date = services.earliest_date("move", actor=actor, unit=unit)
        self.order_fields(["new_parent", "effective_date", "reason", "confirm_impact", "expected_revision"])
        self.style_fields()
        self.fields["new_parent"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["effective_date"] = services.today() + timedelta(days=services.MOVE_MIN_DAYS)
            self.initial["expected_revision"] = unit.revision

    def clean_new_parent(self):
        value = "".join((self.cleaned_data.get("new_parent") or "").split())
        if not value:
            raise ValidationError(MSG_NEW_PARENT_REQUIRED)
        problem = sor_id_problem(value)
        if problem:
            raise ValidationError(problem)
        parent = Unit.objects.filter(sor_id=value).first()
        if parent is None:
            raise ValidationError(MSG_NEW_PARENT_UNKNOWN.format(value=value))
        return parent


class CloseUnitForm(DkfdsForm):
    confirm_impact = forms.BooleanField(
        label="Jeg har set konsekvenserne for lokationsnumre og meddelelsestyper og vil fortsætte",
        required=False,
    )

    def __init__(self, *args, unit: Unit, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["reason"] = reason_field("close")
        self.fields["expected_revision"] = revision_field()
        self.fields["closing_date"] = date_field(
            "Dato for enhedens ophør", help_text="Sidste dag enheden er gyldig. Tidligst dags dato + 7 dage."
        )
        self.fields["closing_date"].min_date = services.earliest_date("close", actor=actor, unit=unit)
        self.order_fields(["closing_date", "reason", "confirm_impact", "expected_revision"])
        self.style_fields()
        if not self.is_bound:
            self.initial["closing_date"] = services.today() + timedelta(days=services.CLOSE_MIN_DAYS)
            self.initial["expected_revision"] = unit.revision
