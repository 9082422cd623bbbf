"""The forms of the step-by-step builder (`reorganisation.builder`, "Opret trin for trin"):
the package's header and one form per kind of operation. They read what the user typed into the
plan's shape; the plan's rules are `read_plan`'s and `resolve`'s (`builder.add_operation`), the
register's the services' (the preview)."""

import copy
import re
from functools import partial

from django import forms
from django.contrib.auth import get_user_model

from hierarchy import contact
from hierarchy.forms import ADDRESS_PART_LIMITS, ADDRESS_PARTS, LABEL_CONFIRM_STREET, UnitForm, _max_length
from hierarchy.models import Unit, UnitType
from sor_admin.text import TextValidator
from sor_admin.ui.forms import DATE_FORMAT, REASON_MAX_LENGTH, BoundedCharField, DkfdsForm, date_field

from . import builder
from .forms import PlanUploadForm
from .models import Reorganisation
from .plan import KINDS, OP_LABELS, operations_count

MSG_NAME_REQUIRED = "Angiv omstruktureringens navn."
MSG_CASE_REQUIRED = "Angiv sagsnummeret."
MSG_REASON_REQUIRED = "Angiv en begrundelse."
MSG_UNIT_REQUIRED = "Angiv {what} med SOR-kode (eller ny-1 osv. for en enhed, omstruktureringen opretter)."
MSG_UNIT_TYPE_REQUIRED = "Vælg en enhedstype."
MSG_UNIT_TYPE_CHOICE = "Vælg en enhedstype fra listen."
MSG_KIND_CHOICE = "Vælg IE, SI eller OE."
MSG_OP_CHOICE = "Vælg en af operationerne på listen."
MSG_NEW_NAME_REQUIRED = "Angiv det nye navn."
MSG_USER_REQUIRED = "Angiv brugernavnet."
MSG_REPLACE_DRAFT = "Sæt kryds for at erstatte kladdens {count} med planfilens."
MSG_MOVE_WHICH = "Angiv enten de enheder, der flyttes (SOR-koder), eller den enhed, hvis underenheder flyttes – ikke begge."
HELP_UNIT = "SOR-koden, eller ny-1, ny-2 … for en enhed, der oprettes tidligere i omstruktureringen."


def _required_text(label: str, noun: str, max_length: int, missing: str, **kwargs) -> BoundedCharField:
    field = BoundedCharField(
        label=label,
        noun=noun,
        max_length=max_length,
        required=True,
        error_messages={"required": missing},
        **kwargs,
    )
    field.marked_required = True
    return field


def unit_field(
    label: str, what: str, *, required: bool = True, help_text: str = HELP_UNIT
) -> BoundedCharField:
    field = BoundedCharField(
        label=label,
        noun="SOR-koden",
        max_length=_max_length(Unit, "sor_id"),
        required=required,
        help_text=help_text,
        error_messages={"required": MSG_UNIT_REQUIRED.format(what=what)},
    )
    field.marked_required = required
    return field


def unit_type_field() -> forms.ChoiceField:
    types = UnitType.objects.order_by("name")
    field = forms.ChoiceField(
        label="Enhedstype",
        choices=[
            ("", "Vælg enhedstype"),
            ("Institutionsejere", [(t.code, t.name) for t in types if t.is_owner_type]),
            ("Øvrige", [(t.code, t.name) for t in types if not t.is_owner_type]),
        ],
        error_messages={"required": MSG_UNIT_TYPE_REQUIRED, "invalid_choice": MSG_UNIT_TYPE_CHOICE},
    )
    field.marked_required = True
    return field


