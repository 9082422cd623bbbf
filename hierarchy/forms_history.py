"""Forms for Historik (withdraw a pending change) and Vis pr. dato (the tree on a date and a
comparison between two dates)."""

from django import forms

from sor_admin.ui.forms import DkfdsForm, date_field, revision_field

from .forms import reason_field
from .models import Unit

MSG_DATES_ORDER = "Til-datoen skal være efter fra-datoen."


class WithdrawForm(DkfdsForm):
    """Withdraw the pending version from `valid_from`, or with `what=close` the pending close."""

    what = forms.ChoiceField(choices=[("change", "change"), ("close", "close")], widget=forms.HiddenInput)
    valid_from = date_field("Gældende fra")
    reason = reason_field("withdraw")
    expected_revision = revision_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].required = False
        self.fields["valid_from"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if data.get("what") == "change" and not data.get("valid_from") and "valid_from" not in self.errors:
            self.add_error(None, "Angiv hvilken planlagt ændring der skal tilbagetrækkes.")
        return data


def _kommune_choices():
    return [
        ("", "Vælg kommune"),
        *Unit.objects.filter(kind=Unit.Kind.INSTITUTION_OWNER).order_by("name").values_list("sor_id", "name"),
    ]


class AsOfForm(DkfdsForm):
    kommune = forms.ChoiceField(label="Kommune")
    dato = date_field("Dato")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = _kommune_choices()
        self.fields["kommune"].widget.attrs["class"] = "form-select"


class CompareForm(DkfdsForm):
    kommune = forms.ChoiceField(label="Kommune", widget=forms.HiddenInput)
    fra = date_field("Fra dato")
    til = date_field("Til dato")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = _kommune_choices()

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["til"] <= data["fra"]:
            self.add_error("til", MSG_DATES_ORDER)
        return data
