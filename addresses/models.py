from django.db import models

from .text import address_line, search_key


class PostalCode(models.Model):
    """A Danish postnummer (data/dk/postnumre-clean.csv, DAWA 2021), with the kommuner it spans
    (data/dk/postnummer-kommune-postnord-2020.csv).

    `streets_complete` says whether our street list for the postnummer is the full list: only
    then is a street name that is not on it refused outright (see `addresses.services`). It is
    true when every kommune part (`PostalCodeMunicipality`) is complete, or when a full list for
    the whole postnummer was imported (`manage.py import_streets FILE --postnr NNNN --complete`).
    The shipped sample data is not complete for any postnummer."""

    nr = models.CharField("postnummer", max_length=4, primary_key=True)
    name = models.CharField("by", max_length=60)
    is_large_volume_receiver = models.BooleanField("stormodtager", default=False)
    municipality_codes = models.JSONField("kommunekoder", default=list, blank=True)
    name_search = models.CharField("søgenøgle", max_length=60, blank=True, editable=False)
    streets_complete = models.BooleanField("vejliste komplet", default=False)
    streets_complete_note = models.CharField("grundlag for komplet vejliste", max_length=200, blank=True)

    class Meta:
        ordering = ["nr"]
        verbose_name = "postnummer"
        verbose_name_plural = "postnumre"

    def __str__(self):
        return f"{self.nr} {self.name}"

    def save(self, *args, **kwargs):
        self.name_search = search_key(self.name)
        super().save(*args, **kwargs)


class PostalCodeMunicipality(models.Model):
    """One kommune's part of a postnummer (PostNord 2020: a postnummer spanning several kommuner
    has one row per kommune), and whether our street list for that part is complete. An import
    of the full street list of a kommune marks its parts complete (see addresses.importing)."""

    postal_code = models.ForeignKey(
        PostalCode, verbose_name="postnummer", on_delete=models.CASCADE, related_name="municipality_parts"
    )
    municipality_code = models.CharField("kommunekode", max_length=4, db_index=True)
    streets_complete = models.BooleanField("vejliste komplet", default=False)
    streets_complete_note = models.CharField("grundlag for komplet vejliste", max_length=200, blank=True)

    class Meta:
        ordering = ["postal_code", "municipality_code"]
        verbose_name = "postnummer i kommune"
        verbose_name_plural = "postnumre i kommuner"
        constraints = [
            models.UniqueConstraint(
                fields=["postal_code", "municipality_code"], name="postalcodemunicipality_unique"
            )
        ]

    def __str__(self):
        return f"{self.postal_code_id} / {self.municipality_code}"


class Street(models.Model):
    """A vejstykke: a named road within one kommune, identified as in CPR and DAR by kommunekode
    and vejkode. The postnumre it runs through are its `StreetPostalCode` rows.

    Unique by (kommunekode, vejkode) rather than by (name, postnummer): that is the identity both
    source registers use, it survives a renaming, and the same name can be two different roads
    in one postnummer that spans two kommuner. `code` is blank for the few hand-entered demo
    streets whose vejkode we do not know; those are unique by name within the kommune instead,
    and an import that brings the vejkode fills it in."""

    class Source(models.TextChoices):
        CPR_SAMPLE = "cpr-sample", "CPR-vejregister (udsnit)"
        DEMO = "demo", "Demo (indtastet)"
        IMPORT = "import", "Importeret vejliste"

    municipality_code = models.CharField("kommunekode", max_length=4, db_index=True)
    code = models.CharField("vejkode", max_length=4, blank=True)
    name = models.CharField("vejnavn", max_length=40)
    addressing_name = models.CharField("adresseringsnavn", max_length=40, blank=True)
    source = models.CharField("kilde", max_length=12, choices=Source.choices)
    postal_codes = models.ManyToManyField(
        PostalCode, through="StreetPostalCode", related_name="streets", verbose_name="postnumre"
    )
    updated_at = models.DateTimeField("senest ændret", auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "vej"
        verbose_name_plural = "veje"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code", "code"],
                condition=~models.Q(code=""),
                name="street_unique_code",
            ),
            models.UniqueConstraint(
                fields=["municipality_code", "name"],
                condition=models.Q(code=""),
                name="street_unique_name_without_code",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality_code}/{self.code or '-'})"


