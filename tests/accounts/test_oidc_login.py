"""Log ind med MitID Erhverv: OpenID Connect against a real provider on 127.0.0.1
(tests/accounts/provider.py), through the whole redirect flow."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import FederatedIdentity
from audit.models import AuditEvent
from hierarchy import permissions
from hierarchy.models import AdministratorScope

pytestmark = pytest.mark.django_db

ALLEROD_ADMIN = {
    "sub": "emp-1001",
    "name": "Anne Allerød",
    "roles": ["sor-kommune-admin"],
    "kommunekoder": ["0201"],
}


def start(client, next_url=None):
    response = client.get(reverse("accounts:oidc_login"), {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response["Location"]


def at_provider(authorize_url):
    """The browser at the provider: it answers with a redirect back to the app."""
    response = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def come_back(client, callback_url):
    parts = urlsplit(callback_url)
    return client.get(parts.path, parse_qs(parts.query))


def login(client, provider, claims, next_url=None):
    provider.claims = claims
    return come_back(client, at_provider(start(client, next_url)))


def groups(user):
    return set(user.groups.values_list("name", flat=True))


def test_login_page_offers_the_provider_button(client, provider, settings):
    settings.SOR_OIDC_LOGIN_LABEL = "Log ind med MitID Erhverv"
    page = client.get(reverse("login")).content.decode()
    assert "Log ind med MitID Erhverv" in page
    assert reverse("accounts:oidc_login") in page


def test_the_redirect_carries_state_nonce_and_pkce(client, provider):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == [provider.client_id]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"][0] and query["nonce"][0] and query["code_challenge"][0]
    assert set(query["scope"][0].split()) == {"openid", "profile", "email"}


def test_login_creates_a_municipal_admin_with_the_kommune_scope(client, provider, kommune):
    response = login(client, provider, ALLEROD_ADMIN)
    assert response.status_code == 302 and response["Location"] == "/"
    identity = FederatedIdentity.objects.get(issuer=provider.issuer, subject="emp-1001")
    user = identity.user
    assert groups(user) == {permissions.GROUP_MUNICIPAL_ADMIN}
    assert list(AdministratorScope.objects.filter(user=user).values_list("institution_owner", flat=True)) == [
        kommune.pk
    ]
    assert not user.has_usable_password() and not user.is_staff
    # Signed in: the main screen shows the name claim and the kommune, like admin.allerod.
    page = client.get("/").content.decode()
    assert "Anne Allerød" in page
    assert permissions.user_scope_label(user) in page
    assert "Kun mine enheder" in page
    event = AuditEvent.objects.filter(action="auth.login").get()
    assert event.actor_id == user.pk
    assert event.after["roles"] == ["sor-kommune-admin"] and event.after["kommunekoder"] == ["0201"]
    assert event.after["groups"] == [permissions.GROUP_MUNICIPAL_ADMIN]


def test_the_municipal_admin_gets_the_write_tabs_in_their_kommune(client, provider, tree, other_kommune):
    login(client, provider, ALLEROD_ADMIN)
    page = client.get(reverse("hierarchy:unit_detail", args=[tree.tand.sor_id])).content.decode()
    assert all(tab in page for tab in ("Opret OE", "Rediger OE", "Flyt OE", "Luk OE"))
    elsewhere = client.get(reverse("hierarchy:unit_detail", args=[other_kommune.sor_id])).content.decode()
    assert "Rediger OE" not in elsewhere


def test_the_account_is_keyed_by_issuer_and_sub_not_by_email(client, provider, kommune):
    login(client, provider, {**ALLEROD_ADMIN, "email": "a@allerod.dk"})
    client.logout()
    login(client, provider, {**ALLEROD_ADMIN, "sub": "emp-2002", "email": "a@allerod.dk", "name": "Bo"})
    assert FederatedIdentity.objects.count() == 2
    assert get_user_model().objects.filter(email="a@allerod.dk").count() == 2


def test_a_changed_claim_changes_groups_and_scope_at_the_next_login(client, provider, kommune, other_kommune):
    login(client, provider, ALLEROD_ADMIN)
    client.logout()
    login(
        client,
        provider,
        {**ALLEROD_ADMIN, "kommunekoder": "0751", "roles": ["sor-kommune-admin", "sor-support"]},
    )
    user = FederatedIdentity.objects.get().user
    assert groups(user) == {permissions.GROUP_MUNICIPAL_ADMIN, permissions.GROUP_SUPPORT}
    assert list(AdministratorScope.objects.filter(user=user).values_list("institution_owner", flat=True)) == [
        other_kommune.pk
    ]
    client.logout()
    login(client, provider, {**ALLEROD_ADMIN, "roles": "sor-sds"})
    user.refresh_from_db()
    assert groups(user) == {permissions.GROUP_SDS} and user.is_staff
    assert not AdministratorScope.objects.filter(user=user).exists()


def test_a_withdrawn_role_is_refused_with_a_danish_page(client, provider, kommune):
    login(client, provider, ALLEROD_ADMIN)
    client.logout()
    response = login(client, provider, {**ALLEROD_ADMIN, "roles": ["andet-system"]})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Du har ingen rolle i SOR" in page and "brugeradministration" in page
    assert "_auth_user_id" not in client.session
    user = FederatedIdentity.objects.get().user
    assert groups(user) == {permissions.GROUP_MUNICIPAL_ADMIN}  # unchanged, but not logged in
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.after["reason"].startswith("no_role") and failed.after["roles"] == ["andet-system"]


def test_a_municipal_admin_without_a_known_kommune_is_refused(client, provider, kommune):
    response = login(client, provider, {**ALLEROD_ADMIN, "kommunekoder": ["9999"]})
    assert response.status_code == 403
    assert "ingen kommune" in response.content.decode()
    assert not FederatedIdentity.objects.exists()


@pytest.mark.parametrize("tamper", ["signature", "nonce", "audience", "expired", "issuer"])
def test_a_bad_id_token_is_refused(client, provider, kommune, tamper):
    provider.tamper = tamper
    response = login(client, provider, ALLEROD_ADMIN)
    assert response.status_code == 400
    assert "kunne ikke godkendes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not FederatedIdentity.objects.exists()
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 1


def test_a_wrong_state_is_refused(client, provider, kommune):
    provider.claims = ALLEROD_ADMIN
    callback = at_provider(start(client))
    response = client.get(urlsplit(callback).path, {**parse_qs(urlsplit(callback).query), "state": "forged"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert "state" in event.after["reason"]


def test_a_callback_no_login_started_is_refused_and_not_logged(client, provider, kommune):
    response = client.get(reverse("accounts:oidc_callback"), {"code": "x", "state": "y"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action__startswith="auth.").exists()


def test_a_password_login_and_logout_are_audited(client, municipal_admin):
    client.post(reverse("login"), {"username": "admin.test", "password": "demo"})
    login_event = AuditEvent.objects.get(action="auth.login")
    assert login_event.actor_id == municipal_admin.pk
    assert login_event.after == {"method": "Adgangskode", "groups": [permissions.GROUP_MUNICIPAL_ADMIN]}
    client.post(reverse("login"), {"username": "admin.test", "password": "wrong"})
    client.post(reverse("logout"))
    assert AuditEvent.objects.get(action="auth.logout").after == {"method": "Adgangskode"}
    assert AuditEvent.objects.filter(action="auth.login").count() == 1


def test_the_callback_cannot_be_replayed(client, provider, kommune):
    provider.claims = ALLEROD_ADMIN
    callback = at_provider(start(client))
    assert come_back(client, callback).status_code == 302
    client.logout()
    assert come_back(client, callback).status_code == 400


def test_next_is_followed_only_within_the_site(client, provider, kommune):
    assert login(client, provider, ALLEROD_ADMIN, next_url="/aendringslog/")["Location"] == "/aendringslog/"
    client.logout()
    assert login(client, provider, ALLEROD_ADMIN, next_url="https://evil.example/")["Location"] == "/"


def test_logout_ends_the_session_here_and_at_the_provider(client, provider, kommune):
    login(client, provider, ALLEROD_ADMIN)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{provider.issuer}/logout"
    query = parse_qs(target.query)
    assert query["id_token_hint"][0].count(".") == 2
    assert query["post_logout_redirect_uri"] == ["http://testserver" + reverse("login")]
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="auth.logout")
    assert event.after == {"method": "OpenID Connect"}


def test_logout_without_an_end_session_endpoint_stays_here(client, provider, kommune):
    provider.end_session = False
    login(client, provider, ALLEROD_ADMIN)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")


def test_a_provider_that_is_down_gives_a_danish_page(client, settings, db):
    settings.DEBUG = True
    settings.SOR_OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.SOR_OIDC_CLIENT_ID = "x"
    response = client.get(reverse("accounts:oidc_login"))
    assert response.status_code == 502
    assert "Identitetsudbyderen svarer ikke" in response.content.decode()


def test_without_an_issuer_there_is_no_federated_login(client, settings, db):
    settings.SOR_OIDC_ISSUER = ""
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert reverse("accounts:oidc_login") not in client.get(reverse("login")).content.decode()


def test_the_login_events_read_in_danish_in_the_aendringslog(client, provider, kommune, support_user):
    login(client, provider, ALLEROD_ADMIN)
    client.logout()
    client.force_login(support_user)
    event = AuditEvent.objects.get(action="auth.login")
    page = client.get(reverse("audit:event_detail", args=[event.seq])).content.decode()
    assert "Logget ind" in page and "Kommunekoder i kravene" in page and "Anne Allerød" in page
    listing = client.get(reverse("audit:log")).content.decode()
    assert "Log ind afvist" in listing  # the action filter offers every auth code
