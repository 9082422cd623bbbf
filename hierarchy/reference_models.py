"""The register's reference tables, loaded from the files under data/ (hierarchy/reference.py):
enhedstyper, kommuner and MedCom's message types. Part of hierarchy.models."""

from django.db import models


class UnitType(models.Model):
    """An enhedstype (or IE owner type) with its SNOMED CT code.
    Source: data/sor/sor-enhedstyper.csv (hl7dk/dk-core + MedCom FSH, see data/README.md)."""

    code = models.CharField("SNOMED-kode", max_length=20, primary_key=True)
    name = models.CharField("navn", max_length=120)
    name_en = models.CharField("engelsk navn", max_length=120)
    is_owner_type = models.BooleanField("ejertype (IE)", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "enhedstype"
        verbose_name_plural = "enhedstyper"

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """Source: data/dk/kommuner.csv (98 kommuner)."""

    code = models.CharField("kommunekode", max_length=4, primary_key=True)
    name = models.CharField("navn", max_length=60)
    region_code = models.CharField("regionskode", max_length=4)
    region_name = models.CharField("region", max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self):
        return f"{self.name} ({self.code})"

    # Two kommuner are not called "<navn> Kommune" as IEs in SOR.
    _OWNER_NAMES = {"0101": "Københavns Kommune", "0400": "Bornholms Regionskommune"}

    @property
    def owner_name(self) -> str:
        """The kommune's name as an institutionsejer (IE) in SOR, e.g. "Allerød Kommune"."""
        return self._OWNER_NAMES.get(self.code, f"{self.name} Kommune")


class EdiMessageType(models.Model):
    """A MedCom message type. Source: data/sor/medcom-edi-meddelelsestyper.csv."""

    urn = models.CharField(max_length=200, unique=True)
    code = models.CharField("meddelelsestype", max_length=40, db_index=True)
    version = models.CharField(max_length=40, blank=True)
    format = models.CharField(max_length=20)
    family = models.CharField("familie", max_length=40)
    name = models.CharField("navn", max_length=200)

    class Meta:
        ordering = ["code", "version"]
        verbose_name = "meddelelsestype"
        verbose_name_plural = "meddelelsestyper"

    def __str__(self):
        # Code and version alone are not unique (the two "hospitalnotification (3.0)" above);
        # the URN's message definition tells them apart.
        details = [d for d in (self.version, self.profile) if d]
        return f"{self.code} ({', '.join(details)})" if details else self.code

    @property
    def profile(self) -> str:
        """The message definition the URN names, where MedCom's URN says more than the code: the
        CSV has two "hospitalnotification" 3.0 (format fhir): the StructureDefinition
        `...:structuredefinition:hospitalnotification:3.0` and the message definition
        `...:structuredefinition::hospitalnotification-message##urn:dk:medcom:fhir:
        hospitalnotification-message::3.0`. "" when the URN names nothing but the code."""
        tail = self.urn.rsplit("##", 1)[-1]
        parts = [p for p in tail.split(":") if p]
        if self.version and parts and parts[-1].lower() == self.version.lower():
            parts = parts[:-1]
        name = parts[-1] if parts else ""
        return "" if name.lower() == self.code.lower() else name
