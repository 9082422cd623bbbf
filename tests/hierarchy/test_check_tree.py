"""manage.py check_tree: the nested-set fields and the search keys against the data they derive
from; --rebuild repairs both."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hierarchy import selectors
from hierarchy.models import Unit, UnitNode, UnitSearch, UnitVersion
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
    _si, a, _ = small_tree
    UnitNode.objects.filter(pk=a.pk).update(lft=999)  # what a bug or a hand edit would leave
    with pytest.raises(CommandError, match="Træet er inkonsistent"):
        run()
    assert "genopbygget" in run("--rebuild")
    assert "konsistente" in run()


def test_a_node_whose_parent_differs_from_its_units_is_reported_and_rebuilt(small_tree, kommune):
    _si, a, b = small_tree
    # The unit moved under b, its node left where it was: the node disagrees with the source.
    # (Its versions moved too: a unit row that disagrees with its versions is another problem,
    # reported on its own, test_check_tree_projection.py.)
    Unit.objects.filter(pk=a.pk).update(parent=b)
    UnitVersion.objects.filter(unit_id=a.pk).update(parent=b)
    with pytest.raises(CommandError, match="placeringens forælder afviger fra enhedens"):
        run()
    assert "genopbygget" in run("--rebuild")
    assert "konsistente" in run()
    node = UnitNode.objects.get(pk=a.pk)
    assert node.parent_id == b.pk and node.level == UnitNode.objects.get(pk=b.pk).level + 1


def test_a_unit_without_a_node_is_reported_and_rebuilt(small_tree):
    si, a, _ = small_tree
    UnitNode.objects.filter(pk=a.pk).delete()
    with pytest.raises(CommandError, match="har ingen placering i træet"):
        run()
    assert "genopbygget" in run("--rebuild")
    assert "konsistente" in run()
    assert Unit.objects.get(pk=a.pk).descendants().count() == 0
    assert a.pk in set(Unit.objects.get(pk=si.pk).descendants().values_list("pk", flat=True))


def test_missing_or_stale_search_keys_are_reported_and_rebuilt(small_tree, municipal_admin):
    _si, a, b = small_tree
    UnitSearch.objects.filter(unit=a).delete()
    UnitSearch.objects.filter(unit=b).update(name="forkert")
    with pytest.raises(CommandError, match="Søgenøglerne er inkonsistente") as refused:
        run()
    assert f"{a.sor_id}: mangler søgenøgler" in str(refused.value)
    assert f"{b.sor_id}: søgenøglerne er forældede" in str(refused.value)
    assert "rettet for 2 enheder og versioner" in run("--rebuild")
    assert "konsistente" in run()
    assert {u.name for u in selectors.search_units(municipal_admin, navn="*plejen").units} == {
        "Sundhedsplejen",
        "Tandplejen",
    }


def test_stale_version_search_keys_are_reported_and_rebuilt(small_tree):
    from hierarchy.models import UnitVersion

    _si, a, _ = small_tree
    version = UnitVersion.objects.get(unit=a)
    UnitVersion.objects.filter(pk=version.pk).update(search_text="\nforkert\n")
    with pytest.raises(CommandError, match=f"version {version.pk} .* forældede søgenøgler"):
        run()
    assert "rettet for 1 enhed eller version." in run("--rebuild")
    assert "sundhedsplejen" in UnitVersion.objects.get(pk=version.pk).search_text


def test_migration_fills_the_version_search_keys(small_tree):
    import importlib

    from django.apps import apps

    from hierarchy.models import UnitVersion

    expected = {(v.pk, v.name_search, v.search_text) for v in UnitVersion.objects.all()}
    assert all(name and text for _, name, text in expected)
    UnitVersion.objects.update(name_search="", search_text="")
    importlib.import_module("hierarchy.migrations.0004_unitversion_search").fill(apps, None)
    # 0008 makes the versions' document the unit's (spaced phone run together, all addresses).
    importlib.import_module("hierarchy.migrations.0008_version_search_like_unit").refill(apps, None)
    assert {(v.pk, v.name_search, v.search_text) for v in UnitVersion.objects.all()} == expected
