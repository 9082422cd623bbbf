from django import forms

from sor_admin.ui.forms import DkfdsForm, date_field


class DeviationForm(DkfdsForm):
    """Godkend som afvigelse: the finding (rule and unit), a Begrundelse (the service requires
    it) and an optional end date (dd-mm-åååå)."""

    rule_id = forms.CharField(widget=forms.HiddenInput, max_length=80)
    sor_id = forms.CharField(widget=forms.HiddenInput, max_length=20)
    reason = forms.CharField(label="Begrundelse", widget=forms.Textarea, max_length=2000, required=False)
    end_date = date_field(
        "Gælder til og med (valgfri)", help_text="dd-mm-åååå; tom: indtil den trækkes tilbage"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].required = False
        self.fields["end_date"].marked_required = False
        self.fields["reason"].marked_required = True
        self.style_fields()
