"""The forms of the plan file (upload, store) and of withdrawal. The step-by-step builder's
are `builder_forms`."""

from django import forms

from hierarchy.forms import reason_field
from sor_admin.ui.forms import DkfdsForm, form_key_field

from .plan import MAX_PLAN_BYTES, MSG_FILE_TOO_BIG, decode_plan_file

MSG_FILE_REQUIRED = "Vælg en planfil (JSON)."
__all__ = ["MAX_PLAN_BYTES", "PlanStoreForm", "PlanUploadForm", "WithdrawForm"]


class PlanUploadForm(DkfdsForm):
    plan_file = forms.FileField(
        label="Planfil (JSON)",
        help_text="En planfil som den, «Hent som planfil» i «Opret trin for trin» giver.",
        error_messages={"required": MSG_FILE_REQUIRED},
    )

    def clean_plan_file(self) -> str:
        upload = self.cleaned_data["plan_file"]
        if upload.size > MAX_PLAN_BYTES:
            raise forms.ValidationError(MSG_FILE_TOO_BIG)
        return decode_plan_file(upload.read())  # the one reader, as manage.py reorganise reads


class PlanStoreForm(DkfdsForm):
    """The previewed plan, sent back to be stored; the service checks it all again. From the
    builder's preview also the draft's revision then: the draft is discarded once stored only
    if it is still the draft that was previewed."""

    plan_text = forms.CharField(widget=forms.HiddenInput, max_length=MAX_PLAN_BYTES)
    draft_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # One stored package for one previewed plan, however often "Gem" is sent.
    form_key = form_key_field()


class WithdrawForm(DkfdsForm):
    reason = reason_field("withdraw")
