"""Unit.ancestors(): the parent-link walk that replaces django-mptt's nested-set ancestor query
in reads (a region's tree has thousands of rows to the left of a unit); Unit.descendants(): the
nested-set range of the unit's node."""

from hierarchy import services
from hierarchy.models import Unit, UnitNode
from tests import factories


def nested_set_ancestors(unit) -> list[int]:
    """The ancestors' ids by django-mptt's own nested-set query on the unit's node."""
    return [node.pk for node in UnitNode.objects.get(pk=unit.pk).get_ancestors()]


def test_ancestors_follow_the_parent_links_ie_first(kommune, django_assert_num_queries):
    si = factories.si(kommune)
    a = factories.oe(si, "A")
    b = factories.oe(a, "B")
    c = factories.oe(b, "C")
    other = factories.oe(si, "Søskende")
    c = Unit.objects.get(pk=c.pk)
    with django_assert_num_queries(1):
        ancestors = list(c.ancestors())
    assert ancestors == [kommune, si, a, b]
    assert [u.pk for u in ancestors] == nested_set_ancestors(c)
    assert list(c.ancestors(include_self=True)) == [kommune, si, a, b, c]
    assert list(kommune.ancestors()) == []
    assert other not in ancestors


def test_ancestors_after_a_move_are_the_new_ones(kommune, sds_user, today):
    si = factories.si(kommune)
    a = factories.oe(si, "A")
    b = factories.oe(si, "B")
    leaf = factories.oe(a, "Blad")
    services.unit_move(
        actor=sds_user,
        unit=leaf,
        new_parent=b,
        effective_date=today,
        reason="omorganisering",
        confirm_impact=True,
    )
    leaf = Unit.objects.get(pk=leaf.pk)
    assert list(leaf.ancestors()) == [kommune, si, b]
    assert [u.pk for u in leaf.ancestors()] == nested_set_ancestors(leaf)
    assert list(b.descendants()) == [leaf] and list(a.descendants()) == []


def test_descendants_are_the_subtree_in_tree_order(kommune, django_assert_num_queries):
    si = factories.si(kommune)
    a = factories.oe(si, "A")
    a1 = factories.oe(a, "A1")
    b = factories.oe(si, "B")
    si = Unit.objects.select_related("node").get(pk=si.pk)
    with django_assert_num_queries(1):
        assert list(si.descendants()) == [a, a1, b]
    assert list(a.descendants()) == [a1]
