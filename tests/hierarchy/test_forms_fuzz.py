"""Property-based fuzzing of every GUI form as a municipal administrator on their own units:
Opret OE, Rediger OE, Flyt OE, Luk OE (POST) and the search (GET). Whatever is typed, the
answer is never a server error, and a write is all or nothing: either no Unit, UnitVersion or
AuditEvent row changes, or the write succeeded and every changed unit has its audit event.

Each example starts from a valid payload with some fields replaced by hostile text, so both
the form checks and the services' rules are reached. Each example runs in a savepoint that is
rolled back, so every example sees the same register."""

import html
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from audit.models import AuditEvent
from hierarchy import forms, services
from hierarchy.identifiers import sor_id_problem
from hierarchy.models import Unit, UnitVersion
from tests.hierarchy.test_views_actions import close_data, create_data, edit_data, move_data

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# 409 is the documented answer to a stale expected_revision (someone saved first).
OK_STATUSES = {200, 302, 303, 400, 403, 404, 409, 422}
UNSTABLE_FIELDS = {"updated_at"}  # the nested sets are in UnitNode, not compared here

NASTY = [
    "",
    " ",
    "*",
    "**",
    "*blovstrød*",
    "Æblegården Ølstykke Å",
    "ÆØÅ æøå",
    "'; DROP TABLE hierarchy_unit; --",
    "' OR '1'='1",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "\x00",
    "a\x00b",
    "\t\r\n",
    "\x1b[31m",
    "\u202eevil",
    "\ufeff",
    "x" * 61,
    "ø" * 5000,
    "1" * 300,
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "29-02-2027",
    "31-12-9999",
    "01-01-0001",
    "00-00-0000",
    "2026-03-09",
    "9.3.2026",
    "09/03/26",
    "09-03-26",
    "+7",
    "i morgen",
    "-1",
    "99999999999999999999",
    "11000016002",
    "5790000123452",
    # Digits that str.isdigit() accepts and int() or the rules do not (issue 11, item 13).
    "²",
    "¹²",
    "³⁵⁴⁰",
    "١٢",
    "１２",
    "x" * 10000,
    "1" * 10000,
]
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
nasty = st.one_of(st.sampled_from(NASTY), text)


def d(days: int) -> str:
    return (services.today() + timedelta(days=days)).strftime("%d-%m-%Y")


@pytest.fixture
def units(today, tree, municipal_admin, client):
    client.force_login(municipal_admin)
    return tree


def snapshot():
    units = {
        row["id"]: tuple(sorted((k, str(v)) for k, v in row.items() if k not in UNSTABLE_FIELDS))
        for row in Unit.objects.values()
    }
    versions = {}
    for row in UnitVersion.objects.order_by("id").values():
        versions.setdefault(row["unit_id"], []).append(tuple(sorted((k, str(v)) for k, v in row.items())))
    return units, versions, AuditEvent.objects.count()


def changed_units(before, after) -> set[int]:
    (units_b, versions_b, _), (units_a, versions_a, _) = before, after
    changed = {pk for pk in units_a.keys() | units_b.keys() if units_a.get(pk) != units_b.get(pk)}
    changed |= {
        pk for pk in versions_a.keys() | versions_b.keys() if versions_a.get(pk) != versions_b.get(pk)
    }
    return changed


def check(client, method, url, payload):
    """One request in a rolled-back savepoint; the all-or-nothing property on its result."""
    with transaction.atomic():
        before = snapshot()
        first_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        response = getattr(client, method)(url, payload)
        assert response.status_code in OK_STATUSES, (response.status_code, payload)
        event(f"status {response.status_code}")
        after = snapshot()
        changed = changed_units(before, after)
        if response.status_code in (302, 303):
            assert changed, "a successful write changes a unit"
        if changed:
            assert response.status_code in (302, 303), (
                "a refused request wrote",
                response.status_code,
                payload,
            )
            audited = set(AuditEvent.objects.filter(seq__gt=first_seq).values_list("object_id", flat=True))
            sor_ids = dict(Unit.objects.filter(pk__in=changed).values_list("pk", "sor_id"))
            missing = {sor_ids.get(pk, pk) for pk in changed} - audited
            assert not missing, ("changed without an audit event", missing)
        else:
            assert after[2] == before[2], "no audit event without a change"
        transaction.set_rollback(True)
    return response


