"""Fixtures shared by the register's view tests."""

import pytest

from tests.hierarchy.trees import build_demo


@pytest.fixture
def demo(kommune, other_kommune):
    """The demo trees of two kommuner (tests/hierarchy/trees.py)."""
    return build_demo(kommune, other_kommune)


@pytest.fixture
def admin_client(client, municipal_admin):
    """A client signed in as the municipal administrator of `kommune` (not pytest-django's
    superuser `admin_client`)."""
    client.force_login(municipal_admin)
    return client
