"""Log ind med MitID Erhverv against hostile answers (issue 22, items 9 and 10): the callback,
which anyone can send without logging in, writes at most one bounded event per started login
and is throttled; claims the register cannot store (NUL, a bidi override, a sub too long for its
column) refuse the login in Danish with one safe `auth.login_failed` event, never a 500."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import FederatedIdentity
from audit.models import AuditEvent
from sor_admin.text import text_problem

from .test_oidc_login import ALLEROD_ADMIN, login, start

pytestmark = pytest.mark.django_db

CALLBACK = reverse("accounts:oidc_callback")
# (a NUL in the query string is answered 400 by sor_admin.middleware before any view)
LONG_DESCRIPTION = "Fejl\u0007\u202e\r\n" + "x" * 3800


def failed():
    return AuditEvent.objects.filter(action="auth.login_failed")


def texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def assert_safe(event):
    """Every text of the event passes the one text check (nothing the provider sent is kept
    raw; a recorded claim may be only invisible characters, as sent, but the names the
    Ændringslog shows are visible) and none is longer than the event's bounds."""
    for text in (event.actor_name, event.object_repr):
        assert text_problem(text) is None and text.strip(), repr(text)
    for text in (event.object_id, *texts(event.after)):
        assert text_problem(text) in (None, text_problem(" ")), repr(text)
    assert len(event.after.get("reason", "")) <= services.RECORDED_TEXT


def test_a_hundred_crafted_answers_to_one_started_login_write_one_bounded_event(client, provider, kommune):
    start(client)
    for _ in range(100):
        response = client.get(CALLBACK, {"error": "x", "error_description": LONG_DESCRIPTION, "state": "s"})
        assert response.status_code == 400
    [event] = failed()
    assert event.after["reason"].startswith("x: Fejl  xxx") and event.after["reason"].endswith("x…")
    assert_safe(event)


def test_an_error_answer_with_the_right_state_ends_the_login(client, provider, kommune):
    state = dict(p.split("=") for p in urlsplit(start(client)).query.split("&"))["state"]
    for _ in range(3):
        client.get(CALLBACK, {"error": "access_denied", "error_description": "Afbrudt", "state": state})
    assert failed().count() == 1
    assert failed().get().after["reason"] == "access_denied: Afbrudt"


def test_a_started_login_is_still_answered_normally(client, provider, kommune):
    response = login(client, provider, ALLEROD_ADMIN)
    assert response.status_code == 302 and not failed().exists()


def test_refused_logins_are_throttled_per_client_address(client, provider, kommune):
    for _ in range(services.LOGIN_FAILED_PER_ADDRESS + 5):
        start(client)
        assert client.get(CALLBACK, {"error": "x", "state": "s"}).status_code == 400
    assert failed().count() == services.LOGIN_FAILED_PER_ADDRESS
    assert failed().first().after["address"] == "127.0.0.1"
    # another address is not throttled by this one's events
    start(client)
    client.get(CALLBACK, {"error": "x", "state": "s"}, REMOTE_ADDR="10.0.0.9")
    assert failed().count() == services.LOGIN_FAILED_PER_ADDRESS + 1


def test_refused_logins_are_throttled_in_all(client, provider, kommune, monkeypatch):
    monkeypatch.setattr(services, "LOGIN_FAILED_IN_ALL", 3)
    for number in range(5):
        start(client)
        client.get(CALLBACK, {"error": "x", "state": "s"}, REMOTE_ADDR=f"10.0.1.{number}")
    assert failed().count() == 3


BAD_CLAIMS = {
    "nul_in_sub": {"sub": "emp\u00001001"},
    "nul_in_name": {"name": "Anne\u0000"},
    "nul_in_email": {"email": "a\u0000@allerod.dk"},
    "bidi_in_name": {"name": "\u202eevil Anne"},
    "bidi_in_preferred_username": {"name": None, "preferred_username": "\u202eanne"},
    "sub_too_long": {"sub": "e" * 256},
}


@pytest.mark.parametrize("case", BAD_CLAIMS)
def test_claims_the_register_cannot_store_refuse_the_login_with_one_safe_event(
    client, provider, kommune, case
):
    claims = {k: v for k, v in {**ALLEROD_ADMIN, **BAD_CLAIMS[case]}.items() if v is not None}
    events = AuditEvent.objects.count()
    response = login(client, provider, claims)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Du er ikke logget ind" in page and "som SOR ikke kan bruge" in page
    assert "_auth_user_id" not in client.session
    assert not FederatedIdentity.objects.exists()
    assert AuditEvent.objects.count() == events + 1
    [event] = failed()
    assert event.after["reason"].startswith("bad_claims: Kravet «")
    assert_safe(event)


def test_a_long_sub_that_is_otherwise_fine_is_recorded_within_the_columns(client, provider, kommune):
    """A sub of 41-255 characters is a valid account key; a refusal (here: no role) records it
    cut to the event's object id column (40) instead of failing on PostgreSQL."""
    response = login(client, provider, {**ALLEROD_ADMIN, "sub": "s" * 255, "roles": ["andet"]})
    assert response.status_code == 403
    event = failed().get()
    assert len(event.object_id) == 40 and event.after["subject"] == "s" * 255


def test_a_name_with_a_bidi_override_never_becomes_an_actor_in_the_aendringslog(
    client, provider, kommune, support_user
):
    login(client, provider, {**ALLEROD_ADMIN, "name": "Anne\u202e"})
    assert not AuditEvent.objects.filter(actor_name__contains="\u202e").exists()
    client.force_login(support_user)
    assert "\u202e" not in client.get(reverse("audit:log")).content.decode()


def test_safe_text_keeps_what_may_be_stored_and_cuts():
    from sor_admin.text import safe_text

    assert safe_text("Anne\u0000\u202e Allerød\n", max_length=50) == "Anne Allerød "
    assert safe_text("x" * 10, max_length=5) == "xxxx…" and safe_text(None, max_length=5) == ""
    assert safe_text("\ud800a\ufffe", max_length=5) == "a"