class DraftHeaderForm(DkfdsForm):
    """Name, sagsnummer, Begrundelse and date of the package being built."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"] = _required_text(
            "Navn", "Navnet", _max_length(Reorganisation, "name"), MSG_NAME_REQUIRED
        )
        self.fields["case_number"] = _required_text(
            "Sagsnummer", "Sagsnummeret", _max_length(Reorganisation, "case_number"), MSG_CASE_REQUIRED
        )
        reason = _required_text(
            "Begrundelse",
            "Begrundelsen",
            REASON_MAX_LENGTH,
            MSG_REASON_REQUIRED,
            widget=forms.Textarea,
            text_check=False,
            help_text="Står på hver enheds hændelse i ændringsloggen, efter sagsnummeret.",
        )
        reason.validators.append(TextValidator("Begrundelsen", multiline=True))
        self.fields["reason"] = reason
        self.fields["effective_date"] = date_field("Gælder fra", help_text="dd-mm-åååå")
        self.style_fields()

    def header(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "case_number": data["case_number"].strip(),
            "reason": data["reason"].strip(),
            "effective_date": data["effective_date"].strftime(DATE_FORMAT),
        }

    @classmethod
    def initial_from(cls, draft: dict | None) -> dict:
        return {key: draft[key] for key in builder.HEADER_KEYS} if draft else {}


class DraftRevisionForm(forms.Form):
    """The revision of the draft the page showed (builder.check_revision); every builder POST
    carries it."""

    revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def shown(self) -> int | None:
        return self.cleaned_data["revision"] if self.is_valid() else None


class DraftLoadForm(PlanUploadForm):
    """Indlæs planfil i kladden: the file, checked as an uploaded one is (size, UTF-8,
    `read_plan`), becomes the draft. A draft with operations is only replaced when the user
    ticks that it may be (`replaces`: how many operations the draft has)."""

    def __init__(self, *args, replaces: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "plan_file"
        ].help_text = (
            "En planfil som den, «Hent som planfil» giver: hent en kladde som planfil for at se formatet."
        )
        if replaces:
            message = MSG_REPLACE_DRAFT.format(count=operations_count(replaces))
            self.fields["replace"] = forms.BooleanField(
                label=f"Erstat kladden og dens {operations_count(replaces)} med planfilen",
                error_messages={"required": message},
            )
            self.fields["replace"].marked_required = True
            self.style_fields()

    def clean_plan_file(self) -> dict:
        """The file as a draft (builder.from_plan_text), or every problem of its shape."""
        return builder.from_plan_text(super().clean_plan_file())


class OperationForm(DkfdsForm):
    """One operation of the plan; `operation()` is it in the plan's shape (plan.py). `refs` are
    the refs of the units the draft creates (what the user may name besides SOR-koder)."""

    op = ""

    def __init__(self, *args, refs=(), **kwargs):
        self.refs = tuple(refs)
        # Its own ids: the header form on the same page has fields of the same names (Navn).
        kwargs.setdefault("auto_id", "id_operation_%s")
        super().__init__(*args, **kwargs)

    def sections(self) -> list[tuple[str, list]]:
        """(legend, bound fields) for the page; the legend '' for the operation's own fields."""
        return [("", list(self))]

    def style_fields(self) -> None:
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select")
        super().style_fields()

    def operation(self, *, ref: str) -> dict:
        raise NotImplementedError

    def unit(self, name: str) -> dict | None:
        value = (self.cleaned_data.get(name) or "").strip()
        return builder.selector(value, self.refs) if value else None


# What a plan's "create" takes besides kind, name, unit_type, parent, copy_from and ref
# (engine.Run.create): the unit's own SOR-kode, contact and postadresse; each given one goes
# into the operation, an empty one is left out (then copy_from's or none).
# The contact fields are the unit form's own (labels, limits, widgets).
CREATE_CONTACT_FIELDS = contact.FIELDS
POSTAL = "postal_address"


