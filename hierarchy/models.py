from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Subquery
from django.db.models.expressions import RawSQL
from mptt.models import MPTTModel, TreeForeignKey

from addresses.models import Address

# The period rule, the reference tables and the search keys live in modules of their own; they are
# part of the models and re-exported here for the code that reads them as hierarchy.models.
from .periods import InForce as InForce
from .reference_models import EdiMessageType as EdiMessageType
from .reference_models import Municipality as Municipality
from .reference_models import UnitType as UnitType
from .search_keys import SEARCH_SEPARATOR as SEARCH_SEPARATOR
from .search_keys import addresses_of, fold_name, search_document, search_sources_touched, unit_values


def _address_field(verbose_name: str) -> models.ForeignKey:
    """One of a unit's three addresses: optional, each read through `hierarchy.inheritance`."""
    return models.ForeignKey(
        Address, verbose_name=verbose_name, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class UnitAttributes(models.Model):
    """The attributes that change over time. Held by every `UnitVersion` (the truth) and, as
    today's projection, by `Unit`."""

    name = models.CharField("navn", max_length=60)
    unit_type = models.ForeignKey(
        UnitType, verbose_name="enhedstype", on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField("telefonnummer", max_length=20, blank=True)
    email = models.EmailField("e-mail", max_length=254, blank=True)
    website = models.URLField("hjemmeside", max_length=200, blank=True)
    postal_address = _address_field("postadresse")
    visiting_same_as_postal = models.BooleanField("besøgsadresse samme som postadresse", default=True)
    visiting_address = _address_field("besøgsadresse")
    activity_same_as_visiting = models.BooleanField("aktivitetsadresse samme som besøgsadresse", default=True)
    activity_address = _address_field("aktivitetsadresse")

    ADDRESS_FIELDS = ("postal_address", "visiting_address", "activity_address")

    VERSIONED_FIELDS = (
        "name",
        "unit_type",
        "phone",
        "email",
        "website",
        "postal_address",
        "visiting_same_as_postal",
        "visiting_address",
        "activity_same_as_visiting",
        "activity_address",
    )

    class Meta:
        abstract = True


class Unit(UnitAttributes, InForce):
    """A SOR unit: IE, SI or OE. The row holds today's projection of the unit's versions; only
    `hierarchy.services` writes it. Its place in the nested sets (each IE the root of its own
    tree) is its `UnitNode`, kept by save() whenever the unit is created or its parent changes."""

    class Kind(models.TextChoices):
        INSTITUTION_OWNER = "IE", "Institutionsejer"
        HEALTH_INSTITUTION = "SI", "Sundhedsinstitution"
        ORGANISATIONAL_UNIT = "OE", "Organisatorisk enhed"

    sor_id = models.CharField("SOR-kode", max_length=20, unique=True)
    kind = models.CharField("niveau", max_length=2, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="overliggende enhed",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    owner_type = models.ForeignKey(
        UnitType,
        verbose_name="ejertype",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_owner_type": True},
    )
    municipality = models.OneToOneField(
        Municipality,
        verbose_name="kommune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institution_owner",
    )
    valid_from = models.DateField("gældende fra")
    valid_to = models.DateField("ophørsdato", null=True, blank=True)
    # "Kommunens kommunikation": units that carry the kommune's own lokationsnumre
    # (korrespondancemodul, sygehusadviser). Municipal administrators may not touch them (R7).
    is_municipal_communication = models.BooleanField("kommunens kommunikation", default=False)
    # Incremented by every write; forms send it back so a stale save is refused.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField("senest ændret", auto_now=True)
    # What the search looks in (`UnitSearch`, kept by save()).
    SEARCH_SOURCES = (
        "valid_to",
        "name",
        "sor_id",
        "phone",
        "email",
        "postal_address",
        "visiting_address",
        "activity_address",
    )

    class Meta:
        verbose_name = "enhed"
        verbose_name_plural = "enheder"
        # No index on name: the planner would walk it in name order filtering every row rather
        # than use the name search's trigram index (migration 0003), and every index slows the
        # nested-set shifts of a write.
        indexes = [models.Index(fields=["kind"])]

    def __str__(self):
        return f"{self.name} ({self.sor_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        creating = self._state.adding
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if creating:
            UnitNode.place(self, creating=True)
            self.save_search_keys(new=True)
        elif update_fields is None or "parent" in update_fields or "parent_id" in update_fields:
            stored = getattr(self, "_stored_parent_id", _UNKNOWN)
            if stored is _UNKNOWN:
                stored = UnitNode.objects.filter(pk=self.pk).values_list("parent_id", flat=True).get()
            if stored != self.parent_id:
                UnitNode.place(self, creating=False)
        self._stored_parent_id = self.parent_id
        if not creating and search_sources_touched(self, update_fields):
            self.save_search_keys()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_parent_id = instance.__dict__.get("parent_id", _UNKNOWN)
        return instance

    @property
    def tree_id(self) -> int:
        """The MPTT tree the unit is in (one per IE), from its node."""
        return self.node.tree_id

    @property
    def level(self) -> int:
        """0 for an IE, 1 for an SI, 2 and more for OEs, from its node."""
        return self.node.level

    def save_search_keys(self, *, new: bool = False) -> None:
        """Write this unit's `UnitSearch` row from its current values (one query; two when an
        existing unit has lost its row). `new`: the unit was just created, so only an insert."""
        values = self.search_keys()
        if new or not UnitSearch.objects.filter(unit_id=self.pk).update(**values):
            UnitSearch.objects.create(unit_id=self.pk, **values)

    def search_keys(self, addresses_by_pk: dict | None = None) -> dict:
        """The values of this unit's `UnitSearch` row."""
        addresses = addresses_of(self, self.ADDRESS_FIELDS, addresses_by_pk)
        return {
            "name": fold_name(self.name),
            "text": search_document(unit_values(self.name, self.sor_id, self.phone, self.email), addresses),
            "valid_to": self.valid_to,
        }

    def ancestors(self, *, include_self: bool = False) -> models.QuerySet:
        """The units above this one (as stored), IE first: `get_ancestors()` by the parent links.
        The nested-set query (same tree, lft < mine, rght > mine) reads every row to the left
        of the unit in its tree, thousands in a region's tree; this reads one row per level."""
        ids = RawSQL(ancestor_ids_sql(1, include_self=include_self), [self.pk])
        return Unit.objects.filter(pk__in=ids).select_related("node").order_by("node__level")

    def descendants(self) -> models.QuerySet:
        """Every unit below this one (as stored), in tree order: one range read of the nodes,
        with the unit's own node read in the same query (a loaded node may be stale: a write
        elsewhere in the tree shifts lft/rght)."""
        own = UnitNode.objects.filter(pk=self.pk)
        return Unit.objects.filter(
            node__tree_id=Subquery(own.values("tree_id")),
            node__lft__gt=Subquery(own.values("lft")),
            node__rght__lt=Subquery(own.values("rght")),
        ).order_by("node__lft")


_UNKNOWN = object()  # a parent id that was not loaded


def _loaded_parent_node(unit):
    """The node of the unit's parent if both were loaded with it, else None."""
    if not Unit.parent.is_cached(unit) or unit.parent is None:
        return None
    return unit.parent.node if Unit.node.is_cached(unit.parent) else None


class UnitNode(MPTTModel):
    """A unit's place in the nested sets: django-mptt's node, one per unit, sharing its primary
    key (so `parent_id` here is `Unit.parent_id`). The tree sits in this narrow table, apart from
    the unit's attributes (siblings in the order they were placed: every view sorts by name
    itself), because a write in a tree rewrites `lft`/`rght` of every row to its
    right: in a region's tree that is ~6,000 rows, and on the wide `hierarchy_unit` row (25
    columns, 16 indexes) the same shift cost 376-604 ms; here 21-23 ms with an index on
    (tree_id, lft), and 7-8 ms without one: no index holds lft, rght or level, so a shift is a
    HOT update (no index entries written), given room on the page (fillfactor 50 on
    PostgreSQL, migration 0007). A range read filters a tree's rows (≤ ~6,000) by lft/rght in
    memory instead, about 1 ms (ARCHITECTURE.md, "Writes in the largest trees"). Only
    `Unit.save()` (through `place`), `check_tree --rebuild` and bulk loaders write it."""

    unit = models.OneToOneField(Unit, primary_key=True, on_delete=models.CASCADE, related_name="node")
    parent = TreeForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", db_index=False
    )
    # Declared here so django-mptt adds no index of its own on it: (tree_id, parent) serves.
    tree_id = models.PositiveIntegerField(editable=False)

    class Meta:
        verbose_name = "placering i træet"
        verbose_name_plural = "placeringer i træet"
        # No index on lft, rght or level (see below): (tree_id, parent) serves a tree's rows and
        # its root (parent NULL), and neither column changes in a shift.
        indexes = [models.Index(fields=["tree_id", "parent"], name="hierarchy_unitnode_tree_parent")]

    def __str__(self):
        return f"{self.unit_id} ({self.tree_id}: {self.lft}-{self.rght})"

    @classmethod
    def place(cls, unit: Unit, *, creating: bool) -> "UnitNode":
        """Put the unit's node (new, or moved with its subtree) as the last child of its
        parent's node, or as the root of a new tree for an IE, through django-mptt (which
        re-reads the tree fields it moves by). The caller holds the locks of the trees involved.
        A new node: three queries (mptt's re-read of the parent's node, the shift, the row; one
        more when the parent's node was not loaded). A move: four (both nodes, mptt's re-read of
        the node, the shift, the row)."""
        nodes = {} if creating else cls.objects.in_bulk([unit.pk, unit.parent_id])
        node = nodes.get(unit.pk)
        if node is None:  # new (or lost, see check_tree)
            parent = None
            if unit.parent_id is not None:
                parent = nodes.get(unit.parent_id) or _loaded_parent_node(unit)
                parent = parent or cls.objects.get(pk=unit.parent_id)
            node = cls(unit=unit)
            # refresh_target (the default): mptt reads the parent's tree fields again itself.
            cls.objects.insert_node(node, parent, "last-child", allow_existing_pk=True)
            node.save(force_insert=True)
        else:
            node.parent = nodes.get(unit.parent_id)
            node.save(force_update=True)
        unit.node = node  # the cached relation: tree_id and level of the new place
        return node


# django-mptt gives every tree model an index on (tree_id, lft); here it would make every shifted
# row a non-HOT update with a new index entry, three times the cost of the shift (see UnitNode).
UnitNode._meta.indexes = [i for i in UnitNode._meta.indexes if tuple(i.fields) != ("tree_id", "lft")]


def ancestor_ids_sql(count: int, *, include_self: bool = False) -> str:
    """SQL for the ids of every ancestor of `count` units (ids as parameters; with
    `include_self` the units' own ids too), following the parent links upwards; each step is a
    primary-key lookup (a join would let the planner hash the whole table)."""
    placeholders = ", ".join(["%s"] * count)
    start = "id" if include_self else "parent_id"
    return f"""
        WITH RECURSIVE chain(id) AS (
            SELECT {start} FROM hierarchy_unit WHERE id IN ({placeholders}) AND {start} IS NOT NULL
            UNION
            SELECT (SELECT u.parent_id FROM hierarchy_unit u WHERE u.id = chain.id) FROM chain
            WHERE chain.id IS NOT NULL
        )
        SELECT id FROM chain WHERE id IS NOT NULL
    """


class UnitSearch(models.Model):
    """A unit's search keys: `name` = fold_name(Unit.name) for the Navn search, `text` =
    search_document(...) for Fritekst. PostgreSQL serves both through trigram GIN indexes
    (migration 0003). They sit in their own narrow table because a write to the tree rewrites
    many `Unit` rows (nested-set shifts), and every rewritten row would otherwise go into the
    trigram indexes too (measured: creates and moves 5-10 times slower). Written only by
    `Unit.save()`, the set-based projection of `apply_due_changes`
    (`services.due._project_attributes`) and bulk loaders (generate_register)."""

    unit = models.OneToOneField(Unit, primary_key=True, on_delete=models.CASCADE, related_name="search")
    # Text, not varchar(60): folding may lengthen a valid 60-character name ("İ" lower-cases to
    # two code points), and PostgreSQL would refuse the write.
    name = models.TextField("søgenavn")
    text = models.TextField("søgetekst")
    # Unit.valid_to, so a search finds, filters and orders its first page in this table alone
    # and joins only that page to the units.
    valid_to = models.DateField("ophørsdato", null=True, blank=True)

    class Meta:
        verbose_name = "søgenøgler"
        verbose_name_plural = "søgenøgler"

    def __str__(self):
        return self.name


class UnitVersion(UnitAttributes, InForce):
    """The unit's attributes and parent for the period [valid_from, valid_to] (valid_to is the
    last valid day; null means open-ended). The periods of one unit never overlap."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="versions")
    parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="child_versions"
    )
    valid_from = models.DateField("gældende fra")
    valid_to = models.DateField("gældende til", null=True, blank=True)
    created_at = models.DateTimeField("registreret", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField("begrundelse", blank=True)
    # Set once the projection on `Unit` reflects this version (or it was in force when written).
    applied = models.BooleanField(default=False)
    # The search keys of this version, for searches on a date (the JSON API): `fold_name(name)`
    # and `search_document` of the same values and addresses as the unit's (`unit_values`, migration
    # 0008). Kept by save(); trigram-indexed on PostgreSQL (migration 0004). Version rows are not part of the nested
    # sets, so unlike the unit's keys (`UnitSearch`) they can live on the row.
    name_search = models.TextField("søgenavn", blank=True, editable=False)  # see UnitSearch.name
    search_text = models.TextField("søgetekst", blank=True, editable=False)

    SEARCH_SOURCES = (
        "name",
        "phone",
        "email",
        "postal_address",
        "visiting_address",
        "activity_address",
        "unit",
    )

    class Meta:
        ordering = ["unit", "valid_from"]
        verbose_name = "version"
        verbose_name_plural = "versioner"
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="unitversion_unique_start"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="unitversion_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["applied", "valid_from"])]

    def __str__(self):
        return f"{self.unit_id}: {self.valid_from}–{self.valid_to or ''}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if search_sources_touched(self, update_fields):
            for name, value in self.search_keys().items():
                setattr(self, name, value)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "name_search", "search_text"}
        super().save(*args, **kwargs)

    def search_keys(self, *, sor_id: str | None = None, addresses_by_pk: dict | None = None) -> dict:
        """`name_search` and `search_text` from the current values. The unit's SOR-kode comes
        from `sor_id`, else the loaded unit, else a query."""
        if sor_id is None:
            if UnitVersion._meta.get_field("unit").is_cached(self):
                sor_id = self.unit.sor_id
            else:
                sor_id = Unit.objects.filter(pk=self.unit_id).values_list("sor_id", flat=True).first()
        addresses = addresses_of(self, self.ADDRESS_FIELDS, addresses_by_pk)
        return {
            "name_search": fold_name(self.name),
            "search_text": search_document(unit_values(self.name, sor_id, self.phone, self.email), addresses),
        }


class LocationNumber(models.Model):
    """A lokationsnummer (GLN) on an SI or OE with the EDI message types MedCom keeps on it.
    Units below inherit it unless they carry their own (R6)."""

    gln = models.CharField("lokationsnummer", max_length=13, unique=True)
    unit = models.OneToOneField(
        Unit,
        verbose_name="enhed",
        on_delete=models.PROTECT,
        related_name="location_number",
    )
    message_types = models.ManyToManyField(
        EdiMessageType, verbose_name="meddelelsestyper", blank=True, related_name="+"
    )
    system_supplier = models.CharField("systemleverandør", max_length=20, blank=True)
    communication_supplier = models.CharField("kommunikationsleverandør", max_length=20, blank=True)
    only_internal = models.BooleanField("kun intern", default=False)
    note = models.CharField("note", max_length=254, blank=True)

    class Meta:
        ordering = ["gln"]
        verbose_name = "lokationsnummer"
        verbose_name_plural = "lokationsnumre"

    def __str__(self):
        return self.gln


class AdministratorScope(models.Model):
    """Which IEs (kommuner) a municipal SOR administrator is responsible for."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sor_scopes")
    institution_owner = models.ForeignKey(
        Unit,
        verbose_name="institutionsejer",
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"kind": "IE"},
    )

    class Meta:
        verbose_name = "administratoransvar"
        verbose_name_plural = "administratoransvar"
        constraints = [models.UniqueConstraint(fields=["user", "institution_owner"], name="scope_unique")]

    def __str__(self):
        return f"{self.user} → {self.institution_owner.name}"


class IdCounter(models.Model):
    """Running numbers for new SOR-IDs, handed out under a row lock."""

    name = models.CharField(max_length=20, primary_key=True)
    value = models.PositiveBigIntegerField()

    def __str__(self):
        return f"{self.name}={self.value}"


class UnitReplacement(models.Model):
    """ "Erstattet af": a closed unit and the unit that takes over from it (SOR XML's
    ReplacedByEntityCollection on the closed unit, ReplacesEntityCollection on its successor).
    Written only by `services.unit_replace`."""

    replaced = models.ForeignKey(
        Unit, verbose_name="erstattet enhed", on_delete=models.PROTECT, related_name="replaced_by_links"
    )
    successor = models.ForeignKey(
        Unit, verbose_name="erstattes af", on_delete=models.PROTECT, related_name="replaces_links"
    )
    # The successor's first day in the closed unit's place: the day after its last valid day.
    effective_date = models.DateField("gældende fra")
    created_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        verbose_name = "erstatning"
        verbose_name_plural = "erstatninger"
        constraints = [
            models.UniqueConstraint(fields=["replaced", "successor"], name="unitreplacement_unique"),
        ]

    def __str__(self):
        return f"{self.replaced_id} → {self.successor_id}"
