from django import forms

from hierarchy import services
from hierarchy.models import EdiMessageType, Municipality
from sor_admin.ui.forms import DkfdsForm, date_field


class ExportForm(DkfdsForm):
    kommune = forms.ModelChoiceField(
        Municipality.objects.all(), required=False, label="Kommune", empty_label="Hele registeret"
    )


class GlnSearchForm(DkfdsForm):
    q = forms.CharField(label="Lokationsnummer eller SOR-kode", required=False, max_length=20)


class GlnMoveForm(DkfdsForm):
    new_unit = forms.CharField(label="Ny enhed (SOR-kode)", max_length=20)
    reason = forms.CharField(label="Begrundelse", widget=forms.Textarea(attrs={"rows": 2}))


class GlnCloseForm(DkfdsForm):
    closing_date = date_field(
        "Sidste gyldige dag", help_text="Tom: i dag. En dato før i dag fjerner nummeret straks."
    )
    reason = forms.CharField(label="Begrundelse", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closing_date"].required = False


class GlnMessageTypesForm(DkfdsForm):
    message_types = forms.ModelMultipleChoiceField(
        EdiMessageType.objects.all(),
        label="Meddelelsestyper",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Required like every write's Begrundelse (hierarchy.services.reason_required, ARCHITECTURE.md).
    reason = forms.CharField(
        label="Begrundelse",
        required=services.reason_required("update"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": services.MSG_REASON_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message_types"].widget.attrs.pop("class", None)
