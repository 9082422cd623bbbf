"""Issuing and revoking the read API's system tokens (exchange/auth.py), issue 22: who may do it
(item 11) and what a token's name may be (item 10). A refusal writes nothing: no token, no
kommune link, no audit event."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from exchange.auth import MSG_TOKEN_RIGHTS, token_issue, token_revoke
from exchange.models import SystemToken
from hierarchy.models import Municipality

pytestmark = pytest.mark.django_db


def counts():
    return (
        SystemToken.objects.count(),
        SystemToken.municipalities.through.objects.count(),
        AuditEvent.objects.count(),
        SystemToken.objects.filter(revoked_at__isnull=False).count(),
    )


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(username="root", password="x")


@pytest.mark.parametrize("who", ["system", "sds_user", "superuser"])
def test_sds_staff_superusers_and_the_system_issue_and_revoke_tokens(request, who):
    actor = None if who == "system" else request.getfixturevalue(who)
    token, raw = token_issue(actor=actor, name="FMK test", reason="Ny aftale")
    assert SystemToken.objects.get(name="FMK test").prefix == raw[:8]
    token_revoke(actor=actor, token=token, reason="Aftalen er slut")
    issued, revoked = AuditEvent.objects.filter(object_id=str(token.pk)).order_by("seq")
    assert (issued.action, revoked.action) == ("exchange.token.issue", "exchange.token.revoke")
    expected = None if actor is None else actor.pk
    assert issued.actor_id == revoked.actor_id == expected
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("who", ["municipal_admin", "support_user", "medcom_user", "plain", "anonymous"])
def test_everybody_else_is_refused_and_nothing_is_written(request, who, sds_user):
    if who == "plain":
        actor = get_user_model().objects.create_user(username="plain", password="x")
    elif who == "anonymous":
        actor = AnonymousUser()
    else:
        actor = request.getfixturevalue(who)
    token, _ = token_issue(actor=sds_user, name="Eksisterende")
    before = counts()
    with pytest.raises(PermissionDenied) as refused:
        token_issue(actor=actor, name="FMK test", municipalities=[Municipality.objects.get(code="0751")])
    assert str(refused.value) == MSG_TOKEN_RIGHTS
    assert "Sundhedsdatastyrelsen" in MSG_TOKEN_RIGHTS
    with pytest.raises(PermissionDenied, match="Sundhedsdatastyrelsen"):
        token_revoke(actor=actor, token=token)
    assert counts() == before
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_inactive_sds_user_is_refused(sds_user):
    sds_user.is_active = False
    sds_user.save()
    with pytest.raises(PermissionDenied):
        token_issue(actor=sds_user, name="FMK test")
    assert SystemToken.objects.count() == 0


BAD_NAMES = [
    pytest.param("x" * 500, "højst være 100 tegn", id="500-characters"),
    pytest.param("x" * 101, "højst være 100 tegn", id="101-characters"),
    pytest.param("FMK\x00test", "ikke er tilladt", id="nul"),
    pytest.param("FMK\x07test", "ikke er tilladt", id="bell"),
    pytest.param("FMK\x1b[31m", "ikke er tilladt", id="escape"),
    pytest.param("\u202eFMK", "skriveretningen", id="bidi-override"),
    pytest.param("FMK\ntest", "én linje", id="line-feed"),
    pytest.param("\u200b", "usynlige", id="invisible"),
    pytest.param("", "Skriv systemets navn", id="empty"),
    pytest.param("   ", "Skriv systemets navn", id="blank"),
]


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_a_bad_name_is_refused_with_a_danish_message(name, message):
    before = counts()
    with pytest.raises(ValidationError) as refused:
        token_issue(actor=None, name=name)
    assert message in refused.value.messages[0]
    assert counts() == before


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_issue_api_token_refuses_a_bad_name_without_a_traceback(name, message):
    before = counts()
    with pytest.raises(CommandError, match=message):
        call_command("issue_api_token", name, stdout=io.StringIO(), stderr=io.StringIO())
    assert counts() == before


@pytest.mark.parametrize(("name", "message"), BAD_NAMES[:8])
def test_revoke_api_token_refuses_a_bad_name_without_a_traceback(name, message):
    token_issue(actor=None, name="FMK test")
    before = counts()
    with pytest.raises(CommandError, match=message):
        call_command("revoke_api_token", name, stdout=io.StringIO())
    assert counts() == before


def test_a_name_of_100_characters_and_the_name_taken_once(sds_user):
    token_issue(actor=sds_user, name="ø" * 100)
    before = counts()
    with pytest.raises(ValidationError, match="Der findes allerede et token"):
        token_issue(actor=sds_user, name="ø" * 100)
    with pytest.raises(ValidationError, match="Der findes allerede et token"):
        token_issue(actor=sds_user, name=" " + "ø" * 100 + " ")  # the name is stored trimmed
    assert counts() == before


@pytest.mark.parametrize("code", ["07\x0051", "0751" * 100, "²", "-1"])
def test_issue_api_token_refuses_an_unknown_kommunekode_without_a_traceback(code):
    before = counts()
    with pytest.raises(CommandError, match="Ukendt kommunekode"):
        call_command("issue_api_token", "FMK test", "--kommune", code, stdout=io.StringIO())
    assert counts() == before
