"""The OpenID Connect settings and the password switch."""

import runpy

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from accounts import oidc

pytestmark = pytest.mark.django_db


def check_ids():
    return {m.id for m in run_checks() if m.id and m.id.startswith("accounts.")}


def test_https_issuer_is_accepted(settings):
    settings.DEBUG = False
    settings.SOR_OIDC_ISSUER = "https://login.example.dk"
    settings.SOR_OIDC_CLIENT_ID = "sor"
    assert oidc.issuer_problem(settings.SOR_OIDC_ISSUER) is None
    assert check_ids() == set()


def test_plain_http_issuer_only_with_debug(settings):
    settings.SOR_OIDC_ISSUER = "http://login.example.dk"
    settings.SOR_OIDC_CLIENT_ID = "sor"
    settings.DEBUG = False
    assert "DEBUG" in oidc.issuer_problem(settings.SOR_OIDC_ISSUER)
    assert "accounts.E001" in check_ids()
    oidc._clients.clear()
    with pytest.raises(RuntimeError):
        oidc.client()
    settings.DEBUG = True
    assert oidc.issuer_problem(settings.SOR_OIDC_ISSUER) is None


def test_issuer_without_client_id_is_an_error(settings):
    settings.SOR_OIDC_ISSUER = "https://login.example.dk"
    settings.SOR_OIDC_CLIENT_ID = ""
    assert "accounts.E002" in check_ids()


def test_no_way_to_log_in_is_a_warning(settings):
    settings.SOR_OIDC_ISSUER = ""
    settings.SOR_PASSWORD_LOGIN = False
    assert "accounts.W001" in check_ids()


def test_password_login_can_be_switched_off(client, settings, municipal_admin):
    credentials = {"username": "admin.test", "password": "demo"}
    settings.SOR_PASSWORD_LOGIN = False
    settings.SOR_OIDC_ISSUER = "https://login.example.dk"
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page
    client.post(reverse("login"), credentials)
    assert "_auth_user_id" not in client.session
    settings.SOR_PASSWORD_LOGIN = True
    assert 'name="password"' in client.get(reverse("login")).content.decode()
    client.post(reverse("login"), credentials)
    assert client.session["_auth_user_id"] == str(municipal_admin.pk)


def test_production_defaults_to_no_password_login(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "sor.example.dk")
    monkeypatch.delenv("SOR_PASSWORD_LOGIN", raising=False)
    assert runpy.run_module("sor_admin.settings.prod")["SOR_PASSWORD_LOGIN"] is False
    monkeypatch.setenv("SOR_PASSWORD_LOGIN", "true")
    assert runpy.run_module("sor_admin.settings.prod")["SOR_PASSWORD_LOGIN"] is True


def test_the_form_action_policy_allows_the_provider_only_when_set(client, settings):
    settings.SOR_OIDC_ISSUER = ""
    assert "form-action 'self';" in client.get(reverse("login"))["Content-Security-Policy"]
    settings.SOR_OIDC_ISSUER = "https://login.example.dk/realms/sor"
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "form-action 'self' https://login.example.dk;" in policy
