"""Who may author, see and withdraw omstruktureringer: one module (reorganisation/policy.py),
read by the views, the services and the menu (issue 27 item 8)."""

import pytest
from django.core.exceptions import PermissionDenied

from reorganisation import policy
from reorganisation.models import Reorganisation
from sor_admin.navigation import _sds_or_municipal


def package(user, name):
    from hierarchy.policy import today

    return Reorganisation.objects.create(
        name=name,
        case_number=f"S-{name}",
        reason="Test",
        effective_date=today(),
        operations=[],
        created_by=user,
    )


def test_authors_are_sds_and_municipal_administrators(municipal_admin, sds_user, support_user, medcom_user):
    for user in (municipal_admin, sds_user, None):
        assert policy.may_author(user)
        policy.require_author(user)
    for user in (support_user, medcom_user):
        assert not policy.may_author(user)
        with pytest.raises(PermissionDenied):
            policy.require_author(user)


def test_the_menu_shows_omstruktureringer_by_the_same_rule(
    municipal_admin, sds_user, support_user, medcom_user
):
    for user in (municipal_admin, sds_user, support_user, medcom_user):
        assert _sds_or_municipal(user) == policy.may_author(user)


def test_an_administrator_sees_and_withdraws_only_own_packages(municipal_admin, sds_user, django_user_model):
    other = django_user_model.objects.create_user("admin.andet")
    own, foreign = package(municipal_admin, "egen"), package(other, "anden")
    assert list(policy.visible_packages(municipal_admin)) == [own]
    assert set(policy.visible_packages(sds_user)) == {own, foreign}
    policy.require_may_withdraw(municipal_admin, own)
    policy.require_may_withdraw(sds_user, foreign)
    with pytest.raises(PermissionDenied, match="Kun Sundhedsdatastyrelsen og den"):
        policy.require_may_withdraw(municipal_admin, foreign)
