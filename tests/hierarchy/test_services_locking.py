"""The one "lock and re-check" helper of the unit services: roles and scope before the lock, and
again (with the revision the form was opened with) on the unit read afresh under it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hierarchy import policy, services
from hierarchy.models import Unit
from tests.factories import refresh


def test_refuses_before_taking_the_lock(municipal_admin, tree):
    with pytest.raises(PermissionDenied):
        services.locked_for(municipal_admin, tree.si, policy.EDIT)


def test_checks_again_under_the_lock(municipal_admin, tree):
    lock = services.locked_for(municipal_admin, tree.blovstrod, policy.EDIT)
    # Meanwhile the unit became Kommunens kommunikation: the second check sees it.
    Unit.objects.filter(pk=tree.blovstrod.pk).update(is_municipal_communication=True)
    with pytest.raises(PermissionDenied), lock.hold():
        pytest.fail("the body must not run")


def test_checks_the_revision_under_the_lock(municipal_admin, tree):
    unit = tree.blovstrod
    lock = services.locked_for(municipal_admin, unit, policy.CLOSE)
    with pytest.raises(ValidationError) as stale, lock.hold(expected_revision=unit.revision - 1):
        pytest.fail("the body must not run")
    assert stale.value.code == "stale"
    with lock.hold(expected_revision=unit.revision) as fresh:
        assert fresh.pk == unit.pk and fresh is not unit


def test_a_refusal_in_the_body_rolls_back(municipal_admin, tree):
    unit = tree.blovstrod
    # A write, then a refusal under the lock: the write must roll back.
    with (  # noqa: PT012
        pytest.raises(ValidationError),
        services.locked_for(municipal_admin, unit, policy.EDIT).hold() as fresh,
    ):
        Unit.objects.filter(pk=fresh.pk).update(name="Halvt skrevet")
        raise ValidationError("nej")
    assert refresh(unit).name == unit.name


def test_a_move_holds_both_units(municipal_admin, tree):
    lock = services.locked_for(municipal_admin, tree.blovstrod, policy.MOVE)
    with lock.hold(target=tree.skole) as (unit, target):
        assert (unit.pk, target.pk) == (tree.blovstrod.pk, tree.skole.pk)


def test_create_of_an_ie_takes_the_new_tree_lock(sds_user, municipal_admin):
    with services.locked_for(
        sds_user, None, policy.CREATE, kind=Unit.Kind.INSTITUTION_OWNER
    ).hold() as parent:
        assert parent is None
    with pytest.raises(PermissionDenied):
        services.locked_for(municipal_admin, None, policy.CREATE, kind=Unit.Kind.INSTITUTION_OWNER)


def test_a_create_lock_must_name_the_kind(sds_user, tree):
    """Found by strict typing (issue 27): a create without the kind of the new unit was checked
    against kind None (SDS passed, a municipal administrator got the IE/SI refusal)."""
    with pytest.raises(ValueError, match="kind"):
        services.locked_for(sds_user, tree.si, policy.CREATE)


def test_a_unit_action_lock_must_name_the_unit(sds_user):
    with pytest.raises(ValueError, match="needs the unit"):
        services.locked_for(sds_user, None, policy.EDIT)
