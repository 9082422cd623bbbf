"""The request forms ("Anmod om ændring", one kind at a time, with the fields of the real action:
Rediger and Opret are the register's own unit form) and the reviewer's forms. Forms check the shape; the rules are the services'."""

from dataclasses import asdict
from typing import Any

from django import forms

from addresses.services import AddressInput
from hierarchy.dates import today
from hierarchy.forms import UnitForm, confirm_duplicate_field
from hierarchy.models import EdiMessageType, Unit
from sor_admin.ui.forms import REASON_MAX_LENGTH, BoundedCharField, DkfdsForm, date_field, form_key_field

from . import selectors
from .changes import LABELS
from .models import ChangeRequest

Kind = ChangeRequest.Kind

LABEL_CONFIRM_DUPLICATE_REQUEST = "Send alligevel: enhederne skal have samme navn"

DATE_LABELS = {
    Kind.EDIT: "Gældende fra",
    Kind.CREATE: "Gældende fra",
    Kind.MOVE: "Dato for flytning",
    Kind.CLOSE: "Dato for enhedens ophør",
}


def _text(label: str, noun: str, max_length: int) -> BoundedCharField:
    return BoundedCharField(label=label, noun=noun, max_length=max_length)


def _reason() -> BoundedCharField:
    field = BoundedCharField(
        label="Begrundelse", noun="Begrundelsen", max_length=REASON_MAX_LENGTH, widget=forms.Textarea
    )
    field.marked_required = True
    return field


class RequestForm(DkfdsForm):
    """Flyt (the new parent), Luk (the date alone), a lokationsnummer (its GLN and message
    types) and its message types; always Begrundelse. Rediger and Opret: `UnitRequestForm`."""

    def __init__(self, *args: Any, kind: str, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind, self.unit = kind, unit
        fields: dict[str, forms.Field] = {}
        if kind == Kind.MOVE:
            fields["new_parent"] = _text("Ny overliggende enhed (SOR-kode)", "SOR-koden", 20)
        if kind == Kind.LOCATION_NUMBER:
            fields["gln"] = _text("Lokationsnummer", "Lokationsnummeret", 13)
        if kind in (Kind.LOCATION_NUMBER, Kind.MESSAGE_TYPES):
            fields["message_types"] = forms.MultipleChoiceField(
                label="Meddelelsestyper",
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(t.urn, f"{t} – {t.name}") for t in EdiMessageType.objects.all()],
            )
        if kind in DATE_LABELS:
            fields["effective_date"] = date_field(DATE_LABELS[kind], help_text="dd-mm-åååå")
        fields["reason"] = _reason()
        fields["form_key"] = form_key_field()  # one submit files one request (services.request_file)
        self.fields.update(fields)
        self.style_fields()

    def proposed(self) -> dict[str, Any]:
        """The proposal as the service takes it."""
        data = self.cleaned_data
        if self.kind == Kind.MOVE:
            return {"new_parent": data.get("new_parent", "").strip()}
        if self.kind == Kind.LOCATION_NUMBER:
            return {
                "gln": data.get("gln", "").strip(),
                "message_types": sorted(data.get("message_types", [])),
            }
        if self.kind == Kind.MESSAGE_TYPES:
            return {"message_types": sorted(data.get("message_types", []))}
        return {}


def created_kind(parent: Unit) -> str:
    """What Opret under `parent` creates: an SI under an IE, else an OE (the levels of SOR)."""
    if parent.kind == Unit.Kind.INSTITUTION_OWNER:
        return Unit.Kind.HEALTH_INSTITUTION
    return Unit.Kind.ORGANISATIONAL_UNIT


def _address_value(address: AddressInput | None) -> dict[str, Any]:
    return asdict(address) if address is not None else {}


