"""manage.py check_tree: the nested-set fields and the search keys against the data they derive
from; --rebuild repairs both."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hierarchy import selectors
from hierarchy.models import Unit, UnitSearch
from tests import factories


@pytest.fixture
def small_tree(kommune):
    si = factories.si(kommune)
    return si, factories.oe(si, "Sundhedsplejen"), factories.oe(si, "Tandplejen")


def run(*args):
    out = StringIO()
    call_command("check_tree", *args, stdout=out)
    return out.getvalue()


def test_consistent_register_passes(small_tree):
    assert "konsistente" in run()


def test_broken_nested_set_is_reported_and_rebuilt(small_tree):
    si, a, _ = small_tree
    Unit.objects.filter(pk=a.pk).update(lft=999)  # what a bug or a hand edit would leave
    with pytest.raises(CommandError, match="Træet er inkonsistent"):
        run()
    assert "genopbygget" in run("--rebuild")
    assert "konsistente" in run()


def test_missing_or_stale_search_keys_are_reported_and_rebuilt(small_tree, municipal_admin):
    si, a, b = small_tree
    UnitSearch.objects.filter(unit=a).delete()
    UnitSearch.objects.filter(unit=b).update(name="forkert")
    with pytest.raises(CommandError, match="Søgenøglerne er inkonsistente") as refused:
        run()
    assert f"{a.sor_id}: mangler søgenøgler" in str(refused.value)
    assert f"{b.sor_id}: søgenøglerne er forældede" in str(refused.value)
    assert "rettet for 2 enhed(er)" in run("--rebuild")
    assert "konsistente" in run()
    assert {u.name for u in selectors.search_units(municipal_admin, navn="*plejen").units} == {
        "Sundhedsplejen",
        "Tandplejen",
    }
