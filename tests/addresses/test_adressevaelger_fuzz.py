"""Fuzzing of Adressevælgeren's answers (issue 22, item 7): whatever a real local server on
127.0.0.1 answers (slow headers, a trickled or huge body, deeply nested or strange JSON, names
with NUL, control or bidi-override characters), the type-ahead views and Opret/Rediger OE never
answer 500, never take longer than the deadline allows, never show a refused character, and
write all or nothing (tests/hierarchy/test_forms_fuzz.check) with no refused text stored."""

import json
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addresses.models import Address
from hierarchy.models import Unit
from sor_admin.text import text_problem
from tests.hierarchy.test_forms_fuzz import check
from tests.hierarchy.test_views_actions import create_data, edit_data

from .test_adressevaelger_hostile import (
    NESTED,
    SLOW,
    STRANGE,
    WITHIN,
    huge_declared,
    slow_body,
    slow_headers,
)

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

STREET = "Ved Gadekæret"
names = st.one_of(
    st.sampled_from([STREET, *STRANGE, f"{STREET}\u202e", f"{STREET}\x00", "x" * 5000, ""]),
    st.text(max_size=30),
)
ids = st.one_of(
    st.sampled_from(["6c1d2b0e-3a7f-4c1e-9d41-2f0b5e8a7c15", "9" * 5000, "a\x00", ""]), st.text(max_size=40)
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), names)
fund_item = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["vejnavn", "husnummer", "adresse", "x"]),
        "id": ids,
        "titel": names,
        "vejnavn": names,
        "husnummer": st.sampled_from(["15A", "15a", "\u202e15A", "15A\x00", ""]),
        "postnr": st.sampled_from(["3540", "3540\x00", "", 3540]),
        "postdistrikt": names,
        "husnummerId": ids,
    },
    optional={"extra": st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=5)},
)
json_answers = st.one_of(
    st.builds(
        lambda items: {"status": "ok", "beskrivelse": "", "fund": items}, st.lists(fund_item, max_size=4)
    ),
    st.recursive(
        scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=3)
    ),
).map(lambda value: json.dumps(value).encode())
raw_answers = st.sampled_from([p.values[0] for p in NESTED] + [b"", b"\x00\xff", b'{"status": "ok", "fund"'])
answers = st.one_of(json_answers, raw_answers, st.sampled_from([p.values[0] for p in SLOW]))


def serve(av, answer):
    av.answers.clear()
    cache.clear()  # the "down" flag and the answers of the previous example
    for path in ("/husnumre/soeg", "/adresser/soeg", "/adresser/9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e22"):
        if callable(answer):
            av.answer(path, raw=answer)
        else:
            av.answer(path, answer)


def assert_clean(response):
    assert response.status_code in (200, 404), response.status_code
    text = response.content.decode()
    shown = json.loads(text) if response["Content-Type"].startswith("application/json") else text
    for value in _strings(shown):
        assert not text_problem(value.replace("\n", " ")), value


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


TYPE_AHEAD = [
    ("streets", {"postnr": "3540", "q": "gadek"}),
    ("street_options", {"postnr": "3540", "q": "gadek"}),
    ("address_search", {"q": "ved gadekæret 15"}),
    ("house_numbers", {"postnr": "3540", "vejnavn": STREET}),
    ("house_number_options", {"postnr": "3540", "vejnavn": STREET}),
    ("dar_lookup", {"id": "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e22"}),
]


@pytest.fixture
def units(today, tree, municipal_admin, client, av_settings):
    client.force_login(municipal_admin)
    return tree


def assert_no_refused_text_stored():
    for row in Address.objects.values("street_name", "house_number", "dar_id", "dar_house_number_id"):
        for value in row.values():
            assert not text_problem(value or ""), row


@pytest.mark.parametrize("behaviour", [slow_body, slow_headers, huge_declared])
def test_type_ahead_views_answer_within_the_deadline_when_the_service_trickles(units, client, av, behaviour):
    for name, params in TYPE_AHEAD:
        serve(av, behaviour)
        started = time.monotonic()
        response = client.get(reverse(f"addresses:{name}"), params)
        assert time.monotonic() - started < WITHIN, name
        assert_clean(response)


@pytest.mark.parametrize("body", NESTED)
def test_create_with_a_nested_answer_falls_back_to_the_register(units, client, av, body):
    serve(av, body)
    response = client.post(reverse("hierarchy:unit_create", args=[units.tand.sor_id]), create_data())
    assert response.status_code == 303
    address = Address.objects.get(street_name=STREET, house_number="15A", floor="2", door="222")
    assert (address.validation, address.dar_id) == (Address.Validation.OFFLINE, "")


@FUZZ
@given(answer=answers)
def test_type_ahead_views(units, client, av, answer):
    for name, params in TYPE_AHEAD:
        serve(av, answer)
        started = time.monotonic()
        response = client.get(reverse(f"addresses:{name}"), params)
        assert time.monotonic() - started < WITHIN, name
        assert_clean(response)


@FUZZ
@given(answer=answers)
def test_create(units, client, av, answer):
    serve(av, answer)
    started = time.monotonic()
    check(client, "post", reverse("hierarchy:unit_create", args=[units.tand.sor_id]), create_data())
    # Two searches (husnummer, adresse) and the street check: each within its deadline.
    assert time.monotonic() - started < 3 * WITHIN
    assert_no_refused_text_stored()


@FUZZ
@given(answer=answers)
def test_edit(units, client, av, answer):
    unit = Unit.objects.get(pk=units.blovstrod.pk)
    serve(av, answer)
    payload = edit_data(
        unit,
        postal_address_postal_code="3540",
        postal_address_street_name=STREET,
        postal_address_house_number="15A",
        reason="Ny adresse",
    )
    check(client, "post", reverse("hierarchy:unit_edit", args=[unit.sor_id]), payload)
    assert_no_refused_text_stored()