def check_refused(client, url, payload, message):
    """A payload that must be refused with `message`: never a 500, and nothing written."""
    response = check(client, "post", url, payload)
    assert response.status_code == 422, (response.status_code, payload)
    assert message in response.content.decode(), payload


def fuzzed(base: dict, overrides: dict) -> dict:
    data = dict(base)
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def overrides_for(fields):
    return st.dictionaries(st.sampled_from(sorted(fields)), st.one_of(nasty, st.none()), max_size=len(fields))


CREATE_FIELDS = [
    *create_data(),
    "visiting_address_postal_code",
    "visiting_address_street_name",
    "visiting_address_house_number",
    "activity_address_postal_code",
    "activity_address_street_name",
    "activity_address_house_number",
    "postal_address_confirm_unknown_street",
]


@FUZZ
@given(overrides=overrides_for(CREATE_FIELDS))
def test_create(units, client, overrides):
    url = reverse("hierarchy:unit_create", args=[units.tand.sor_id])
    check(client, "post", url, fuzzed(create_data(), overrides))


EDIT_FIELDS = [
    "name",
    "unit_type",
    "effective_date",
    "postal_address_postal_code",
    "postal_address_street_name",
    "postal_address_house_number",
    "postal_address_floor",
    "postal_address_door",
    "visiting_same_as_postal",
    "activity_same_as_visiting",
    "phone",
    "email",
    "website",
    "reason",
    "expected_revision",
]


@FUZZ
@given(overrides=overrides_for(EDIT_FIELDS))
def test_edit(units, client, overrides):
    unit = Unit.objects.get(pk=units.blovstrod.pk)
    url = reverse("hierarchy:unit_edit", args=[unit.sor_id])
    check(client, "post", url, fuzzed(edit_data(unit, effective_date=d(3), reason="fuzz"), overrides))


@FUZZ
@given(
    target=st.sampled_from(["pleje", "skole", "si", "ie", "blovstrod", "lillerod"]),
    overrides=overrides_for(
        ["new_parent", "effective_date", "reason", "confirm_impact", "expected_revision"]
    ),
)
def test_move(units, client, target, overrides):
    unit = Unit.objects.get(pk=units.blovstrod.pk)
    url = reverse("hierarchy:unit_move", args=[unit.sor_id])
    check(client, "post", url, fuzzed(move_data(unit, getattr(units, target)), overrides))


@FUZZ
@given(
    which=st.sampled_from(["blovstrod", "tand", "pleje"]),
    overrides=overrides_for(["closing_date", "reason", "confirm_impact", "expected_revision", "confirm"]),
)
def test_close(units, client, which, overrides):
    unit = Unit.objects.get(pk=getattr(units, which).pk)
    url = reverse("hierarchy:unit_close", args=[unit.sor_id])
    check(client, "post", url, fuzzed(close_data(unit, closing_date=d(10)), overrides))


# A NUL byte in the search is a known PostgreSQL 500 (test_search_nul_byte below); leaving it
# out here keeps the rest of the search fuzzed on both databases.
search_text = nasty.filter(lambda value: "\x00" not in value)


