"""Queries per single write (issue 15): a create, an edit, a move and a close of a leaf, through
the services, audit included, counted so a change that adds queries to every write shows up
here. The bounds are today's counts on PostgreSQL inside the test's transaction (two of them are
the service's savepoint; SQLite takes no advisory locks, so fewer). ARCHITECTURE.md names what
keeps them above the ≤ 15 target."""

from datetime import timedelta

from hierarchy import services
from tests import factories

CREATE_MAX = 21
MOVE_MAX = 24
EDIT_MAX = 21
CLOSE_MAX = 17


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


def test_an_edit_stays_within_its_queries(tree, sds_user, today, django_assert_max_num_queries):
    unit = factories.refresh(tree.blovstrod)
    data = services.UnitData.from_unit(unit)
    data.phone = "44 44 44 44"
    with django_assert_max_num_queries(EDIT_MAX):
        services.unit_update(
            actor=sds_user,
            unit=unit,
            data=data,
            effective_date=today + timedelta(days=3),
            reason="nyt nummer",
        )
    assert factories.refresh(tree.blovstrod).versions.filter(phone="44 44 44 44").exists()


def test_a_close_stays_within_its_queries(tree, sds_user, today, django_assert_max_num_queries):
    unit = factories.refresh(tree.blovstrod)
    with django_assert_max_num_queries(CLOSE_MAX):
        services.unit_close(
            actor=sds_user, unit=unit, closing_date=today + timedelta(days=30), reason="lukker"
        )
    assert factories.refresh(tree.blovstrod).valid_to == today + timedelta(days=30)
