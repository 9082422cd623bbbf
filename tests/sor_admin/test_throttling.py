"""Login throttling (django-axes, database handler): failures count per user name and client
address together, in the database, so every worker process sees the same lock; a success resets
them; a locked-out login gets the login page again with the Danish lock message."""

import ipaddress
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from sor_admin.throttling import client_ip_address, lock_message

LIMIT = settings.AXES_FAILURE_LIMIT
LOGIN = "login"


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("admin.test", password="rigtigt-kodeord")


def req(ip="10.0.0.1"):
    return RequestFactory().post("/login/", REMOTE_ADDR=ip)


def login(client, username="admin.test", password="forkert", url=LOGIN, **extra):
    return client.post(reverse(url), {"username": username, "password": password}, **extra)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_right_password_logs_in(user):
    assert authenticate(req(), username="admin.test", password="rigtigt-kodeord") == user


def test_after_too_many_failures_even_the_right_password_is_refused(user):
    for _ in range(LIMIT):
        assert authenticate(req(), username="admin.test", password="forkert") is None
    assert authenticate(req(), username="admin.test", password="rigtigt-kodeord") is None
    # The lock is on the user name *from that address*: the user can still log in elsewhere,
    # so nobody can lock a colleague out from their own desk by guessing.
    assert authenticate(req("10.0.0.2"), username="admin.test", password="rigtigt-kodeord") == user


def test_failures_below_the_limit_do_not_lock(user):
    for _ in range(LIMIT - 1):
        authenticate(req(), username="admin.test", password="forkert")
    assert authenticate(req(), username="admin.test", password="rigtigt-kodeord") == user


def test_invented_user_names_from_one_address_do_not_lock_a_real_user(user):
    for i in range(LIMIT * 2):
        authenticate(req("10.9.9.9"), username=f"gæt{i}", password="forkert")
    assert authenticate(req("10.9.9.9"), username="admin.test", password="rigtigt-kodeord") == user


def test_the_lock_is_shared_by_all_worker_processes(user):
    worker_a, worker_b = Client(), Client()
    for _ in range(LIMIT):
        login(worker_a)
    # Another process has its own memory: nothing may depend on this process's cache.
    cache.clear()
    response = login(worker_b, password="rigtigt-kodeord")
    assert lock_message() in response.content.decode()
    assert not logged_in(worker_b)


def test_a_successful_login_resets_the_failures(user, client):
    for _ in range(2):
        for _ in range(LIMIT - 1):
            login(client)
        assert login(client, password="rigtigt-kodeord").status_code == 302
        client.post(reverse("logout"))
    assert login(client, password="rigtigt-kodeord").status_code == 302


def test_a_locked_user_gets_the_danish_lock_message_on_the_login_page(user, client):
    for _ in range(LIMIT - 1):
        assert login(client).status_code == 200
    response = login(client)  # the failure that reaches the limit already says why
    content = response.content.decode()
    assert response.status_code == 429
    assert lock_message() in content and "Forkert brugernavn" not in content
    response = login(client, password="rigtigt-kodeord")
    content = response.content.decode()
    assert response.status_code == 429 and not logged_in(client)
    assert lock_message() in content and "Forkert brugernavn" not in content
    assert ">Brugernavn</label>" in content and ">Adgangskode</label>" in content
    assert ">Log ind</button>" in content and 'value="admin.test"' in content


def test_the_django_admin_login_is_throttled_with_the_same_message(db, client):
    get_user_model().objects.create_user("sds.test", password="rigtigt-kodeord", is_staff=True)
    for _ in range(LIMIT):
        login(client, "sds.test", url="admin:login")
    response = login(client, "sds.test", "rigtigt-kodeord", url="admin:login")
    assert response.status_code == 429 and not logged_in(client)
    assert lock_message() in response.content.decode()


# --- client address behind a reverse proxy ------------------------------------------------------

PROXIES = [ipaddress.ip_network("10.0.0.0/24"), ipaddress.ip_network("2001:db8::/32")]


def meta_request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert client_ip_address(meta_request("10.0.0.5", "203.0.113.7")) == "10.0.0.5"


@override_settings(SOR_TRUSTED_PROXIES=PROXIES)
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.5", "203.0.113.7", "203.0.113.7"),  # through our proxy
        ("10.0.0.5", "198.51.100.9, 203.0.113.7", "203.0.113.7"),  # client's own claim ignored
        ("10.0.0.5", "203.0.113.7, 10.0.0.6", "203.0.113.7"),  # two of our proxies
        ("198.51.100.1", "203.0.113.7", "198.51.100.1"),  # peer is not our proxy: no trust
        ("10.0.0.5", "", "10.0.0.5"),
        ("10.0.0.5", "10.0.0.6", "10.0.0.6"),  # only proxies: the farthest one
        ("10.0.0.5", "203.0.113.7, ikke-en-adresse", "10.0.0.5"),  # garbled hop: stop there
        ("2001:db8::1", "2001:db8::2, 2a00:1450::1", "2a00:1450::1"),
    ],
)
def test_the_forwarded_header_is_honoured_only_from_a_trusted_proxy(remote, forwarded, expected):
    assert client_ip_address(meta_request(remote, forwarded)) == expected


@override_settings(SOR_TRUSTED_PROXIES=PROXIES)
def test_behind_a_trusted_proxy_each_client_address_is_throttled_on_its_own(user):
    attacker = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    colleague = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.8")
    for _ in range(LIMIT):
        login(attacker)
    assert lock_message() in login(attacker, password="rigtigt-kodeord").content.decode()
    assert login(colleague, password="rigtigt-kodeord").status_code == 302


@override_settings(SOR_TRUSTED_PROXIES=PROXIES)
def test_a_forged_forwarded_header_from_outside_does_not_escape_the_lock(user):
    for i in range(LIMIT):
        login(Client(REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}"))
    forger = Client(REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert lock_message() in login(forger, password="rigtigt-kodeord").content.decode()


def settings_in_subprocess(**env):
    code = "from sor_admin.settings import base; print(base.SOR_TRUSTED_PROXIES)"
    return subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True
    )


def test_trusted_proxies_come_from_the_environment_and_a_typo_stops_the_start():
    result = settings_in_subprocess(SOR_TRUSTED_PROXIES="10.0.0.0/24, 192.168.1.7,")
    assert result.stdout.strip() == "[IPv4Network('10.0.0.0/24'), IPv4Network('192.168.1.7/32')]"
    result = settings_in_subprocess(SOR_TRUSTED_PROXIES="10.0.0.0/24,proxy.example.dk")
    assert result.returncode != 0
    assert "SOR_TRUSTED_PROXIES: 'proxy.example.dk' er hverken en IP-adresse" in result.stderr
