"""The register's words in the audit vocabulary (audit/registry.py): its action codes with their
Danish labels, the keys of its before/after snapshots and how their values read. Imported from
HierarchyConfig.ready(), so audit itself never imports hierarchy."""

from audit import registry

from .models import LocationNumber, Unit, UnitType, UnitVersion

UNIT = "hierarchy.unit"
LOCATION_NUMBER = "hierarchy.location_number"
SCOPE = "hierarchy.administrator_scope"

ACTIONS = {
    "hierarchy.unit.create": "Enhed oprettet",
    "hierarchy.unit.update": "Enhed ændret",
    "hierarchy.unit.move": "Enhed flyttet",
    "hierarchy.unit.close": "Enhed lukket",
    "hierarchy.unit.apply_due": "Planlagt ændring trådt i kraft",
    "hierarchy.unit.replace": "Enhed markeret som erstattet",
    "hierarchy.unit.withdraw_change": "Planlagt ændring tilbagetrukket",
    "hierarchy.unit.withdraw_close": "Planlagt lukning tilbagetrukket",
    "hierarchy.scope.add": "Administratoransvar givet",
    "hierarchy.scope.remove": "Administratoransvar fjernet",
}
# Written before every lokationsnummer write moved to exchange/location_numbers.py (one prefix,
# exchange.location_number.*): stored events keep their labels, new ones use the new codes.
LEGACY_ACTIONS = {
    "hierarchy.location_number.create": ("Lokationsnummer oprettet", "exchange.location_number.create"),
    "hierarchy.location_number.set_message_types": (
        "Meddelelsestyper ændret",
        "exchange.location_number.set_message_types",
    ),
}


def _verbose_names(*models) -> dict[str, str]:
    """Field labels from the models, so a field is named the same in the form and in the log;
    the later model wins where two have the field."""
    labels = {}
    for model in models:
        labels.update(
            {
                f.name: str(f.verbose_name)
                for f in model._meta.get_fields()
                if getattr(f, "verbose_name", None) and not f.auto_created
            }
        )
    return {key: label[:1].upper() + label[1:] for key, label in labels.items()}


def unit_name(sor_id, _snapshot=None) -> str:
    """'Name (SOR-kode)' of the unit a snapshot refers to, or the SOR-kode of one since gone."""
    name = Unit.objects.filter(sor_id=sor_id).values_list("name", flat=True).first()
    return f"{name} ({sor_id})" if name else str(sor_id)


def ie_name(sor_id) -> str:
    return Unit.objects.filter(sor_id=sor_id).values_list("name", flat=True).first() or str(sor_id)


def unit_type_name(code, snapshot) -> str:
    """The enhedstype's name as the snapshot recorded it beside the SNOMED code, else today's."""
    return (
        snapshot.get("unit_type_name")
        or UnitType.objects.filter(pk=code).values_list("name", flat=True).first()
        or str(code)
    )


def kind_name(value, _snapshot) -> str:
    return dict(Unit.Kind.choices).get(value, value)


UNIT_LABELS = {
    **_verbose_names(UnitVersion, Unit),
    "unit_type_name": "Enhedstypens navn",
    "from_parent": "Fra overliggende enhed",
    "to_parent": "Til overliggende enhed",
    "changed_fields": "Ændrede felter",
    "corrected_version": "Rettet version",
    "withdrawn_version": "Tilbagetrukket version",
    "impact": "Betydning for lokationsnumre",
    "replaced_by": "Erstattes af",
    # the keys of `impact` (services.location_impact)
    "own": "Eget lokationsnummer",
    "before": "Arvet før",
    "after": "Arvet efter",
    "subunits": "Berørte enheder",
    "gln": "Lokationsnummer",
    "unit_sor_id": "SOR-kode",
    "message_types": "Meddelelsestyper",
}
UNIT_RENDERERS = {
    "unit_type": unit_type_name,
    "kind": kind_name,
    "parent": unit_name,
    "from_parent": unit_name,
    "to_parent": unit_name,
    "replaced_by": unit_name,
    "changed_fields": registry.field_names(UNIT),
}

LOCATION_NUMBER_LABELS = {
    **_verbose_names(LocationNumber),
    "unit": "Enhed",
    "unit_name": "Enhedens navn",
    "changed_fields": "Ændrede felter",
}


def register() -> None:
    for code, label in ACTIONS.items():
        registry.register_action(code, label)
    for code, (label, replaced_by) in LEGACY_ACTIONS.items():
        registry.register_action(code, label, legacy=True, replaced_by=replaced_by)
    registry.register_object_type(UNIT, "enhed")
    registry.register_object_type(LOCATION_NUMBER, "lokationsnummer")
    registry.register_object_type(SCOPE, "administratoransvar")
    registry.register_fields(UNIT, UNIT_LABELS, renderers=UNIT_RENDERERS, hidden=("unit_type_name",))
    registry.register_fields(
        LOCATION_NUMBER,
        LOCATION_NUMBER_LABELS,
        renderers={"unit": unit_name, "changed_fields": registry.field_names(LOCATION_NUMBER)},
        hidden=("unit_name",),
    )
    registry.register_fields(
        SCOPE,
        {"user": "Bruger", "institution_owner": "Institutionsejer"},
        renderers={"institution_owner": unit_name},
    )
    registry.register_scope_namer(ie_name)
