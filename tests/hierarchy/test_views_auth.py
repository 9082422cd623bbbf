"""Login and logout through django.contrib.auth, CSRF everywhere."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def user(municipal_admin):
    return municipal_admin


def test_login_page_labels(client, db):
    content = client.get(reverse("login")).content.decode()
    assert ">Brugernavn</label>" in content
    assert ">Adgangskode</label>" in content
    assert ">Log ind</button>" in content
    assert "csrfmiddlewaretoken" in content


def test_login_and_redirect(client, user):
    response = client.post(
        reverse("login"), {"username": "admin.test", "password": "demo", "next": "/?mine=1"}
    )
    assert response.status_code == 302 and response["Location"] == "/?mine=1"
    assert client.get("/").status_code == 200


def test_login_refused_with_danish_message_and_username_kept(client, user):
    response = client.post(reverse("login"), {"username": "admin.test", "password": "forkert"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Forkert brugernavn eller adgangskode. Prøv igen." in content
    assert 'value="admin.test"' in content
    assert "_auth_user_id" not in client.session


def test_login_requires_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "admin.test", "password": "demo"})
    assert response.status_code == 403


def test_logout_is_post_only(client, user):
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_logout_button_on_every_page(client, user):
    client.force_login(user)
    content = client.get("/").content.decode()
    assert f'action="{reverse("logout")}"' in content
    assert "Log ud</button>" in content


def test_writes_require_csrf_token(user, kommune):
    from tests import factories

    si = factories.si(kommune)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("hierarchy:unit_create", args=[si.sor_id]), {"name": "X"})
    assert response.status_code == 403
