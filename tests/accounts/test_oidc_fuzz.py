"""Property-based fuzzing of the OpenID claims (issue 22, item 10): whatever the provider's
signed id_token claims (NUL and other control characters, bidi overrides, huge or odd values in
sub, name, preferred_username, email, roles, kommunekoder), the whole login through the test
provider (tests/accounts/provider.py) answers a login (302) or a Danish refusal, never a server
error; a refused login writes nothing but its one `auth.login_failed` event, and every text of
that event passes the text check. Each example is rolled back."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from accounts.models import FederatedIdentity
from audit.models import AuditEvent
from hierarchy.models import AdministratorScope

from .test_oidc_hostile import assert_safe
from .test_oidc_login import login

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# A JWT is JSON in UTF-8: no lone surrogates; anything else may come.
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
NASTY = [
    "",
    " ",
    "\x00",
    "emp\x00",
    "\u202eevil",
    "\x07",
    "\ufeff",
    "e" * 256,
    "ø" * 300,
    "a@b.dk\x00",
    "0201",
]
value = st.one_of(text, st.sampled_from(NASTY))
claims = st.fixed_dictionaries(
    {"sub": st.one_of(value, st.just("emp-1001"))},
    optional={
        "name": st.one_of(value, st.integers()),
        "preferred_username": value,
        "email": value,
        "email_verified": st.booleans(),
        "roles": st.one_of(
            value,
            st.lists(st.one_of(st.sampled_from(["sor-kommune-admin", "sor-support"]), value), max_size=4),
        ),
        "kommunekoder": st.one_of(value, st.lists(st.one_of(st.just("0201"), value), max_size=4)),
    },
)


def rows():
    return (
        get_user_model().objects.count(),
        FederatedIdentity.objects.count(),
        AdministratorScope.objects.count(),
    )


@FUZZ
@given(claims=claims)
def test_any_claims_give_a_login_or_a_danish_refusal(client, provider, kommune, claims):
    client.logout()
    with transaction.atomic():
        before, last = rows(), AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        response = login(client, provider, claims)
        event(f"status {response.status_code}")
        assert response.status_code in (302, 400, 403), (response.status_code, claims)
        new = list(AuditEvent.objects.filter(seq__gt=last))
        if response.status_code == 302:
            assert "_auth_user_id" in client.session
            assert any(e.action == "auth.login" for e in new)
        else:
            assert "_auth_user_id" not in client.session
            assert rows() == before, claims
            assert [e.action for e in new] in ([], ["auth.login_failed"]), claims
            for item in new:
                assert_safe(item)
        transaction.set_rollback(True)
