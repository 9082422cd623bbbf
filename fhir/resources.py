"""The FHIR R4 resources of the register: an Organization per unit, an Endpoint per
lokationsnummer. Pure mappings from loaded rows to JSON-ready dicts (no queries): `reads` loads
the rows, the views and `export_fhir` serve the same dicts, so the API and the export agree.

Organization follows EerSorOrganization / EerMessagingOrganization (MedCom dk-ehmi-eer) and
dk-core-organization; Endpoint follows EerEndpointMessaging. What the register cannot fill is
listed in the README ("FHIR: what the register cannot fill")."""

from datetime import UTC, date, datetime
from typing import Any

from . import codes

Json = dict[str, Any]


def instant(moment: datetime) -> str:
    """A FHIR instant in UTC with microseconds. Formatted by hand: datetime.isoformat() on a
    zone-aware value cost ~50 µs a call, a fifth of a 1,000-entry history page."""
    u = moment.astimezone(UTC)
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}.{u.microsecond:06d}Z"


def sor_identifier(sor_id: str) -> Json:
    return {
        "use": "official",
        "type": {"coding": [{"system": codes.SOR_ID_TYPE_SYSTEM, "code": "SORID"}]},
        "system": codes.SOR_SYSTEM,
        "value": sor_id,
    }


def organization_reference(sor_id: str) -> Json:
    return {
        "reference": f"Organization/{sor_id}",
        "identifier": {"use": "official", "system": codes.SOR_SYSTEM, "value": sor_id},
    }


def _address(address, *, role: str, kind: str) -> Json | None:
    """A register address as a FHIR Address: `role` names it (the element id), `kind` is
    postal, physical or both."""
    if address is None:
        return None
    number = " ".join(part for part in (address.house_number, address.floor, address.door) if part)
    line = f"{address.street_name} {number}".strip()
    result: Json = {
        "id": role,
        "use": "work",
        "type": kind,
        "line": [line],
        "city": address.postal_code.name,
        "postalCode": address.postal_code_id,
        "country": "DK",
    }
    if address.dar_id:
        result["extension"] = [{"url": codes.DAR_EXTENSION, "valueString": address.dar_id}]
    return result


def addresses(version) -> list[Json]:
    """Post-, besøgs- and aktivitetsadresse of the version, as the unit itself holds them (an
    address a unit inherits from above is not repeated: README). One address that is both the
    postal and the visiting address is written once, type `both`."""
    postal = version.postal_address
    visiting = postal if version.visiting_same_as_postal else version.visiting_address
    activity = visiting if version.activity_same_as_visiting else version.activity_address
    found: list[Json | None] = []
    if postal is not None and visiting is not None and visiting.pk == postal.pk:
        found.append(_address(postal, role="postadresse-besoegsadresse", kind="both"))
    else:
        found.append(_address(postal, role="postadresse", kind="postal"))
        found.append(_address(visiting, role="besoegsadresse", kind="physical"))
    if activity is not None and (visiting is None or activity.pk != visiting.pk):
        found.append(_address(activity, role="aktivitetsadresse", kind="physical"))
    return [a for a in found if a is not None]


def telecom(version) -> list[Json]:
    found = []
    if version.phone:
        found.append({"system": "phone", "value": version.phone, "use": "work"})
    if version.email:
        found.append({"system": "email", "value": version.email, "use": "work"})
    if version.website:
        found.append({"system": "url", "value": version.website, "use": "work"})
    return found


def organization(
    unit,
    version,
    *,
    active: bool,
    parent_sor_id: str | None,
    endpoint_glns: list[str],
    municipality_code: str | None,
) -> Json:
    """The Organization of `unit` as `version` describes it. `active` is whether the unit is in
    force on the day asked for (false after its last day); `municipality_code` for an IE that is a
    kommune (dk-core's Kommunekode slice)."""
    identifiers = [sor_identifier(unit.sor_id)]
    if municipality_code:
        identifiers.append(
            {"use": "official", "system": codes.MUNICIPALITY_SYSTEM, "value": municipality_code}
        )
    resource: Json = {
        "resourceType": "Organization",
        "id": unit.sor_id,
        "meta": {"profile": [codes.DK_CORE_ORGANIZATION], "lastUpdated": instant(unit.updated_at)},
        "identifier": identifiers,
        "active": active,
        "type": [
            {
                "coding": [
                    {
                        "system": codes.HIERARCHY_SYSTEM,
                        "code": unit.kind,
                        "display": codes.HIERARCHY_DISPLAY[unit.kind],
                    }
                ]
            },
            {
                "coding": [
                    {
                        "system": codes.SNOMED_SYSTEM,
                        "code": version.unit_type_id,
                        "display": version.unit_type.name,
                    }
                ]
            },
        ],
        "name": version.name,
    }
    contact = telecom(version)
    if contact:
        resource["telecom"] = contact
    found = addresses(version)
    if found:
        resource["address"] = found
    if parent_sor_id:
        resource["partOf"] = organization_reference(parent_sor_id)
    if endpoint_glns:
        resource["endpoint"] = [{"reference": f"Endpoint/{gln}"} for gln in sorted(endpoint_glns)]
    return resource


def payload(message_type) -> Json:
    label = f"{message_type.code} {message_type.version}".strip()
    return {
        "coding": [{"system": codes.PAYLOAD_SYSTEM, "code": message_type.urn, "display": message_type.name}],
        "text": label,
    }


NO_PAYLOAD = {"text": "Ingen meddelelsestyper registreret i SOR"}


def endpoint(
    gln: str,
    *,
    unit_sor_id: str,
    message_types: list,
    status: str,
    start: date | None,
    end: date | None,
) -> Json:
    """The Endpoint of a lokationsnummer: `status` active or off (after its last day, `end`)."""
    types = sorted(message_types, key=lambda t: (t.code, t.version, t.urn))
    resource: Json = {
        "resourceType": "Endpoint",
        "id": gln,
        "identifier": [
            {
                "use": "official",
                "type": {"coding": [{"system": codes.GLN_TYPE_SYSTEM, "code": "GLN"}]},
                "system": codes.GLN_SYSTEM,
                "value": gln,
            }
        ],
        "status": status,
        "connectionType": {"system": codes.CONNECTION_SYSTEM, "code": codes.CONNECTION_VANS},
        "managingOrganization": organization_reference(unit_sor_id),
        # payloadType is 1..* in R4 and EER: a number without message types says so in text.
        "payloadType": [payload(t) for t in types] or [NO_PAYLOAD],
        "address": codes.VANS_ADDRESS.format(gln=gln),
    }
    period = {}
    if start is not None:
        period["start"] = start.isoformat()
    if end is not None:
        period["end"] = end.isoformat()
    if period:
        resource["period"] = period
    mimes = sorted({codes.MIME_BY_FORMAT[t.format] for t in types if t.format in codes.MIME_BY_FORMAT})
    if mimes:
        resource["payloadMimeType"] = mimes
    return resource
