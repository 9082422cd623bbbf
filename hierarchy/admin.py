"""Django admin for SDS staff and MedCom. Every save goes through `hierarchy.services`, so the
rules and the audit trail apply to staff too: the unit form's `clean()` only checks, as a dry
run that is rolled back, and `save_model` writes once (`hierarchy/admin_services.py`)."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import format_html

from addresses.services import PART_NAMES, AddressInput
from sor_admin.admin_base import ReadOnlyAdmin
from sor_admin.text import TextValidator

from . import (
    admin_users,  # noqa: F401 - Django's User and Group admin, with rights read-only
    selectors,
    services,
)
from .admin_services import ServiceAdminMixin, ServiceFormMixin, reason_field
from .models import (
    AdministratorScope,
    EdiMessageType,
    Municipality,
    Unit,
    UnitType,
    UnitVersion,
)

ADDRESS_PARTS = (
    ("postal_code", "Postnummer", 4),
    ("street_name", "Vejnavn", 40),
    ("house_number", "Husnummer", 10),
    ("floor", "Etage", 10),
    ("door", "Dør", 4),
)
ADDRESS_ROLES = (
    ("postal_address", "Postadresse"),
    ("visiting_address", "Besøgsadresse"),
    ("activity_address", "Aktivitetsadresse"),
)


MSG_ADMIN_DUPLICATE = (
    "Der findes allerede en enhed med samme navn under {parent}: {units}. Giv enheden et navn, "
    "der siger, hvad der er forskelligt, eller sæt kryds i Gem alligevel."
)
MSG_REVISION_MISSING = (
    "Siden mangler enhedens version fra da du åbnede den, så intet er gemt. "
    "Åbn enheden igen, og gentag ændringen."
)


# The address parts as declared form fields (the admin only shows fields the form class declares).
AddressPartsForm = type(
    "AddressPartsForm",
    (forms.Form,),
    {
        f"{role}_{part}": forms.CharField(
            label=f"{role_label}: {label}",
            max_length=max_length,
            required=False,
            validators=[TextValidator(PART_NAMES[part])],
        )
        for role, role_label in ADDRESS_ROLES
        for part, label, max_length in ADDRESS_PARTS
    },
)


class UnitAdminForm(ServiceFormMixin, AddressPartsForm, forms.ModelForm):
    unit_kind = forms.ChoiceField(label="Niveau", choices=Unit.Kind.choices, required=False)
    parent_sor_id = forms.CharField(label="Overliggende enhed (SOR-kode)", required=False)
    effective_from = forms.DateField(
        label="Gældende fra", required=False, help_text="Ved ændring: datoen ændringen gælder fra."
    )
    reason = reason_field()
    new_parent_sor_id = forms.CharField(label="Ny overliggende enhed (SOR-kode)", required=False)
    move_date = forms.DateField(label="Dato for flytning", required=False)
    closing_date = forms.DateField(label="Dato for enhedens ophør", required=False)
    confirm_unknown_street = forms.BooleanField(
        label="Vejnavnet er rigtigt, selv om vejregisteret ikke kender det", required=False
    )
    confirm_impact = forms.BooleanField(
        label="Jeg har set konsekvenserne for lokationsnumre og vil fortsætte", required=False
    )
    # The admin's button is "Gem", for a new unit as for a change.
    confirm_duplicate = forms.BooleanField(
        label="Gem alligevel: enhederne skal have samme navn", required=False
    )
    name = forms.CharField(label="Navn", max_length=60, required=False, validators=[TextValidator("Navnet")])
    phone = forms.CharField(
        label="Telefonnummer", max_length=20, required=False, validators=[TextValidator("Telefonnummeret")]
    )
    email = forms.EmailField(
        label="E-mail", max_length=254, required=False, validators=[TextValidator("E-mailadressen")]
    )
    # Plain text: the service normalises "www.…" to https and validates it with its own message.
    website = forms.CharField(
        label="Hjemmeside", max_length=200, required=False, validators=[TextValidator("Hjemmesiden")]
    )
    expected_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Unit
        fields = [
            "name",
            "unit_type",
            "owner_type",
            "municipality",
            "phone",
            "email",
            "website",
            "visiting_same_as_postal",
            "activity_same_as_visiting",
            "is_municipal_communication",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        # Model-level validation is the services' job; the model form only shapes input. A
        # view-only page (MedCom may look at units, not change them) has no model fields here.
        for name in ("name", "unit_type", "phone", "email", "website"):
            if name in self.fields:
                self.fields[name].required = False
        if "unit_type" in self.fields:
            self.fields["unit_type"].queryset = UnitType.objects.all()
        unit = self.instance if self.instance.pk else None
        if unit is not None:
            self.fields["expected_revision"].initial = unit.revision
            self.fields["effective_from"].initial = max(services.today(), unit.valid_from)
            for role, _ in ADDRESS_ROLES:
                address = getattr(unit, role)
                if address is not None:
                    for part, value in address.as_dict().items():
                        self.fields[f"{role}_{part}"].initial = value
        self.result = None
        self.no_changes = unit is not None

    def _address(self, role):
        values = {part: self.cleaned_data.get(f"{role}_{part}") or "" for part, _, _ in ADDRESS_PARTS}
        if not any(values.values()):
            return None
        return AddressInput(
            confirm_unknown_street=self.cleaned_data.get("confirm_unknown_street", False), **values
        )

    def _unit_data(self) -> services.UnitData:
        cd = self.cleaned_data
        return services.UnitData(
            name=cd.get("name") or "",
            unit_type=cd.get("unit_type"),
            phone=cd.get("phone") or "",
            email=cd.get("email") or "",
            website=cd.get("website") or "",
            postal_address=self._address("postal_address"),
            visiting_same_as_postal=cd.get("visiting_same_as_postal", False),
            visiting_address=self._address("visiting_address"),
            activity_same_as_visiting=cd.get("activity_same_as_visiting", False),
            activity_address=self._address("activity_address"),
        )

    def _unit_by_sor_id(self, field):
        value = self.cleaned_data.get(field)
        if not selectors.fold_sor_id(value):
            return None
        try:
            return selectors.unit_for_sor_id(value)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if self.instance.pk is not None and cleaned.get("expected_revision") is None:
            # Without the revision the page was opened at, a newer change could be overwritten.
            self.add_error(None, MSG_REVISION_MISSING)
            return cleaned
        self._check_twin_name(cleaned)
        self.dry_run(cleaned)  # only a check: every service of the submit runs, and is rolled back
        return cleaned

    def _check_twin_name(self, cleaned) -> None:
        """A name that another unit under the same parent has, only once confirmed, as in Opret
        OE and Rediger OE (`selectors.same_name_units`): a new unit's name under its parent; a
        rename (not a change of case or spacing alone) under the parent it will have, the new
        one when the same submit moves it."""
        name, unit = cleaned.get("name") or "", self.instance
        if cleaned.get("confirm_duplicate"):
            return
        try:
            if unit.pk is None:
                parent = self._unit_by_sor_id("parent_sor_id")
                day = cleaned.get("effective_from") or services.today() + timedelta(
                    days=services.CREATE_DEFAULT_DAYS
                )
            elif unit.parent is not None and selectors.is_rename(unit.name, name):
                parent = self._unit_by_sor_id("new_parent_sor_id") or unit.parent
                day = cleaned.get("effective_from") or services.today()
            else:
                return
        except ValidationError:
            return  # the service names the parent's problem
        if parent is None:
            return
        twins = selectors.same_name_units(parent, name, day, exclude=unit if unit.pk else None)
        if twins:
            names = ", ".join(f"{twin.name} ({twin.sor_id})" for twin in twins)
            self.add_error("confirm_duplicate", MSG_ADMIN_DUPLICATE.format(parent=parent.name, units=names))

    def _save(self, cleaned) -> Unit:
        actor = self.request.user
        reason = cleaned.get("reason") or ""
        if self.instance.pk is None:
            return services.unit_create(
                actor=actor,
                kind=cleaned.get("unit_kind") or Unit.Kind.ORGANISATIONAL_UNIT,
                parent=self._unit_by_sor_id("parent_sor_id"),
                data=self._unit_data(),
                valid_from=cleaned.get("effective_from"),
                reason=reason,
                owner_type=cleaned.get("owner_type"),
                municipality=cleaned.get("municipality"),
                is_municipal_communication=cleaned.get("is_municipal_communication", False),
            )
        unit = Unit.objects.get(pk=self.instance.pk)
        try:
            unit = services.unit_update(
                actor=actor,
                unit=unit,
                data=self._unit_data(),
                effective_date=cleaned.get("effective_from"),
                reason=reason,
                expected_revision=cleaned["expected_revision"],
            )
            self.no_changes = False
        except services.NoChanges:
            pass  # the attributes stay; a move or close in the same submit may still change it
        new_parent = self._unit_by_sor_id("new_parent_sor_id")
        if new_parent is not None:
            unit = services.unit_move(
                actor=actor,
                unit=unit,
                new_parent=new_parent,
                effective_date=cleaned.get("move_date") or services.today(),
                reason=reason,
                confirm_impact=cleaned.get("confirm_impact", False),
            )
            self.no_changes = False
        if cleaned.get("closing_date"):
            unit = services.unit_close(
                actor=actor,
                unit=unit,
                closing_date=cleaned["closing_date"],
                reason=reason,
                confirm_impact=cleaned.get("confirm_impact", False),
            )
            self.no_changes = False
        return unit


@admin.register(Unit)
class UnitAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ("indented_name", "sor_id", "kind", "unit_type", "valid_from", "valid_to")
    list_filter = ("kind", "is_municipal_communication")
    search_fields = ("name", "sor_id")
    list_select_related = ("unit_type", "node")
    ordering = ("node__tree_id", "node__lft")  # tree order, each IE's tree in turn
    readonly_fields = ("sor_id", "parent", "valid_to", "revision", "updated_at")

    @admin.display(description="navn", ordering="name")
    def indented_name(self, obj):
        return format_html('<span style="padding-left: {}px">{}</span>', 16 * obj.level, obj.name)

    def get_fieldsets(self, request, obj=None):
        address_fields = [
            (label, {"fields": [f"{role}_{part}" for part, _, _ in ADDRESS_PARTS]})
            for role, label in ADDRESS_ROLES
        ]
        top = ["name", "unit_type", "phone", "email", "website"]
        if obj is None:
            head = ("Enhed", {"fields": ["unit_kind", "parent_sor_id", *top, "owner_type", "municipality"]})
            tail = [
                (
                    "Registrering",
                    {
                        "fields": [
                            "effective_from",
                            "reason",
                            "is_municipal_communication",
                            "confirm_duplicate",
                        ]
                    },
                )
            ]
        else:
            head = (
                "Enhed",
                {
                    "fields": [
                        "sor_id",
                        "kind",
                        "parent",
                        *top,
                        "owner_type",
                        "municipality",
                        "is_municipal_communication",
                        "valid_to",
                        "revision",
                        "updated_at",
                    ]
                },
            )
            tail = [
                (
                    "Ændring",
                    {"fields": ["effective_from", "reason", "expected_revision", "confirm_duplicate"]},
                ),
                (
                    "Flyt eller luk",
                    {"fields": ["new_parent_sor_id", "move_date", "closing_date", "confirm_impact"]},
                ),
            ]
        flags = (
            "Adresser",
            {"fields": ["visiting_same_as_postal", "activity_same_as_visiting", "confirm_unknown_street"]},
        )
        return [head, flags, *address_fields, *tail]

    def get_readonly_fields(self, request, obj=None):
        # Level, owner type, kommune and the R7 flag are set when a unit is created.
        if obj is not None:
            return (*self.readonly_fields, "kind", "owner_type", "municipality", "is_municipal_communication")
        return ()

    def has_delete_permission(self, request, obj=None):
        return False  # units are closed with a date, never deleted


@admin.register(AdministratorScope)
class AdministratorScopeAdmin(admin.ModelAdmin):
    list_display = ("user", "institution_owner")
    raw_id_fields = ("institution_owner",)

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied("Administratoransvar ændres ved at slette og oprette det igen.")
        result = services.administrator_scope_add(
            actor=request.user, user=obj.user, institution_owner=obj.institution_owner
        )
        obj.pk = result.pk

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def delete_model(self, request, obj):
        services.administrator_scope_remove(actor=request.user, scope=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # one action, one change: all the selected scopes or none
            for scope in queryset:
                services.administrator_scope_remove(actor=request.user, scope=scope)


@admin.register(UnitVersion)
class UnitVersionAdmin(ReadOnlyAdmin):
    list_display = ("unit", "valid_from", "valid_to", "name", "parent", "applied")
    search_fields = ("unit__name", "unit__sor_id")
    list_select_related = ("unit", "parent")


@admin.register(UnitType)
class UnitTypeAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "name_en", "is_owner_type")
    search_fields = ("name", "code")


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "region_name")
    search_fields = ("name", "code")


@admin.register(EdiMessageType)
class EdiMessageTypeAdmin(ReadOnlyAdmin):
    # The URN too: code, version and name alone do not tell MedCom's two "hospitalnotification"
    # 3.0 apart (data/sor/medcom-edi-meddelelsestyper.csv).
    list_display = ("code", "version", "format", "family", "name", "urn")
    search_fields = ("code", "name", "urn")
    list_filter = ("format", "family")
