"""What the SOR exchange formats carry beyond the register's own model, and the credentials of
the systems that read the register through the API."""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from hierarchy.models import LocationNumber, Municipality, Unit


class SorExtra(models.Model):
    """SOR XML fields of a unit that `hierarchy` does not model (fax, SHAK, ydernummer, …), kept
    so that a unit imported from SOR is exported again with them. Written only by the importer.

    `imported_revision` is the unit's `revision` right after the import wrote it: while the unit
    is unchanged since, the export repeats SOR's own status dates (`from_date`, `updated_at`);
    after a change in this register it writes the register's dates instead."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="sor_extra")
    fax = models.CharField("fax", max_length=20, blank=True)
    shak = models.CharField("SHAK-kode", max_length=7, blank=True)
    provider_id = models.CharField("ydernummer", max_length=9, blank=True)
    pharmacy_id = models.CharField("apoteksnummer", max_length=20, blank=True)
    local_code = models.CharField("lokal kode", max_length=20, blank=True)
    # The bound is PostgreSQL's smallint, stated here so SQLite (which stores any integer) refuses
    # the same values.
    geographical_parent_relation = models.PositiveSmallIntegerField(
        "geografisk placering", null=True, blank=True, validators=[MaxValueValidator(32767)]
    )
    geographical_parent_sor_id = models.CharField("geografisk overliggende enhed", max_length=20, blank=True)
    # [{"code": "394594003", "type": "51000095001"}, …] in SOR's order (ClinicalSpecialityCollection).
    specialities = models.JSONField("specialer", default=list, blank=True)
    # OrganizationalUnitInformation: {"ambulant": bool, "patients_admitted": bool, "reporting_level": bool}
    unit_information = models.JSONField("enhedsoplysninger", null=True, blank=True)
    local_attributes = models.JSONField("lokale attributter", default=list, blank=True)
    replaces = models.JSONField("erstatter", default=list, blank=True)
    replaced_by = models.JSONField("erstattes af", default=list, blank=True)
    # {"postal": "…", "visiting": "…", "activity": "…"}: SOR's Stairway per address role.
    stairways = models.JSONField("opgang", default=dict, blank=True)
    # The OE had no UnitType in SOR; the register holds its nearest ancestor's type instead.
    unit_type_inferred = models.BooleanField("enhedstype udledt", default=False)
    first_from_date = models.DateField("FirstFromDate i SOR", null=True, blank=True)
    from_date = models.DateField("FromDate i SOR", null=True, blank=True)
    updated_at = models.DateField("UpdatedAt i SOR", null=True, blank=True)
    imported_revision = models.PositiveIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField("importeret", auto_now=True)

    class Meta:
        verbose_name = "SOR-tillægsoplysninger"
        verbose_name_plural = "SOR-tillægsoplysninger"

    def __str__(self):
        return f"SOR-tillæg for {self.unit_id}"

    EXTRA_FIELDS = (
        "fax",
        "shak",
        "provider_id",
        "pharmacy_id",
        "local_code",
        "geographical_parent_relation",
        "geographical_parent_sor_id",
        "specialities",
        "unit_information",
        "local_attributes",
        "replaces",
        "replaced_by",
        "stairways",
        "unit_type_inferred",
        "first_from_date",
        "from_date",
        "updated_at",
    )


class LocationNumberExtra(models.Model):
    """The EanLocationCodeEntity attributes that `hierarchy.LocationNumber` does not model."""

    location_number = models.OneToOneField(LocationNumber, on_delete=models.CASCADE, related_name="sor_extra")
    system_type = models.CharField("systemtype", max_length=20, blank=True)
    region_code = models.CharField("regionskode", max_length=4, blank=True)
    edi_administrator = models.CharField("EDI-administrator", max_length=20, blank=True)
    non_active = models.BooleanField("ikke aktiv", default=False)
    from_date = models.DateField(null=True, blank=True)
    first_from_date = models.DateField(null=True, blank=True)
    updated_at = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "SOR-tillæg til lokationsnummer"
        verbose_name_plural = "SOR-tillæg til lokationsnumre"

    def __str__(self):
        return f"SOR-tillæg for {self.location_number_id}"

    EXTRA_FIELDS = (
        "system_type",
        "region_code",
        "edi_administrator",
        "non_active",
        "from_date",
        "first_from_date",
        "updated_at",
    )


class LocationNumberClosure(models.Model):
    """A lokationsnummer closed by SDS. `closing_date` is its last valid day: until then it stays
    on its unit (and the SOR export shows the date); the day after, `location_number_close` or
    the command `lokationsnummer anvend-lukninger` takes it off the register. The row stays as the
    record that the GLN was used, so it is never handed out again."""

    gln = models.CharField("lokationsnummer", max_length=13, unique=True)
    unit_sor_id = models.CharField("enhed (SOR-kode)", max_length=20)
    closing_date = models.DateField("sidste gyldige dag")
    reason = models.TextField("begrundelse", blank=True)
    snapshot = models.JSONField("lokationsnummerets data ved lukning", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField("fjernet fra registeret", null=True, blank=True)

    class Meta:
        ordering = ["closing_date", "gln"]
        verbose_name = "lukning af lokationsnummer"
        verbose_name_plural = "lukninger af lokationsnumre"

    def __str__(self):
        return f"{self.gln} lukket pr. {self.closing_date}"


def hash_token(raw: str) -> str:
    # Tokens are 256-bit random strings, so one round of SHA-256 is enough: there is nothing to
    # brute-force, unlike a password.
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class SystemToken(models.Model):
    """A consuming system's credential for the read API (`Authorization: Token <token>`). Only
    the SHA-256 of the token is stored; the token itself is shown once, when it is issued.
    With kommuner set, the token sees only those kommuners' trees; without, the whole register."""

    name = models.CharField("system", max_length=100, unique=True)
    prefix = models.CharField("tokenets begyndelse", max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name="kommuner", blank=True, related_name="+"
    )
    created_at = models.DateTimeField("udstedt", auto_now_add=True)
    last_used_at = models.DateTimeField("senest brugt", null=True, blank=True)
    revoked_at = models.DateTimeField("tilbagekaldt", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "systemtoken"
        verbose_name_plural = "systemtokens"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_raw_token() -> str:
        return secrets.token_urlsafe(32)

    def set_token(self, raw: str) -> None:
        self.prefix = raw[:8]
        self.key_hash = hash_token(raw)
