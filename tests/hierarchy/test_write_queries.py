"""Queries per single write (issue 15): a create, an edit, a move and a close of a leaf, through
the services, audit included, counted so a change that adds queries to every write shows up
here. The bounds are today's counts on PostgreSQL inside the test's transaction (two of them are
the service's savepoint; SQLite takes no advisory locks, so fewer). ARCHITECTURE.md names what
keeps them above the ≤ 15 target."""

from datetime import timedelta

from hierarchy import services
from tests import factories

CREATE_MAX = 19
MOVE_MAX = 23
EDIT_MAX = 19
CLOSE_MAX = 16


def test_a_create_stays_within_its_queries(tree, sds_user, today, django_assert_max_num_queries):
    data = services.UnitData.from_unit(tree.blovstrod)
    with django_assert_max_num_queries(CREATE_MAX):
        unit = services.unit_create(
            actor=sds_user,
            kind="OE",
            parent=tree.tand,
            data=data,
            valid_from=today + timedelta(days=7),
            reason="Testændring",
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


def test_each_writes_audit_scope_is_the_ie_of_the_tree_it_is_in_afterwards(
    tree, other_kommune, sds_user, today
):
    """The scope (the IE's SOR-ID) comes from the locked read without a query of its own; after a
    move into another kommune's tree it must be that kommune's."""
    from audit.models import AuditEvent

    def scope(action, unit):
        return AuditEvent.objects.filter(action=action, object_id=unit.sor_id).latest("seq").scope_id

    other_si = factories.si(other_kommune)
    created = services.unit_create(
        actor=sds_user,
        kind="OE",
        parent=tree.tand,
        data=services.UnitData.from_unit(tree.blovstrod),
        reason="Testændring",
    )
    assert scope("hierarchy.unit.create", created) == tree.ie.sor_id
    services.unit_move(
        actor=sds_user,
        unit=factories.refresh(tree.lillerod),
        new_parent=factories.refresh(other_si),
        effective_date=today,
        reason="til Aarhus",
        confirm_impact=True,
    )
    assert scope("hierarchy.unit.move", tree.lillerod) == other_kommune.sor_id
    services.unit_move(
        actor=sds_user,
        unit=factories.refresh(tree.blovstrod),
        new_parent=factories.refresh(tree.skole),
        effective_date=today,
        reason="inden for kommunen",
        confirm_impact=True,
    )
    assert scope("hierarchy.unit.move", tree.blovstrod) == tree.ie.sor_id
    services.unit_close(
        actor=sds_user,
        unit=factories.refresh(tree.lillerod),
        closing_date=today + timedelta(days=30),
        reason="luk",
    )
    assert scope("hierarchy.unit.close", tree.lillerod) == other_kommune.sor_id
