"""The register's forms: search, Opret/Rediger OE (with the address groups), Flyt OE and Luk OE.
They check the shape of the input (dates parse, a SOR-kode names a unit); the rules themselves are
the services' (ARCHITECTURE.md, "The writer path"), whose errors `apply_service_error` puts next to the right field.
The DKFDS kit they are built from is `sor_admin.ui.forms`."""

from datetime import timedelta
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from addresses.models import Address, PostalCode
from addresses.services import CODE_UNKNOWN_STREET, AddressInput, address_check
from sor_admin.ui.forms import (  # the messages are re-exported: callers and tests read them here
    MSG_DATE_INVALID,  # noqa: F401
    MSG_DATE_REQUIRED,  # noqa: F401
    MSG_REVISION_REQUIRED,  # noqa: F401
    REASON_MAX_LENGTH,  # noqa: F401
    BoundedCharField,
    DkfdsForm,
    date_field,
    form_key_field,
    revision_field,
)
from sor_admin.ui.forms import reason_field as kit_reason_field

from . import selectors, services
from .models import Unit, UnitType

MSG_NEW_PARENT_REQUIRED = (
    "Angiv SOR-koden på den nye overliggende enhed, eller klik på enheden i træet til venstre."
)
MSG_CONFIRM_IMPACT = "Sæt kryds for at bekræfte, at du har set konsekvenserne for lokationsnumrene."
# Flyt OE when the change touches no lokationsnummer but would break Kvalitetstjek rules
# (hierarchy/consequences.py): the confirmation names what was shown, not R7's lokationsnumre.
MSG_CONFIRM_CONSEQUENCES = "Sæt kryds for at bekræfte, at du har set konsekvenserne af ændringen."
LABEL_CONFIRM_IMPACT = "Jeg har set konsekvenserne for lokationsnumre og meddelelsestyper og vil fortsætte"
LABEL_CONFIRM_CONSEQUENCES = "Jeg har set konsekvenserne af ændringen og vil fortsætte"
LABEL_CONFIRM_STREET = "Vejnavnet er stavet rigtigt; gem det, selv om vejregisteret ikke kender det"


def reason_field(action: str) -> BoundedCharField:
    """Begrundelse for a unit action: required and checked by the services' rule for `action`
    (`services.reason_required`, `reason_problem`), so the form and the service agree."""
    return kit_reason_field(
        required=services.reason_required(action), problem=partial(services.reason_problem, action)
    )


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


# --- search -------------------------------------------------------------------------------


class SearchForm(DkfdsForm):
    fritekst = forms.CharField(
        label="Fritekst",
        required=False,
        help_text="Søger i navn, SOR-kode, adresser, telefon og e-mail. Brug * som joker.",
    )
    navn = forms.CharField(label="Navn", required=False, help_text="Fx Blovstrød* eller *skole")
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
        self.fields["form_key"] = form_key_field()
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


MSG_CONFIRM_DUPLICATE = (
    "Sæt kryds for at bekræfte, at den nye enhed skal have samme navn som en eksisterende enhed."
)
MSG_CONFIRM_DUPLICATE_EDIT = (
    "Sæt kryds for at bekræfte, at enheden skal have samme navn som en anden enhed under samme "
    "overliggende enhed."
)
LABEL_CONFIRM_DUPLICATE = "Opret alligevel: enhederne skal have samme navn"
LABEL_CONFIRM_DUPLICATE_EDIT = "Gem alligevel: enhederne skal have samme navn"


def confirm_duplicate_field(label: str = LABEL_CONFIRM_DUPLICATE) -> forms.BooleanField:
    """Shown only when a unit of the same name is under the parent (`selectors.same_name_units`):
    Opret OE, a rename in Rediger, and both as an Anmodning (change_requests.forms)."""
    return forms.BooleanField(label=label, required=False)


class CreateUnitForm(UnitForm):
    confirm_duplicate = confirm_duplicate_field()

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
        self.fields["confirm_duplicate"] = confirm_duplicate_field(LABEL_CONFIRM_DUPLICATE_EDIT)
        self.fields["effective_date"].min_date = services.earliest_date("update", actor=actor, unit=unit)
        if not self.is_bound:
            self.initial.update(self.initial_from_unit(unit))
            self.initial["expected_revision"] = unit.revision
            self.initial["effective_date"] = max(services.today(), unit.valid_from)


# --- move and close -------------------------------------------------------------------------


class _MoveOrCloseForm(DkfdsForm):
    """Flyt and Luk: the date (from the service's earliest), Begrundelse, the confirmation of the
    impact on lokationsnumre and the revision the form was opened with."""

    confirm_impact = forms.BooleanField(label=LABEL_CONFIRM_IMPACT, required=False)
    action: str  # as services.earliest_date and the Begrundelse policy name it
    date_name: str
    date_label: str
    date_help: str
    default_days: int  # the date proposed: today + this
    field_order: list[str]

    def __init__(self, *args, unit: Unit, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["reason"] = reason_field(self.action)
        self.fields["expected_revision"] = revision_field()
        self.fields["form_key"] = form_key_field()
        self.fields[self.date_name] = date_field(self.date_label, help_text=self.date_help)
        self.fields[self.date_name].min_date = services.earliest_date(self.action, actor=actor, unit=unit)
        self.order_fields(self.field_order)
        self.style_fields()
        if not self.is_bound:
            self.initial[self.date_name] = services.today() + timedelta(days=self.default_days)
            self.initial["expected_revision"] = unit.revision


class MoveUnitForm(_MoveOrCloseForm):
    new_parent = BoundedCharField(
        label="Ny overliggende enhed (SOR-kode)",
        noun="SOR-koden",
        max_length=_max_length(Unit, "sor_id"),
        help_text="Klik på enheden i træet til venstre, eller indsæt dens SOR-kode.",
    )
    new_parent.marked_required = True
    action = "move"
    date_name = "effective_date"
    date_label = "Dato for flytning"
    date_help = "Tidligst i morgen. dd-mm-åååå"
    default_days = services.MOVE_MIN_DAYS
    field_order = [
        "new_parent",
        "effective_date",
        "reason",
        "confirm_impact",
        "expected_revision",
        "form_key",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_new_parent(self):
        value = self.cleaned_data.get("new_parent")
        if not selectors.fold_sor_id(value):
            raise ValidationError(MSG_NEW_PARENT_REQUIRED)
        return selectors.unit_for_sor_id(value)


class CloseUnitForm(_MoveOrCloseForm):
    action = "close"
    date_name = "closing_date"
    date_label = "Dato for enhedens ophør"
    date_help = "Sidste dag enheden er gyldig. Tidligst dags dato + 7 dage."
    default_days = services.CLOSE_MIN_DAYS
    field_order = ["closing_date", "reason", "confirm_impact", "expected_revision", "form_key"]
