"""Queries per single write (issue 15): a create and a move of a leaf, through the services,
audit included, counted so a change that adds queries to every write shows up here. The bounds
are today's counts on PostgreSQL (SQLite takes no advisory locks, so fewer); ARCHITECTURE.md
names what the rest of the ≤ 15 target costs."""

from datetime import timedelta

from hierarchy import services
from tests import factories

CREATE_MAX = 23
MOVE_MAX = 38


def test_a_create_stays_within_its_queries(tree, sds_user, today, django_assert_max_num_queries):
    data = services.UnitData.from_unit(tree.blovstrod)
    with django_assert_max_num_queries(CREATE_MAX):
        unit = services.unit_create(
            actor=sds_user, kind="OE", parent=tree.tand, data=data, valid_from=today + timedelta(days=7)
        )
    assert unit.node.parent_id == tree.tand.pk


def test_a_move_of_a_leaf_stays_within_its_queries(tree, sds_user, today, django_assert_max_num_queries):
    unit, target = factories.refresh(tree.lillerod), factories.refresh(tree.skole)
    with django_assert_max_num_queries(MOVE_MAX):
        services.unit_move(
            actor=sds_user,
            unit=unit,
            new_parent=target,
            effective_date=today,
            reason="omorganisering",
            confirm_impact=True,
        )
    assert factories.refresh(tree.lillerod).node.parent_id == target.pk
