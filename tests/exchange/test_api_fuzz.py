"""Property-based fuzzing of the read API's query parameters (issue 11, "Done means"): on every
endpoint, whatever the parameters (known or not, hostile text, odd digits, impossible dates),
the answer is JSON with a documented status, never a 500, and nothing is written to the
register or the audit trail."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.models import AuditEvent
from exchange.auth import token_issue
from hierarchy.models import LocationNumber, Unit, UnitVersion
from tests.hierarchy.test_forms_fuzz import NASTY

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
OK_STATUSES = {200, 400, 403, 404}
NAMES = ["dato", "limit", "offset", "efter", "since", "navn", "fritekst", "sor_kode", "kommune", "x"]
ODD = ["²", "¹", "٣", "１", "-0", "+1", "0", "1e3", "9" * 30, "2027-02-29", "2027-04-31", "0000-00-00"]
ODD += ["2027-13-01", "2027-02-30T00:00:00+99:00", "2026-03-01T00:00:00Z", "0201", "201", ""]
values = st.one_of(
    st.sampled_from(NASTY + ODD),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
)
params = st.dictionaries(st.sampled_from(NAMES), values, max_size=4)


@pytest.fixture
def api(tree):
    return {"token": token_issue(actor=None, name="fuzz")[1], "tree": tree}


def _written():
    return (
        list(Unit.objects.order_by("pk").values_list("pk", "revision")),
        UnitVersion.objects.count(),
        LocationNumber.objects.count(),
        AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first(),
    )


def _check(client, api, url, query):
    before = _written()
    response = client.get(url, query, headers={"Authorization": f"Token {api['token']}"})
    assert response.status_code in OK_STATUSES, (response.status_code, query, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), query
    if response.status_code != 200:
        assert response.json()["code"]
    assert _written() == before, ("a read wrote", query)


@FUZZ
@given(query=params)
def test_search(client, api, query):
    _check(client, api, reverse("exchange:api_search"), query)


@FUZZ
@given(query=params)
def test_unit(client, api, query):
    _check(client, api, reverse("exchange:api_unit", args=[api["tree"].tand.sor_id]), query)


@FUZZ
@given(query=params)
def test_children(client, api, query):
    _check(client, api, reverse("exchange:api_children", args=[api["tree"].si.sor_id]), query)


@FUZZ
@given(query=params)
def test_changes(client, api, query):
    _check(client, api, reverse("exchange:api_changes"), query)


@FUZZ
@given(sor_id=st.one_of(st.sampled_from(NASTY), st.text(max_size=30)))
def test_unit_path(client, api, sor_id):
    if "/" in sor_id or not sor_id:
        return  # another address; the JSON 404 of unknown /api/ paths is tested separately
    _check(client, api, reverse("exchange:api_unit", args=[sor_id]), {})