class CreateOperationForm(OperationForm):
    op = "create"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label="Niveau",
            choices=[("", "Vælg niveau"), *((k, k) for k in KINDS)],
            help_text="IE: institutionsejer, SI: sundhedsinstitution, OE: organisatorisk enhed.",
            error_messages={"required": MSG_KIND_CHOICE, "invalid_choice": MSG_KIND_CHOICE},
        )
        self.fields["kind"].marked_required = True
        self.fields["name"] = _required_text(
            "Navn", "Navnet", _max_length(Unit, "name"), "Angiv den nye enheds navn."
        )
        self.fields["unit_type"] = unit_type_field()
        self.fields["parent"] = unit_field(
            "Overliggende enhed",
            "den overliggende enhed",
            required=False,
            help_text=HELP_UNIT + " Ikke for en IE.",
        )
        self.fields["copy_from"] = unit_field(
            "Kopiér kontaktoplysninger og adresser fra",
            "enheden",
            required=False,
            help_text=(
                "Valgfri. SOR-koden på en enhed, hvis telefon, e-mail, hjemmeside og adresser den nye "
                "enhed får. Det, du udfylder nedenfor, gælder i stedet for det kopierede."
            ),
        )
        self.fields["sor_id"] = BoundedCharField(
            label="Egen SOR-kode",
            noun="SOR-koden",
            max_length=_max_length(Unit, "sor_id"),
            help_text="Valgfri. Tom: registret giver enheden den næste ledige SOR-kode.",
        )
        for key in CREATE_CONTACT_FIELDS:
            self.fields[key] = copy.deepcopy(UnitForm.base_fields[key])
        self.fields["phone"].help_text = "Skal udfyldes for en OE (eller kopieres)."
        for part, label in ADDRESS_PARTS:
            noun, limit = ADDRESS_PART_LIMITS[part]
            self.fields[f"{POSTAL}_{part}"] = BoundedCharField(label=label, noun=noun, max_length=limit)
        self.fields[f"{POSTAL}_postal_code"].widget.attrs["inputmode"] = "numeric"
        self.fields[
            f"{POSTAL}_postal_code"
        ].help_text = (
            "Valgfri, men skal udfyldes for en OE (eller kopieres). Postnummer, vejnavn og husnummer."
        )
        self.fields[f"{POSTAL}_confirm_unknown_street"] = forms.BooleanField(
            label=LABEL_CONFIRM_STREET, required=False
        )
        self.style_fields()

    def sections(self) -> list[tuple[str, list]]:
        fields = list(self)
        return [
            (
                "",
                [f for f in fields if f.name not in CREATE_CONTACT_FIELDS and not f.name.startswith(POSTAL)],
            ),
            ("Kontaktoplysninger", [f for f in fields if f.name in CREATE_CONTACT_FIELDS]),
            ("Postadresse", [f for f in fields if f.name.startswith(POSTAL)]),
        ]

    def operation(self, *, ref: str) -> dict:
        data = self.cleaned_data
        op = {"op": "create", "ref": ref, "kind": data["kind"], "name": data["name"].strip()}
        op["unit_type"] = data["unit_type"]
        for key in ("parent", "copy_from"):
            if (selector := self.unit(key)) is not None:
                op[key] = selector
        for key in ("sor_id", *CREATE_CONTACT_FIELDS):
            if value := data[key].strip():
                op[key] = value
        address = {part: value for part, _ in ADDRESS_PARTS if (value := data[f"{POSTAL}_{part}"].strip())}
        if address:
            if data[f"{POSTAL}_confirm_unknown_street"]:
                address["confirm_unknown_street"] = True
            op[POSTAL] = address
        return op


class MoveOperationForm(OperationForm):
    op = "move"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"] = BoundedCharField(
            label="Enheder, der flyttes",
            noun="Listen af SOR-koder",
            max_length=20_000,
            widget=forms.Textarea,
            help_text="SOR-koder (eller ny-1 …), adskilt af mellemrum, komma eller linjeskift.",
            text_check=False,
        )
        self.fields["units"].validators.append(TextValidator("Listen af SOR-koder", multiline=True))
        self.fields["children_of"] = unit_field(
            "Eller: flyt alle underenheder af",
            "enheden",
            required=False,
            help_text="SOR-koden på den enhed, hvis underenheder pr. datoen flyttes.",
        )
        self.fields["children_kind"] = forms.ChoiceField(
            label="Underenheder af typen",
            required=False,
            choices=[("", "Alle"), ("SI", "SI"), ("OE", "OE")],
            error_messages={"invalid_choice": MSG_KIND_CHOICE},
        )
        self.fields["to"] = unit_field("Ny overliggende enhed", "den nye overliggende enhed")
        self.style_fields()

    def clean(self):
        data = super().clean()
        codes = [c for c in re.split(r"[\s,;]+", data.get("units") or "") if c]
        if "units" in data and "children_of" in data and bool(codes) == bool(data["children_of"].strip()):
            self.add_error(None, MSG_MOVE_WHICH)
        data["unit_list"] = codes
        return data

    def operation(self, *, ref: str) -> dict:
        data = self.cleaned_data
        op: dict = {"op": "move"}
        codes = data["unit_list"]
        if codes:
            if len(codes) == 1:
                op["unit"] = builder.selector(codes[0], self.refs)
            else:
                op["units"] = [builder.selector(c, self.refs) for c in codes]
        else:
            op["units"] = {"children_of": self.unit("children_of")}
            if data.get("children_kind"):
                op["units"]["kind"] = data["children_kind"]
        op["to"] = self.unit("to")
        return op


