"""The Ændringslog filter form: the query string a support or SDS user filters events by."""

import re

from django import forms
from django.db.models import Q

from audit import registry
from audit.selectors import AuditFilter
from hierarchy.models import Unit
from sor_admin.ui.forms import DkfdsForm, date_field

MSG_UNKNOWN_KOMMUNE = "Der findes ingen kommune med kommunekoden {value}."
MSG_UNKNOWN_KOMMUNE_NAME = (
    "Der findes ingen kommune med navnet {value}. Skriv kommunens navn (fx Allerød) eller "
    "kommunekode (fx 0201)."
)
_KOMMUNE_CODE = re.compile(r"[0-9]{1,4}")
_KOMMUNE_SUFFIX = re.compile(r"\s+kommune$", re.IGNORECASE)
MSG_DATES_ORDER = "Dato til skal være samme dag som eller efter dato fra."
MSG_BAD_BEFORE = (
    "Siden findes ikke: parameteren før skal være et løbenummer (et helt tal fra 1). "
    "Gå til de nyeste hændelser."
)
# A seq as the page links write it: ASCII digits (int() would also take "٣"), within bigint.
_SEQ = re.compile(r"[1-9][0-9]{0,18}")
_MAX_SEQ = 2**63 - 1


def parse_before_seq(value: str) -> int | None:
    """The page cursor ("før", the seq the page starts below); None when absent."""
    if value == "":
        return None
    if not _SEQ.fullmatch(value) or int(value) > _MAX_SEQ:
        raise forms.ValidationError(MSG_BAD_BEFORE, code="invalid")
    return int(value)


class AuditFilterForm(DkfdsForm):
    kommune = forms.CharField(
        label="Kommune", help_text="Navn eller kommunekode", required=False, max_length=60
    )
    sor_kode = forms.CharField(label="SOR-kode", required=False, max_length=40)
    bruger = forms.CharField(label="Bruger", required=False, max_length=150)
    # A callable: the choices are every registered code, read once the apps have registered.
    handling = forms.ChoiceField(
        label="Handling",
        required=False,
        choices=lambda: [("", "Alle handlinger"), *registry.actions().items()],
    )
    dato_fra = date_field("Dato fra")
    dato_til = date_field("Dato til")
    begrundelse = forms.CharField(label="Ord i begrundelse", required=False, max_length=200)
    log_ind = forms.BooleanField(label="Vis log ind og log ud", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("dato_fra", "dato_til"):  # filters: no date is needed
            self.fields[name].required = False
            self.fields[name].marked_required = False
            self.fields[name].widget.attrs.pop("aria-required", None)
        self.fields["handling"].widget.attrs["class"] = "form-select"

    def clean_kommune(self):
        """A kommunekode ("0201", "201") or a name ("Allerød", "Allerød Kommune"): its IE."""
        text = " ".join(self.cleaned_data["kommune"].split())
        if not text:
            return ""
        if _KOMMUNE_CODE.fullmatch(text):
            match, message = Q(municipality__code=text.zfill(4)), MSG_UNKNOWN_KOMMUNE
        else:
            name = _KOMMUNE_SUFFIX.sub("", text)
            match, message = (
                Q(municipality__name__iexact=name) | Q(name__iexact=text),
                MSG_UNKNOWN_KOMMUNE_NAME,
            )
        ie = Unit.objects.filter(match, kind=Unit.Kind.INSTITUTION_OWNER).only("sor_id", "name").first()
        if ie is None:
            raise forms.ValidationError(message.format(value=text))
        self.scope_sor_id = ie.sor_id
        self.scope_name = ie.name
        return text

    def clean(self):
        data = super().clean()
        start, end = data.get("dato_fra"), data.get("dato_til")
        if start and end and end < start:
            self.add_error("dato_til", MSG_DATES_ORDER)
        return data

    def to_filter(self) -> AuditFilter:
        """The filter for a valid form (an empty filter for an invalid one)."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return AuditFilter(
            scope_id=getattr(self, "scope_sor_id", ""),
            object_id=data["sor_kode"].strip(),
            actor=data["bruger"].strip(),
            action=data["handling"],
            date_from=data["dato_fra"],
            date_to=data["dato_til"],
            reason=data["begrundelse"].strip(),
            with_sign_ins=data["log_ind"],
        )
