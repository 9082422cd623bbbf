"""The demo register's Aarhus units (their real SOR-IDs, seed_demo) against the structure of
MedCom EER's published Aarhus examples (data/sor/eer-aarhus-kommune-sor-skeleton.csv, from
medcomdk/dk-ehmi-eer input/fsh/Instances/SOR Hierarchi/Aarhus Kommune): the same
Organizations, the same SOR hierarchy type (IE/SI/OE), the same partOf, and an endpoint on every
OE, as in EER's instances."""

import csv
import io

from django.conf import settings
from django.core.management import call_command

from .conftest import SOR, ids

HIERARCHY = "http://medcomehmi.dk/ig/terminology/CodeSystem/eer-sor-organization-type"


def test_demo_aarhus_matches_eer_examples(fhir, db):
    call_command("seed_demo", stdout=io.StringIO())
    path = settings.SOR_DATA_DIR / "sor" / "eer-aarhus-kommune-sor-skeleton.csv"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 30
    for row in rows:
        org = fhir.get(f"Organization/{row['sor_id']}")
        sor = [i for i in org["identifier"] if i["system"] == SOR]
        assert [i["value"] for i in sor] == [row["sor_id"]]
        level = [c["code"] for t in org["type"] for c in t["coding"] if c["system"] == HIERARCHY]
        assert level == [row["sor_level"]]
        if row["parent_sor_id"]:
            assert org["partOf"]["reference"] == f"Organization/{row['parent_sor_id']}"
            assert org["partOf"]["identifier"] == {
                "use": "official",
                "system": SOR,
                "value": row["parent_sor_id"],
            }
        else:
            assert "partOf" not in org
        if row["sor_level"] == "OE":
            [reference] = org["endpoint"]
            fhir.get(reference["reference"])
    sis = {r["sor_id"] for r in rows if r["sor_level"] == "SI"}
    found = fhir.get("Organization", {"_id": "311000016009", "_revinclude": "Organization:partof"})
    assert sis <= set(ids(found, "include"))
