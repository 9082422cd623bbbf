import csv

import pytest
from django.conf import settings

from hierarchy.identifiers import gln_problem, make_gln, make_sor_id, sor_id_problem


def test_first_possible_sor_id_matches_the_documented_one():
    assert make_sor_id(1) == "11000016002"


def test_real_aarhus_ids_are_valid():
    with open(settings.SOR_DATA_DIR / "sor" / "eer-aarhus-kommune-sor-skeleton.csv", encoding="utf-8") as fh:
        ids = [row["sor_id"] for row in csv.DictReader(fh)]
    assert len(ids) == 30
    assert all(sor_id_problem(value) is None for value in ids)
    assert "311000016009" in ids


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("311000016008", "kontrolciffer"),
        ("3110000160", "cifre"),
        ("abc", "cifre"),
        ("312000016009", "navnerum"),
    ],
)
def test_invalid_sor_ids_are_refused_with_a_reason(value, fragment):
    assert fragment in sor_id_problem(value)


def test_gln_check_digit():
    assert gln_problem("5790000173624") is None  # from the SOR pharmacy sample
    assert "kontrolciffer" in gln_problem("5790000173625")
    assert "13 cifre" in gln_problem("579000017362")
    assert gln_problem(make_gln("579000000001")) is None
