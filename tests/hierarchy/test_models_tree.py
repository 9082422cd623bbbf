"""Unit.ancestors(): the parent-link walk that replaces django-mptt's nested-set ancestor query
in reads (a region's tree has thousands of rows to the left of a unit)."""

from hierarchy import services
from hierarchy.models import Unit
from tests import factories


def test_ancestors_follow_the_parent_links_ie_first(kommune, django_assert_num_queries):
    si = factories.si(kommune)
    a = factories.oe(si, "A")
    b = factories.oe(a, "B")
    c = factories.oe(b, "C")
    other = factories.oe(si, "Søskende")
    c = Unit.objects.get(pk=c.pk)
    with django_assert_num_queries(1):
        ancestors = list(c.ancestors())
    assert ancestors == list(c.get_ancestors()) == [kommune, si, a, b]
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
    assert list(leaf.ancestors()) == list(leaf.get_ancestors()) == [kommune, si, b]
