"""Django admin of the exchange app: the lokationsnummer (GLN) form for SDS and MedCom. Like the
register's admin (`hierarchy/admin.py`, whose service mixins it uses), every save goes through a
service, here `exchange.location_numbers`: checked (and rolled back) in the form's `clean()`,
written once from the admin's `save_model` (`write()`). The model is the register's
(`hierarchy.LocationNumber`), so the admin URLs stay `/admin/hierarchy/locationnumber/...`."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hierarchy import services
from hierarchy.admin import MSG_REASON_HELP, CheckedOnly, ServiceAdminMixin, ServiceFormMixin
from hierarchy.models import LocationNumber
from sor_admin.text import TextValidator

from . import location_numbers

MSG_MESSAGE_TYPES_MISSING = (
    "Siden mangler lokationsnummerets meddelelsestyper fra da du åbnede den, så intet er gemt. "
    "Åbn lokationsnummeret igen, og gentag ændringen."
)


class LocationNumberAdminForm(ServiceFormMixin, forms.ModelForm):
    # Required for every write (services.reason_required, ARCHITECTURE.md "Begrundelse"). The
    # services refuse a missing one, so it is reported with every other problem of the submit.
    reason = forms.CharField(
        label="Begrundelse",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=MSG_REASON_HELP,
        validators=[TextValidator("Begrundelsen", multiline=True)],
    )
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
        try:
            # Only a check, as in the unit admin: the service runs, and all of it is rolled back.
            # The write is `write()`, from the admin's save_model, once the whole form is valid.
            with transaction.atomic():
                self._save(cleaned)
                raise CheckedOnly
        except CheckedOnly:
            pass
        except ValidationError as exc:
            self.add_service_error(exc)
        except PermissionDenied as exc:
            self.add_error(None, str(exc))
        return cleaned

    def write(self) -> LocationNumber:
        """The checked change, written once (from `save_model`, in the admin's transaction)."""
        self.result = self._save(self.cleaned_data)
        return self.result

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
