"""The address register's words in the audit vocabulary (audit/registry.py): the street list
import. Imported from AddressesConfig.ready()."""

from audit import registry

STREET = "addresses.street"


def register() -> None:
    registry.register_action("addresses.streets.import", "Vejliste importeret")
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
