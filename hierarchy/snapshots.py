"""The audit trail's before/after snapshots of units and versions: plain JSON values (SOR-koder,
ISO dates, addresses on one line). MPTT internals never appear here."""

from .models import Unit, UnitVersion


def _address(address):
    return address.one_line() if address is not None else None


def attributes_snapshot(obj) -> dict:
    """Versioned attributes of a Unit or UnitVersion, as JSON-native values."""
    return {
        "name": obj.name,
        "unit_type": obj.unit_type_id,
        "unit_type_name": obj.unit_type.name if obj.unit_type_id else None,
        "phone": obj.phone,
        "email": obj.email,
        "website": obj.website,
        "postal_address": _address(obj.postal_address),
        "visiting_same_as_postal": obj.visiting_same_as_postal,
        "visiting_address": _address(obj.visiting_address),
        "activity_same_as_visiting": obj.activity_same_as_visiting,
        "activity_address": _address(obj.activity_address),
    }


def unit_snapshot(unit: Unit) -> dict:
    data = attributes_snapshot(unit)
    data.update(
        sor_id=unit.sor_id,
        kind=unit.kind,
        parent=unit.parent.sor_id if unit.parent_id else None,
        valid_from=unit.valid_from.isoformat() if unit.valid_from else None,
        valid_to=unit.valid_to.isoformat() if unit.valid_to else None,
        is_municipal_communication=unit.is_municipal_communication,
    )
    return data


def version_snapshot(version: UnitVersion) -> dict:
    data = attributes_snapshot(version)
    data.update(
        parent=version.parent.sor_id if version.parent_id else None,
        valid_from=version.valid_from.isoformat(),
        valid_to=version.valid_to.isoformat() if version.valid_to else None,
    )
    return data
