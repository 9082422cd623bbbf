"""Issue 11, item 12: a valid 60-character name whose folding is longer (İ lower-cases to two
code points) is stored with its search keys on PostgreSQL too, and found by the Navn search."""

import pytest

from hierarchy import selectors, services
from hierarchy.models import UnitSearch, UnitVersion, fold_name
from tests.factories import UnitDataFactory

NAMES = ["İ" * 60, "ß" * 60, "ﬃ" * 60, ("İß" * 30), "Ærø İstanbul " + "İ" * 47]


@pytest.mark.parametrize("name", NAMES)
def test_a_60_character_name_is_stored_whatever_its_folding(tree, municipal_admin, sds_user, today, name):
    assert len(name) == 60
    unit = services.unit_create(
        actor=municipal_admin,
        kind="OE",
        parent=tree.tand,
        data=UnitDataFactory(name=name),
        reason="Testændring",
    )
    assert UnitSearch.objects.get(unit=unit).name == fold_name(name)
    assert UnitVersion.objects.get(unit=unit).name_search == fold_name(name)
    result = selectors.search_units(sds_user, navn=name[:10] + "*", show_closed=True)
    assert unit in result.units

    new_name = "Å" + name[:-1]  # still 60 characters, and a real change (item 3)
    renamed = services.unit_update(
        actor=municipal_admin,
        unit=unit,
        data=UnitDataFactory(name=new_name),
        effective_date=unit.valid_from,
        expected_revision=unit.revision,
        reason="Testændring",
    )
    assert UnitSearch.objects.get(unit=renamed).name == fold_name(new_name)
