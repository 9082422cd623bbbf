"""The address register's words in the audit vocabulary (audit/registry.py): the street list
imports and the later validation of an address against DAR. Imported from
AddressesConfig.ready()."""

from audit import registry

STREET = "addresses.street"
ADDRESS = "addresses.address"
VALIDATE = "addresses.address.validate"
DAR_IMPORT = "addresses.dar.import"


def register() -> None:
    registry.register_action("addresses.streets.import", "Vejliste importeret")
    registry.register_action(DAR_IMPORT, "DAR-udtræk importeret")
    registry.register_action(VALIDATE, "Adresse valideret i DAR")
    registry.register_object_type(ADDRESS, "adresse")
    registry.register_fields(
        ADDRESS,
        {
            # addresses.validation._snapshot
            "text": "Adresse",
            "validation": "Kontrol",
            "dar_house_number_id": "DAR-id (husnummer)",
            "dar_id": "DAR-id (adresse)",
        },
    )
    registry.register_object_type(STREET, "vejliste")
    registry.register_fields(
        STREET,
        {
            # addresses.importing.ImportReport.as_dict()
            "shape": "Filformat",
            "read": "Rækker læst",
            "added": "Veje tilføjet",
            "updated": "Veje ændret",
            "unchanged": "Veje uændrede",
            "links_added": "Vej-postnummer-koblinger tilføjet",
            "links_removed": "Vej-postnummer-koblinger fjernet",
            "rejected": "Rækker afvist",
            "completed_postal_codes": "Postnumre meldt komplette",
            # what the command adds
            "file": "Fil",
            "postnr": "Postnummer",
            "complete": "Komplet liste",
        },
    )
