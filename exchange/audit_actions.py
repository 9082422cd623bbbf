"""Data exchange's words in the audit vocabulary (audit/registry.py): the codes of the SOR-XML
import and of the SOR-tillæg it keeps, the lokationsnummer writes that follow SDS' rules, and the
API's system tokens, with the keys they add to the lokationsnummer's snapshots. Imported from
ExchangeConfig.ready()."""

from audit import registry
from hierarchy.audit_actions import LOCATION_NUMBER, unit_name

from .models import SorExtra
from .sor_extra import SOR_EXTRA

ACTIONS = {
    "exchange.location_number.create": "Lokationsnummer oprettet",
    "exchange.location_number.set_message_types": "Meddelelsestyper ændret",
    "exchange.location_number.move": "Lokationsnummer flyttet",
    "exchange.location_number.close": "Lokationsnummer lukket",
    "exchange.location_number.apply_close": "Planlagt lukning af lokationsnummer trådt i kraft",
    "exchange.location_number.update": "Lokationsnummer ændret",
    "exchange.sor_xml.import": "SOR-fil importeret",
    "exchange.sor_extra.create": "SOR-tillægsoplysninger gemt",
    "exchange.sor_extra.update": "SOR-tillægsoplysninger ændret",
    "exchange.token.issue": "Systemtoken udstedt",
    "exchange.token.revoke": "Systemtoken tilbagekaldt",
}

SOR_XML = "exchange.sor_xml"
SYSTEM_TOKEN = "exchange.system_token"

LOCATION_NUMBER_EXTRA_LABELS = {
    # LocationNumberExtra.EXTRA_FIELDS
    "system_type": "Systemtype",
    "region_code": "Regionskode",
    "edi_administrator": "EDI-administrator",
    "non_active": "Ikke aktiv",
    "from_date": "FromDate i SOR",
    "first_from_date": "FirstFromDate i SOR",
    "updated_at": "UpdatedAt i SOR",
    # what a move or a close adds
    "from_unit": "Fra enhed",
    "closing_date": "Sidste gyldige dag",
    "removed": "Fjernet fra registeret",
    "impact": "Betydning for lokationsnumre",
    "own": "Eget lokationsnummer",
    "before": "Arvet før",
    "after": "Arvet efter",
    "subunits": "Berørte enheder",
    "unit_sor_id": "SOR-kode",
    "name": "Navn",
    "sor_id": "SOR-kode",
}

SOR_XML_LABELS = {
    # ImportResult.counts()
    "units": "Enheder i filen",
    "created": "Oprettet",
    "changed": "Ændret",
    "unchanged": "Uændret",
    "closed": "Lukket",
    "gln_created": "Lokationsnumre oprettet",
    "gln_moved": "Lokationsnumre flyttet",
    "gln_changed": "Lokationsnumre ændret",
    "gln_closed": "Lokationsnumre lukket",
    "edi_changed": "Meddelelsestyper ændret",
    "sha256": "Filens SHA-256",
    "warnings": "Advarsler",
}

SOR_EXTRA_LABELS = {
    # SorExtra.EXTRA_FIELDS, named as in the model
    **{
        name: (label := str(SorExtra._meta.get_field(name).verbose_name))[:1].upper() + label[1:]
        for name in SorExtra.EXTRA_FIELDS
    },
    # the keys inside its JSON values
    "postal": "Postadresse",
    "visiting": "Besøgsadresse",
    "activity": "Aktivitetsadresse",
    "code": "Kode",
    "type": "Type",
    "ambulant": "Ambulant aktivitet",
    "patients_admitted": "Patienter indlægges",
    "reporting_level": "Indberetningsniveau",
}

SYSTEM_TOKEN_LABELS = {
    "name": "System",
    "prefix": "Tokenets begyndelse",
    "kommuner": "Kommuner",
    "revoked_at": "Tilbagekaldt",
}


def register() -> None:
    for code, label in ACTIONS.items():
        registry.register_action(code, label)
    registry.register_object_type(SOR_XML, "SOR-fil")
    registry.register_object_type(SYSTEM_TOKEN, "systemtoken")
    registry.register_object_type(SOR_EXTRA, "SOR-tillægsoplysninger")
    registry.register_fields(
        LOCATION_NUMBER, LOCATION_NUMBER_EXTRA_LABELS, renderers={"from_unit": unit_name}
    )
    registry.register_fields(SOR_XML, SOR_XML_LABELS)
    registry.register_fields(SOR_EXTRA, SOR_EXTRA_LABELS)
    registry.register_fields(SYSTEM_TOKEN, SYSTEM_TOKEN_LABELS)