@FUZZ
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "fritekst": search_text,
            "navn": search_text,
            "sor_kode": search_text,
            "mine": st.sampled_from(["1", "on", "", "x"]),
            "vis_lukkede": st.sampled_from(["1", "on", "", "x"]),
            "enhed": search_text,
        },
    ),
    htmx=st.booleans(),
)
def test_search(units, client, params, htmx):
    url = reverse("hierarchy:index")
    if htmx:
        with transaction.atomic():
            response = client.get(url, params, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="navigator-results")
            assert response.status_code in OK_STATUSES
            transaction.set_rollback(True)
    else:
        response = check(client, "get", url, params)
    # 422: a Navn or Fritekst beyond the search's bounds (5 parts, 60 characters), or a SOR-kode
    # that is no SOR-kode (format, check digit: issue 23 item 5), said in Danish
    code = "".join(params.get("sor_kode", "").split())
    code_problem = sor_id_problem(code) if code else None
    content = response.content.decode()
    assert response.status_code == 200 or (
        response.status_code == 422
        and (
            "Søgningen må højst have" in content
            or (code_problem is not None and html.escape(code_problem, quote=False) in content)
        )
    )


@pytest.mark.parametrize("field", ["fritekst", "navn", "sor_kode", "enhed"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_search_nul_byte(units, client, field, htmx):
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "navigator-results"} if htmx else {}
    response = client.get(reverse("hierarchy:index"), {field: "a\x00b"}, **headers)
    # Refused before any view passes it to the database (PostgreSQL rejects NUL in text).
    assert response.status_code == 400


# --- refused whatever else is typed (issue 11) --------------------------------------------------


@FUZZ
@given(overrides=overrides_for(["name", "reason", "effective_date", "phone"]))
def test_edit_without_revision_writes_nothing(units, client, overrides):
    unit = Unit.objects.get(pk=units.blovstrod.pk)
    url = reverse("hierarchy:unit_edit", args=[unit.sor_id])
    payload = fuzzed(edit_data(unit, effective_date=d(3), reason="fuzz"), overrides)
    payload.pop("expected_revision")
    check_refused(client, url, payload, forms.MSG_REVISION_REQUIRED)


@FUZZ
@given(
    target=st.sampled_from(["pleje", "skole", "si", "ie", "blovstrod", "lillerod"]),
    overrides=overrides_for(["new_parent", "effective_date", "reason", "confirm_impact"]),
)
def test_move_without_revision_writes_nothing(units, client, target, overrides):
    unit = Unit.objects.get(pk=units.blovstrod.pk)
    url = reverse("hierarchy:unit_move", args=[unit.sor_id])
    payload = fuzzed(move_data(unit, getattr(units, target)), overrides)
    payload.pop("expected_revision")
    check_refused(client, url, payload, forms.MSG_REVISION_REQUIRED)


@FUZZ
@given(
    which=st.sampled_from(["blovstrod", "tand", "pleje"]),
    days=st.integers(min_value=-3, max_value=services.CLOSE_MIN_DAYS - 1),
    overrides=overrides_for(["reason", "confirm_impact", "confirm"]),
)
def test_close_too_early_is_refused_before_confirmation(units, client, which, days, overrides):
    unit = Unit.objects.get(pk=getattr(units, which).pk)
    url = reverse("hierarchy:unit_close", args=[unit.sor_id])
    payload = fuzzed(close_data(unit, closing_date=d(days)), overrides)
    check_refused(client, url, payload, "Dato for enhedens ophør skal tidligst være")
    assert "Bekræft lukning" not in check(client, "post", url, payload).content.decode()


@FUZZ
@given(
    part=st.sampled_from(["postal_code", "house_number", "floor", "door"]),
    value=st.sampled_from(["²", "¹²", "³⁵⁴⁰", "١٢", "１２", "٣٥٤٠"]),
    edit=st.booleans(),
)
def test_unicode_digits_in_addresses_are_refused(units, client, part, value, edit):
    key = f"postal_address_{part}"
    if edit:
        unit = Unit.objects.get(pk=units.blovstrod.pk)
        url = reverse("hierarchy:unit_edit", args=[unit.sor_id])
        payload = edit_data(unit, effective_date=d(3), reason="fuzz", **{key: value})
    else:
        url = reverse("hierarchy:unit_create", args=[units.tand.sor_id])
        payload = create_data(**{key: value})
    check_refused(client, url, payload, f'id="id_{key}_error"')