class RenameOperationForm(OperationForm):
    op = "rename"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field("Enhed", "den enhed, der omdøbes")
        self.fields["name"] = _required_text(
            "Nyt navn", "Navnet", _max_length(Unit, "name"), MSG_NEW_NAME_REQUIRED
        )
        self.style_fields()

    def operation(self, *, ref: str) -> dict:
        return {"op": "rename", "unit": self.unit("unit"), "name": self.cleaned_data["name"].strip()}


class ChangeTypeOperationForm(OperationForm):
    op = "change_type"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field("Enhed", "den enhed, der skifter enhedstype")
        self.fields["unit_type"] = unit_type_field()
        self.fields["unit_type"].label = "Ny enhedstype"
        self.style_fields()

    def operation(self, *, ref: str) -> dict:
        return {"op": "change_type", "unit": self.unit("unit"), "unit_type": self.cleaned_data["unit_type"]}


class CloseOperationForm(OperationForm):
    op = "close"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field("Enhed", "den enhed, der lukkes")
        last_day = date_field("Sidste dag", help_text="dd-mm-åååå. Tom: dagen før omstruktureringens dato.")
        last_day.required = False
        last_day.marked_required = False
        self.fields["last_day"] = last_day
        self.style_fields()

    def operation(self, *, ref: str) -> dict:
        op = {"op": "close", "unit": self.unit("unit")}
        if self.cleaned_data.get("last_day"):
            op["last_day"] = self.cleaned_data["last_day"].strftime(DATE_FORMAT)
        return op


class ReplaceOperationForm(OperationForm):
    op = "replace"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field("Enhed, der lukkes", "den enhed, der erstattes")
        self.fields["by"] = unit_field("Erstattet af", "den enhed, der erstatter den")
        self.style_fields()

    def operation(self, *, ref: str) -> dict:
        return {"op": "replace", "unit": self.unit("unit"), "by": self.unit("by")}


class ScopeOperationForm(OperationForm):
    """scope_add / scope_remove: one administrator's responsibility for one IE."""

    def __init__(self, *args, op: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.op = op
        self.fields["user"] = _required_text(
            "Brugernavn",
            "Brugernavnet",
            get_user_model()._meta.get_field("username").max_length,
            MSG_USER_REQUIRED,
        )
        self.fields["ie"] = unit_field("Institutionsejer", "institutionsejeren")
        self.style_fields()

    def operation(self, *, ref: str) -> dict:
        return {"op": self.op, "user": self.cleaned_data["user"].strip(), "ie": self.unit("ie")}


class MoveScopesOperationForm(OperationForm):
    op = "move_scopes"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_ie"] = unit_field(
            "Fra institutionsejer", "den institutionsejer, ansvaret flyttes fra"
        )
        self.fields["to_ie"] = unit_field(
            "Til institutionsejer", "den institutionsejer, ansvaret flyttes til"
        )
        self.style_fields()

    def operation(self, *, ref: str) -> dict:
        return {"op": "move_scopes", "from": self.unit("from_ie"), "to": self.unit("to_ie")}


OPERATION_FORMS = {
    "create": CreateOperationForm,
    "move": MoveOperationForm,
    "rename": RenameOperationForm,
    "change_type": ChangeTypeOperationForm,
    "close": CloseOperationForm,
    "replace": ReplaceOperationForm,
    "scope_add": partial(ScopeOperationForm, op="scope_add"),
    "scope_remove": partial(ScopeOperationForm, op="scope_remove"),
    "move_scopes": MoveScopesOperationForm,
}


def operation_form(op: str, *args, **kwargs) -> OperationForm | None:
    factory = OPERATION_FORMS.get(op)
    return factory(*args, **kwargs) if factory else None


class OperationChoiceForm(DkfdsForm):
    """Which kind of operation to add next (the page then shows that operation's form)."""

    op = forms.ChoiceField(
        label="Operation",
        choices=[(op, OP_LABELS[op].capitalize()) for op in OPERATION_FORMS],
        error_messages={"required": MSG_OP_CHOICE, "invalid_choice": MSG_OP_CHOICE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["op"].widget.attrs["class"] = "form-select"


class RemoveOperationForm(forms.Form):
    """Which operation to remove (builder.remove_operation; the revision is checked first)."""

    index = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
