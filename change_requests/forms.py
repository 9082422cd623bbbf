"""The request form ("Anmod om ændring", one kind at a time, with the fields of the real action)
and the reviewer's forms. Forms check the shape; the rules are the services'."""

from typing import Any

from django import forms

from hierarchy.models import EdiMessageType, Unit, UnitType
from sor_admin.ui.forms import REASON_MAX_LENGTH, BoundedCharField, DkfdsForm, date_field

from .changes import EDIT_FIELDS, LABELS
from .models import ChangeRequest

Kind = ChangeRequest.Kind

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
    """The fields of `kind`: Rediger and Opret the unit's attributes, Flyt the new parent, Luk
    the date alone, a lokationsnummer its GLN and message types; always Begrundelse."""

    def __init__(self, *args: Any, kind: str, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind, self.unit = kind, unit
        fields: dict[str, forms.Field] = {}
        if kind == Kind.CREATE:
            fields["kind"] = forms.ChoiceField(
                label="Niveau",
                choices=[("SI", "Sundhedsinstitution (SI)"), ("OE", "Organisatorisk enhed (OE)")],
            )
        if kind in (Kind.EDIT, Kind.CREATE):
            fields["name"] = _text("Navn", "Navnet", 60)
            fields["unit_type"] = forms.ChoiceField(
                label="Enhedstype",
                required=False,
                choices=[
                    ("", "–"),
                    # An IE has an ejertype (kommune, region, …), every other level an enhedstype.
                    *UnitType.objects.filter(
                        is_owner_type=kind == Kind.EDIT and unit.kind == Unit.Kind.INSTITUTION_OWNER
                    ).values_list("code", "name"),
                ],
            )
            fields["phone"] = _text("Telefonnummer", "Telefonnummeret", 20)
            fields["email"] = _text("E-mail", "E-mailadressen", 254)
            fields["website"] = _text("Hjemmeside", "Hjemmesiden", 200)
        if kind == Kind.CREATE:
            fields["postal_code"] = _text("Postnummer", "Postnummeret", 4)
            fields["street_name"] = _text("Vejnavn", "Vejnavnet", 40)
            fields["house_number"] = _text("Husnummer", "Husnummeret", 10)
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
        self.fields.update(fields)
        self.style_fields()
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget.attrs["class"] = "form-select"

    def proposed(self) -> dict[str, Any]:
        """The proposal as the service takes it. Rediger: only the fields that differ from the
        unit today (the service refuses an empty proposal)."""
        data = self.cleaned_data
        if self.kind == Kind.EDIT:
            current = {
                "name": self.unit.name,
                "unit_type": self.unit.unit_type_id,
                "phone": self.unit.phone,
                "email": self.unit.email,
                "website": self.unit.website,
            }
            return {k: data[k] for k in EDIT_FIELDS if (data.get(k) or "") != (current[k] or "")}
        if self.kind == Kind.CREATE:
            values = {k: data.get(k, "") for k in ("kind", *EDIT_FIELDS)}
            if data.get("postal_code") or data.get("street_name"):
                values["postal_address"] = {
                    "postal_code": data.get("postal_code", ""),
                    "street_name": data.get("street_name", ""),
                    "house_number": data.get("house_number", ""),
                }
            return values
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
