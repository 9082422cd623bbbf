from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from hierarchy import permissions
from hierarchy.models import AdministratorScope
from tests import factories


@pytest.fixture
def kommune(db):
    """Allerød Kommune as an IE, with one SI below it."""
    return factories.kommune_ie("0201")


@pytest.fixture
def other_kommune(db):
    return factories.kommune_ie("0751")


def _user(username, *groups, is_staff=False):
    user = get_user_model().objects.create_user(username=username, password="demo", is_staff=is_staff)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def municipal_admin(kommune):
    user = _user("admin.test", permissions.GROUP_MUNICIPAL_ADMIN)
    AdministratorScope.objects.create(user=user, institution_owner=kommune)
    return user


@pytest.fixture
def sds_user(db):
    return _user("sds.test", permissions.GROUP_SDS, is_staff=True)


@pytest.fixture
def medcom_user(db):
    return _user("medcom.test", permissions.GROUP_MEDCOM, is_staff=True)


@pytest.fixture
def support_user(db):
    return _user("support.test", permissions.GROUP_SUPPORT)


TODAY = date(2026, 3, 2)


@pytest.fixture
def today():
    """Freeze "today" (Europe/Copenhagen) for date-rule tests."""
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False):
        yield TODAY


@pytest.fixture
def tree(today, kommune):
    """Allerød Kommune → SI → Tandpleje → {Blovstrød, Lillerød}; SI → Sundhedspleje → Blovstrød Skole."""
    si = factories.si(kommune)
    tand = factories.oe(si, "Allerød Kommunes Tandpleje")
    return SimpleNamespace(
        ie=kommune,
        si=si,
        tand=tand,
        blovstrod=factories.oe(tand, "Tandplejen Blovstrød Skole"),
        lillerod=factories.oe(tand, "Tandplejen Lillerød Skole"),
        pleje=(pleje := factories.oe(si, "Sundhedsplejen Allerød")),
        skole=factories.oe(pleje, "Blovstrød Skole"),
    )


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests flush the database afterwards, reference rows included: reload them."""
    from hierarchy.reference import load_all

    load_all()


@pytest.fixture(autouse=True)
def _audit_anchor_file(settings, tmp_path_factory):
    """Every test keeps its verified audit head in its own file, never in the checkout's var/."""
    settings.SOR_AUDIT_ANCHOR_FILE = tmp_path_factory.mktemp("audit") / "audit-anchor.json"


# Tests that prove something about the app, not about the database under it: enough on one
# database. CI (.ci/run) runs them on PostgreSQL only and everything else on both databases.
ONCE_FILES = {"test_api_schema.py", "test_roundtrip.py"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        fuzzed = hasattr(getattr(item, "function", None), "hypothesis")
        if fuzzed or item.get_closest_marker("e2e") or item.path.name in ONCE_FILES:
            item.add_marker(pytest.mark.once)
