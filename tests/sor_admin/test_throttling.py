import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.test import RequestFactory

from sor_admin.throttling import MAX_FAILURES


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("admin.test", password="rigtigt-kodeord")


def req(ip="10.0.0.1"):
    return RequestFactory().post("/login/", REMOTE_ADDR=ip)


def test_right_password_logs_in(user):
    assert authenticate(req(), username="admin.test", password="rigtigt-kodeord") == user


def test_after_too_many_failures_even_the_right_password_is_refused(user):
    for _ in range(MAX_FAILURES):
        assert authenticate(req(), username="admin.test", password="forkert") is None
    assert authenticate(req("10.0.0.2"), username="admin.test", password="rigtigt-kodeord") is None


def test_failures_below_the_limit_do_not_lock(user):
    for _ in range(MAX_FAILURES - 1):
        authenticate(req(), username="admin.test", password="forkert")
    assert authenticate(req(), username="admin.test", password="rigtigt-kodeord") == user


def test_one_address_guessing_many_user_names_is_locked(user):
    for i in range(MAX_FAILURES):
        authenticate(req("10.9.9.9"), username=f"gæt{i}", password="forkert")
    assert authenticate(req("10.9.9.9"), username="admin.test", password="rigtigt-kodeord") is None
    assert authenticate(req("10.0.0.3"), username="admin.test", password="rigtigt-kodeord") == user
