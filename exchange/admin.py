"""Django admin of the exchange app: the lokationsnummer (GLN) form for SDS and MedCom. Like the
register's admin (`hierarchy/admin.py`, whose service mixins it uses), every save goes through a
service, here `exchange.location_numbers`: checked (and rolled back) in the form's `clean()`,
written once from the admin's `save_model` (`hierarchy/admin_services.py`). The model is the register's
(`hierarchy.LocationNumber`), so the admin URLs stay `/admin/hierarchy/locationnumber/...`."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from hierarchy import services
from hierarchy.admin_services import ServiceAdminMixin, ServiceFormMixin, reason_field
from hierarchy.models import LocationNumber
from sor_admin.text import TextValidator

from . import location_numbers

MSG_MESSAGE_TYPES_MISSING = (
    "Siden mangler lokationsnummerets meddelelsestyper fra da du åbnede den, så intet er gemt. "
    "Åbn lokationsnummeret igen, og gentag ændringen."
)


class LocationNumberAdminForm(ServiceFormMixin, forms.ModelForm):
    reason = reason_field()
    system_supplier = forms.CharField(
        label="Systemleverandør",
        max_length=20,
        required=False,
        validators=[TextValidator("Systemleverandøren")],
    )
    communication_supplier = forms.CharField(
        label="Kommunikationsleverandør",
        max_length=20,
        required=False,
        validators=[TextValidator("Kommunikationsleverandøren")],
    )
    note = forms.CharField(label="Note", max_length=254, required=False, validators=[TextValidator("Noten")])
    # The message types as the page was opened (ids, comma-separated): a LocationNumber has no
    # revision, and its message types are all a change may touch.
    expected_message_types = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LocationNumber
        fields = [
            "gln",
            "unit",
            "message_types",
            "system_supplier",
            "communication_supplier",
            "only_internal",
            "note",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.result = None
        self.no_changes = False
        if self.instance.pk is not None:
            self.fields["expected_message_types"].initial = ",".join(
                str(pk) for pk in sorted(self.instance.message_types.values_list("pk", flat=True))
            )

    def clean_expected_message_types(self):
        value = self.cleaned_data.get("expected_message_types") or ""
        if self.instance.pk is None:
            return None
        if not value.strip():
            if "expected_message_types" not in self.data:
                raise ValidationError(MSG_MESSAGE_TYPES_MISSING)
            return set()  # opened with no message types
        try:
            return {int(part) for part in value.split(",")}
        except ValueError:
            raise ValidationError(MSG_MESSAGE_TYPES_MISSING) from None

    def validate_unique(self):
        pass  # uniqueness is the service's to check, with its own message

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.dry_run(cleaned)  # only a check, as in the unit admin; `write()` from save_model
        return cleaned

    def _save(self, cleaned) -> LocationNumber:
        actor = self.request.user
        if self.instance.pk is None:
            return location_numbers.location_number_create(
                actor=actor,
                unit=cleaned["unit"],
                gln=cleaned["gln"],
                message_types=cleaned.get("message_types") or [],
                reason=cleaned.get("reason") or "",
                system_supplier=cleaned.get("system_supplier") or "",
                communication_supplier=cleaned.get("communication_supplier") or "",
                only_internal=cleaned.get("only_internal", False),
                note=cleaned.get("note") or "",
            )
        number = LocationNumber.objects.get(pk=self.instance.pk)
        try:
            result = location_numbers.location_number_set_message_types(
                actor=actor,
                location_number=number,
                message_types=cleaned.get("message_types") or [],
                reason=cleaned.get("reason") or "",
                expected_message_types=cleaned["expected_message_types"],
            )
        except services.NoChanges:
            self.no_changes = True
            return number
        self.no_changes = False
        return result


@admin.register(LocationNumber)
class LocationNumberAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = LocationNumberAdminForm
    list_display = ("gln", "unit")
    search_fields = ("gln", "unit__name", "unit__sor_id")
    raw_id_fields = ("unit",)
    filter_horizontal = ("message_types",)

    def get_readonly_fields(self, request, obj=None):
        # Only the message types change on an existing number; moving or closing a GLN is SDS work
        # outside this form.
        if obj is not None:
            return ("gln", "unit", "system_supplier", "communication_supplier", "only_internal", "note")
        return ()

    def has_delete_permission(self, request, obj=None):
        return False
