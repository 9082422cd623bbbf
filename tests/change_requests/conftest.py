import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from hierarchy import permissions
from hierarchy.models import AdministratorScope, EdiMessageType
from tests import factories
from tests.hierarchy.trees import build_demo


def make_user(username, *groups, first_name="", last_name="", email="", scopes=()):
    user = get_user_model().objects.create_user(
        username=username, password="demo", first_name=first_name, last_name=last_name, email=email
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    for ie in scopes:
        AdministratorScope.objects.create(user=user, institution_owner=ie)
    return user


@pytest.fixture
def demo(today):
    return build_demo(factories.kommune_ie("0201"), factories.kommune_ie("0751"))


@pytest.fixture
def allerod(demo):
    return make_user(
        "admin.allerod",
        permissions.GROUP_MUNICIPAL_ADMIN,
        first_name="Anne",
        last_name="Andersen",
        email="anne@allerod.example",
        scopes=[demo.kommune],
    )


@pytest.fixture
def aarhus(demo):
    return make_user(
        "admin.aarhus", permissions.GROUP_MUNICIPAL_ADMIN, first_name="Aage", scopes=[demo.other_kommune]
    )


@pytest.fixture
def sds(db):
    return make_user("sds", permissions.GROUP_SDS, first_name="Sofie", last_name="SDS")


@pytest.fixture
def medcom(db):
    return make_user("medcom", permissions.GROUP_MEDCOM, first_name="Mads", last_name="MedCom")


@pytest.fixture
def types(db):
    return list(EdiMessageType.objects.order_by("pk")[:3])
