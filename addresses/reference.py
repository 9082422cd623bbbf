"""Load the shipped address register (data/dk, see data/README.md for the origin of each file).
Every loader is idempotent: rows already present are kept, missing ones are added.

Loaders take a model registry (`apps`) so the data migrations can run them on historical
models; at run time they use the installed app registry."""

import csv
from collections import defaultdict

from django.apps import apps as installed_apps
from django.conf import settings

from .text import search_key

SHIPPED_STREET_FILES = (
    # (file in data/dk, Street.source)
    ("vejnavne-sample-cpr_vej.csv", "cpr-sample"),
    ("vejnavne-demo.csv", "demo"),
)


def _data_dir():
    return settings.SOR_DATA_DIR / "dk"


def postal_code_municipalities() -> dict[str, set[str]]:
    """postnummer -> kommunekoder, from the PostNord 2020 list."""
    kommuner = defaultdict(set)
    with open(_data_dir() / "postnummer-kommune-postnord-2020.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            kommuner[row["POSTNR"].strip().zfill(4)].add(row["KOMMUNE_NR"].strip().zfill(4))
    return kommuner


def load_postal_codes(PostalCode=None) -> int:
    """Add the shipped postnumre. Called with a (historical) model by migration 0002, it adds
    the plain rows only. Called without one at run time (e.g. by hierarchy.reference.load_all
    after a test flush) it loads the whole shipped address register, streets included, so the
    demo addresses resolve there too."""
    if PostalCode is None:
        return load_all()
    kommuner = postal_code_municipalities()
    existing = set(PostalCode.objects.values_list("nr", flat=True))
    new = []
    with open(_data_dir() / "postnumre-clean.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            nr = row["nr"].strip().zfill(4)
            if nr in existing:
                continue
            new.append(
                PostalCode(
                    nr=nr,
                    name=row["navn"].strip(),
                    is_large_volume_receiver=row["stormodtager"].strip() == "true",
                    municipality_codes=sorted(kommuner.get(nr, ())),
                )
            )
    PostalCode.objects.bulk_create(new)
    return len(new)


def load_postal_code_details(apps=installed_apps) -> int:
    """Fill the search keys and the postnummer↔kommune parts. Returns the parts added."""
    PostalCode = apps.get_model("addresses", "PostalCode")
    PostalCodeMunicipality = apps.get_model("addresses", "PostalCodeMunicipality")
    stale = []
    for postal_code in PostalCode.objects.all():
        key = search_key(postal_code.name)
        if postal_code.name_search != key:
            postal_code.name_search = key
            stale.append(postal_code)
    PostalCode.objects.bulk_update(stale, ["name_search"], batch_size=500)
    known = set(PostalCode.objects.values_list("nr", flat=True))
    existing = set(PostalCodeMunicipality.objects.values_list("postal_code_id", "municipality_code"))
    new = [
        PostalCodeMunicipality(postal_code_id=nr, municipality_code=kommune)
        for nr, kommuner in sorted(postal_code_municipalities().items())
        if nr in known
        for kommune in sorted(kommuner)
        if (nr, kommune) not in existing
    ]
    PostalCodeMunicipality.objects.bulk_create(new)
    return len(new)


def load_shipped_streets(apps=installed_apps) -> list:
    """Import the shipped street files (the CPR sample and the hand-entered demo streets)."""
    from .importing import import_streets, read_street_file

    reports = []
    for filename, source in SHIPPED_STREET_FILES:
        path = _data_dir() / filename
        reports.append(import_streets(read_street_file(path), source=source, apps=apps))
    return reports


def load_all(apps=installed_apps) -> int:
    """The whole shipped address register; returns the number of postnumre added."""
    added = load_postal_codes(apps.get_model("addresses", "PostalCode"))
    load_postal_code_details(apps)
    load_shipped_streets(apps)
    return added