class StreetPostalCode(models.Model):
    """A street as offered in one postnummer: DAR's vejstykke–postnummer relation (DAWA's
    "vejnavnpostnummerrelation"). The type-ahead searches only this table, so it carries the
    street name's search key (lower-cased, æøå spelled out: addresses.text.search_key), indexed
    with the postnummer by migration 0005 (per database: covering on PostgreSQL, plus a trigram
    GIN index there).

    `derived` rows stand in for a street whose postnumre are unknown (the CPR sample has none):
    it is listed in every postnummer of its kommune whose part is not complete, until an import
    gives its real postnumre or completes the part."""

    street = models.ForeignKey(Street, on_delete=models.CASCADE, related_name="postal_links")
    # Indexed by the unique constraint and the search indexes (migration 0005), all led by it.
    postal_code = models.ForeignKey(
        PostalCode, on_delete=models.CASCADE, related_name="street_links", db_index=False
    )
    name_search = models.CharField("søgenøgle", max_length=80)
    derived = models.BooleanField("udledt af kommunen", default=False)

    class Meta:
        verbose_name = "vej i postnummer"
        verbose_name_plural = "veje i postnumre"
        constraints = [
            models.UniqueConstraint(fields=["postal_code", "street"], name="streetpostalcode_unique")
        ]

    def __str__(self):
        return f"{self.street_id} i {self.postal_code_id}"


class Address(models.Model):
    """An address value. Rows are immutable and shared: a unit's version points at one, and a
    change of address points the new version at another row (see `addresses.services`).

    An address found in the national register (DAR, through Adressevælgeren) keeps its DAR
    identities: `dar_house_number_id` (the husnummer, DAWA's adgangsadresse) and `dar_id` (the
    adresse with its etage and dør). Without them it is "ikke valideret" (`is_dar_validated`),
    e.g. when it was typed while the service was down; `manage.py validate_addresses` looks such
    addresses up again and fills in the identities (the only change made to a stored row)."""

    class Validation(models.TextChoices):
        UNCHECKED = "unchecked", "Ikke kontrolleret"
        OFFLINE = "offline", "Kontrolleret mod offline vejregister"
        PROVIDER = "provider", "Kontrolleret mod adresseservice"
        CONFIRMED = "confirmed", "Ukendt vejnavn bekræftet af brugeren"

    street_name = models.CharField("vejnavn", max_length=40)
    house_number = models.CharField("husnummer", max_length=10, blank=True)
    floor = models.CharField("etage", max_length=10, blank=True)
    door = models.CharField("dør", max_length=4, blank=True)
    postal_code = models.ForeignKey(PostalCode, verbose_name="postnummer", on_delete=models.PROTECT)
    dar_id = models.CharField("DAR-id (adresse)", max_length=36, blank=True)
    dar_house_number_id = models.CharField("DAR-id (husnummer)", max_length=36, blank=True)
    municipality_code = models.CharField("kommunekode", max_length=4, blank=True)
    validation = models.CharField(
        "kontrol", max_length=12, choices=Validation.choices, default=Validation.UNCHECKED
    )

    class Meta:
        verbose_name = "adresse"
        verbose_name_plural = "adresser"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "street_name",
                    "house_number",
                    "floor",
                    "door",
                    "postal_code",
                    "dar_id",
                    "dar_house_number_id",
                    "municipality_code",
                    "validation",
                ],
                name="address_value_unique",
            )
        ]

    def __str__(self):
        return self.one_line()

    # The parts that make up the address value (the other columns say how it was checked).
    VALUE_FIELDS = ("street_name", "house_number", "floor", "door", "postal_code_id")

    def value_lookup(self) -> dict:
        return {name: getattr(self, name) for name in self.VALUE_FIELDS}

    @property
    def is_dar_validated(self) -> bool:
        return bool(self.dar_house_number_id or self.dar_id)

    @property
    def dar_label(self) -> str:
        return "Valideret i DAR" if self.is_dar_validated else "Ikke valideret"

    def one_line(self) -> str:
        return address_line(
            self.street_name,
            self.house_number,
            self.floor,
            self.door,
            self.postal_code_id,
            self.postal_code.name,
        )

    def as_dict(self) -> dict:
        return {
            "street_name": self.street_name,
            "house_number": self.house_number,
            "floor": self.floor,
            "door": self.door,
            "postal_code": self.postal_code_id,
        }