class UnitRequestForm(UnitForm):
    """Rediger and Opret as a request: the real form's fields (hierarchy.forms.UnitForm, with
    its address groups, "samme som" and the confirmation of an unknown street name), prefilled
    with the unit's values for Rediger; the date is the one the change should take effect from,
    and Begrundelse is always required. `proposed` is what the service will be given."""

    def __init__(
        self, *args: Any, kind: str, unit: Unit, street_url: str | None = None, **kwargs: Any
    ) -> None:
        self.request_kind, self.unit = kind, unit
        unit_kind = unit.kind if kind == Kind.EDIT else created_kind(unit)
        super().__init__(
            *args,
            kind=unit_kind,
            date_name="effective_date",
            street_url=street_url,
            action="update" if kind == Kind.EDIT else "create",
            **kwargs,
        )
        self.fields["reason"] = _reason()
        self.fields["effective_date"].min_date = today()
        # Shown with a sibling's name (views._awaits_duplicate_confirmation), as in the real
        # forms; here the button sends a request, so the box says so.
        self.fields["confirm_duplicate"] = confirm_duplicate_field(LABEL_CONFIRM_DUPLICATE_REQUEST)
        if not self.is_bound:
            if kind == Kind.EDIT:
                self.initial.update(self.initial_from_unit(unit))
            else:
                self.initial.setdefault("visiting_same_as_postal", True)
                self.initial.setdefault("activity_same_as_visiting", True)
        self.style_fields()

    def proposed(self) -> dict[str, Any]:
        """Opret: every field. Rediger: only the fields that differ from the unit today (the
        service refuses an empty proposal)."""
        data = self.unit_data()
        values: dict[str, Any] = {
            "name": data.name,
            "unit_type": data.unit_type.code if data.unit_type is not None else "",
            "phone": data.phone,
            "email": data.email,
            "website": data.website,
            "postal_address": asdict(data.postal_address) if data.postal_address else None,
            "visiting_address": None
            if data.visiting_same_as_postal
            else _address_value(data.visiting_address),
        }
        if self.kind == Unit.Kind.ORGANISATIONAL_UNIT:
            values["activity_address"] = (
                None if data.activity_same_as_visiting else _address_value(data.activity_address)
            )
        if self.request_kind == Kind.CREATE:
            return {"kind": str(self.kind), **values}
        current = selectors.unit_values(self.unit, self.unit.kind)
        return {key: value for key, value in values.items() if not _same(key, value, current.get(key))}


def _same(key: str, proposed: Any, current: Any) -> bool:
    if key in selectors.ADDRESS_KEYS:
        return selectors.same_address(proposed, current)
    return (proposed or "") == (current or "")


class AnswerForm(DkfdsForm):
    """Afvis (the answer), Bed om flere oplysninger (the question) and the requester's reply."""

    text = forms.CharField(widget=forms.Textarea, max_length=REASON_MAX_LENGTH, required=False)


class ApproveForm(DkfdsForm):
    """Godkend: the fields to carry out (Rediger), the date (default the requested one), and the
    unit's revision the reviewer saw, when the unit has changed since filing."""

    fields_chosen = forms.MultipleChoiceField(
        label="Godkend disse felter", required=False, widget=forms.CheckboxSelectMultiple
    )
    effective_date = date_field("Gældende fra", help_text="dd-mm-åååå; tom: den ønskede dato")
    confirmed_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm_changed = forms.BooleanField(
        label="Jeg har set, hvad der er ændret, og godkender alligevel", required=False
    )
    confirm_impact = forms.BooleanField(
        label="Jeg har set konsekvenserne for lokationsnumre og godkender alligevel", required=False
    )
    answer = forms.CharField(
        label="Svar til anmoder (valgfrit)",
        widget=forms.Textarea,
        max_length=REASON_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args: Any, request: ChangeRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fields_chosen"].choices = [(k, LABELS.get(k, k)) for k in request.proposed]
        self.fields["effective_date"].required = False
        self.fields["effective_date"].marked_required = False
        self.style_fields()
