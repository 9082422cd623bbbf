"""The read API: token authentication, kommune scope, any date, R8 search, changes feed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from exchange import location_numbers
from exchange.auth import token_issue, token_revoke
from exchange.models import SystemToken, hash_token
from hierarchy import services
from hierarchy.models import Municipality
from tests import factories

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def token(db):
    return token_issue(actor=None, name="FMK test")[1]


@pytest.fixture
def aarhus_token(other_kommune):
    return token_issue(actor=None, name="Aarhus EOJ", municipalities=[Municipality.objects.get(code="0751")])[
        1
    ]


def get(client, url, token=None, **params):
    headers = {"Authorization": f"Token {token}"} if token else {}
    return client.get(url, params, headers=headers)


def unit_url(unit):
    return reverse("exchange:api_unit", args=[unit.sor_id])


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["results"]]


# --- authentication and scope ----------------------------------------------------------------


def test_no_token_is_401(client, tree):
    response = get(client, unit_url(tree.ie))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert "Authorization: Token" in response.json()["error"]


@pytest.mark.parametrize("header", ["Token nonsense", "Bearer {token}", "Token", "{token}"])
def test_bad_token_is_401(client, tree, token, header):
    response = client.get(unit_url(tree.ie), headers={"Authorization": header.format(token=token)})
    assert response.status_code == 401


def test_revoked_token_is_401(client, tree, token):
    assert get(client, unit_url(tree.ie), token).status_code == 200
    token_revoke(actor=None, token=SystemToken.objects.get(name="FMK test"))
    assert get(client, unit_url(tree.ie), token).status_code == 401


def test_only_the_hash_is_stored_and_use_is_noted(client, tree, token):
    stored = SystemToken.objects.get(name="FMK test")
    assert stored.key_hash == hash_token(token) and token not in stored.key_hash
    assert stored.last_used_at is None
    get(client, unit_url(tree.ie), token)
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_a_kommune_token_sees_only_its_kommune(client, tree, other_kommune, aarhus_token):
    assert get(client, unit_url(other_kommune), aarhus_token).status_code == 200
    response = get(client, unit_url(tree.blovstrod), aarhus_token)
    assert response.status_code == 403
    assert "uden for" in response.json()["error"]
    assert (
        get(client, reverse("exchange:api_children", args=[tree.si.sor_id]), aarhus_token).status_code == 403
    )
    assert names(get(client, reverse("exchange:api_search"), aarhus_token, navn="*kommune*")) == [
        other_kommune.name
    ]


def test_openapi_document(client):
    response = client.get(reverse("exchange:api_openapi"))
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/enheder/",
        "/api/enheder/{sor_id}/",
        "/api/enheder/{sor_id}/underenheder/",
        "/api/aendringer/",
    }
    assert document["components"]["securitySchemes"]["SystemToken"]["name"] == "Authorization"


# --- units, children, dates ------------------------------------------------------------------


def test_unit_with_inherited_values(client, tree, token):
    location_numbers.location_number_create(
        actor=None,
        unit=tree.tand,
        gln="5790000123117",
        message_types=services.message_types_by_code("XDIS19"),
        reason="Testændring",
    )
    body = get(client, unit_url(tree.blovstrod), token).json()
    assert body["sor_id"] == tree.blovstrod.sor_id
    assert (body["kind"], body["name"], body["parent_sor_id"]) == (
        "OE",
        "Tandplejen Blovstrød Skole",
        tree.tand.sor_id,
    )
    assert body["unit_type"] == {"code": factories.TANDPLEJEKLINIK, "name": "tandplejeklinik"}
    assert body["postal_address"]["street_name"] == "Bjarkesvej"
    assert body["effective"]["visiting_address"]["postal_code"] == "3450"
    assert body["location_number"]["gln"] == "5790000123117"
    assert body["location_number"]["inherited"] is True
    assert body["location_number"]["holder_sor_id"] == tree.tand.sor_id
    assert [t["code"] for t in body["location_number"]["message_types"]] == ["XDIS19"]
    assert [p["sor_id"] for p in body["path"]] == [tree.ie.sor_id, tree.si.sor_id, tree.tand.sor_id]


def test_unit_inheriting_phone_and_address(client, tree, token):
    from hierarchy.models import UnitType

    unit = services.unit_create(
        actor=None,
        kind="OE",
        parent=tree.tand,
        data=services.UnitData(name="Arver", unit_type=UnitType.objects.get(code=factories.PLEJEHJEM)),
        valid_from=factories.LONG_AGO,
        strict=False,
        reason="Testændring",
    )
    body = get(client, unit_url(unit), token).json()
    assert body["postal_address"] is None and body["phone"] == ""
    assert body["effective"]["postal_address_from_sor_id"] == tree.tand.sor_id
    assert body["effective"]["phone"] == "48 10 01 00"
    assert body["effective"]["contact_from_sor_id"] == tree.tand.sor_id


def test_unknown_unit_and_bad_date(client, tree, token):
    assert get(client, reverse("exchange:api_unit", args=["11000016002"]), token).status_code == 404
    response = get(client, unit_url(tree.ie), token, dato="02-03-2026")
    assert response.status_code == 400
    assert "ÅÅÅÅ-MM-DD" in response.json()["error"]


def test_any_date_from_the_versions(client, tree, token, today):
    data = services.UnitData.from_unit(tree.skole)
    data.name = "Blovstrød Skole og SFO"
    services.unit_update(
        actor=None,
        unit=tree.skole,
        data=data,
        effective_date=today + timedelta(days=10),
        reason="Testændring",
    )
    services.unit_move(
        actor=None,
        unit=tree.skole,
        new_parent=tree.tand,
        effective_date=today + timedelta(days=20),
        reason="Test",
    )
    assert get(client, unit_url(tree.skole), token).json()["name"] == "Blovstrød Skole"
    later = get(client, unit_url(tree.skole), token, dato=(today + timedelta(days=10)).isoformat()).json()
    assert later["name"] == "Blovstrød Skole og SFO"
    assert later["parent_sor_id"] == tree.pleje.sor_id
    assert later["version"]["valid_from"] == (today + timedelta(days=10)).isoformat()
    moved = get(client, unit_url(tree.skole), token, dato=(today + timedelta(days=25)).isoformat()).json()
    assert moved["parent_sor_id"] == tree.tand.sor_id
    children_url = reverse("exchange:api_children", args=[tree.tand.sor_id])
    assert names(get(client, children_url, token)) == [
        "Tandplejen Blovstrød Skole",
        "Tandplejen Lillerød Skole",
    ]
    assert "Blovstrød Skole og SFO" in names(
        get(client, children_url, token, dato=(today + timedelta(days=25)).isoformat())
    )
    before = get(client, unit_url(tree.skole), token, dato="2000-01-01")
    assert before.status_code == 404
    assert "ikke gældende pr. 2000-01-01" in before.json()["error"]


def test_closed_unit_is_gone_after_its_last_day(client, tree, token, today):
    services.unit_close(actor=None, unit=tree.lillerod, closing_date=today + timedelta(days=7), reason="Test")
    assert (
        get(client, unit_url(tree.lillerod), token, dato=(today + timedelta(days=7)).isoformat()).status_code
        == 200
    )
    assert (
        get(client, unit_url(tree.lillerod), token, dato=(today + timedelta(days=8)).isoformat()).status_code
        == 404
    )


def test_children_are_paged(client, tree, token):
    url = reverse("exchange:api_children", args=[tree.si.sor_id])
    first = get(client, url, token, limit=1).json()
    assert first["count"] == 2 and len(first["results"]) == 1
    assert first["next"]
    second = client.get(first["next"], headers={"Authorization": f"Token {token}"}).json()
    assert [r["name"] for r in first["results"] + second["results"]] == [
        "Allerød Kommunes Tandpleje",
        "Sundhedsplejen Allerød",
    ]
    assert get(client, url, token, limit=0).status_code == 400


# --- search (R8) ------------------------------------------------------------------------------


@pytest.fixture
def aero(tree):
    return factories.oe(tree.si, "Ærøskøbing Øjenpleje")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*blovstrød*", ["Blovstrød Skole", "Tandplejen Blovstrød Skole"]),
        ("BLOVSTRØD*", ["Blovstrød Skole"]),
        ("*skole", ["Blovstrød Skole", "Tandplejen Blovstrød Skole", "Tandplejen Lillerød Skole"]),
        ("tandplejen*", ["Tandplejen Blovstrød Skole", "Tandplejen Lillerød Skole"]),
        ("lillerød", ["Tandplejen Lillerød Skole"]),
        ("ÆRØ*", ["Ærøskøbing Øjenpleje"]),
        ("*øjenPLEJE", ["Ærøskøbing Øjenpleje"]),
        ("*ÆRØSKØBING*", ["Ærøskøbing Øjenpleje"]),
    ],
)
def test_name_search_wildcards(client, tree, aero, token, pattern, expected):
    assert names(get(client, reverse("exchange:api_search"), token, navn=pattern)) == expected


def test_free_text_and_sor_code_search(client, tree, token):
    url = reverse("exchange:api_search")
    assert names(get(client, url, token, sor_kode=tree.tand.sor_id)) == ["Allerød Kommunes Tandpleje"]
    found = names(get(client, url, token, fritekst="bjarke*", kommune="0201"))
    assert len(found) == 7
    # "**" has no search term: like no term at all it lists every unit in force (issue 17).
    assert len(names(get(client, url, token, navn="**"))) == 7
    assert get(client, url, token, navn="x", kommune="9999").status_code == 400


def test_search_as_of_a_date(client, tree, token, today):
    factories.oe(tree.si, "Ny Tandklinik", valid_from=today + timedelta(days=30))
    url = reverse("exchange:api_search")
    assert names(get(client, url, token, navn="ny*")) == []
    assert names(get(client, url, token, navn="ny*", dato=(today + timedelta(days=30)).isoformat())) == [
        "Ny Tandklinik"
    ]


# --- changes ----------------------------------------------------------------------------------


def test_changes_since_a_timestamp(client, tree, other_kommune, token, aarhus_token):
    url = reverse("exchange:api_changes")
    assert get(client, url, token, since="i går").status_code == 400
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=CPH), tick=False):
        data = services.UnitData.from_unit(tree.blovstrod)
        data.phone = "48 10 99 99"
        services.unit_update(actor=None, unit=tree.blovstrod, data=data, reason="Testændring")
        location_numbers.location_number_create(
            actor=None, unit=tree.tand, gln="5790000123117", reason="Testændring"
        )
    with time_machine.travel(datetime(2026, 3, 11, 9, 0, tzinfo=CPH), tick=False):
        aarhus_si = factories.si(other_kommune, "Sundhed og Omsorg")
    body = get(client, url, token, since="2026-03-09T00:00:00+01:00").json()
    items = body["results"]
    assert [(i["action"], i.get("sor_id")) for i in items] == [
        ("hierarchy.unit.update", tree.blovstrod.sor_id),
        ("exchange.location_number.create", tree.tand.sor_id),
        ("hierarchy.unit.create", aarhus_si.sor_id),
    ]
    assert items[1]["gln"] == "5790000123117"
    assert items[0]["url"] == unit_url(tree.blovstrod)
    assert body["next"] is None
    assert [
        i["sor_id"] for i in get(client, url, token, since="2026-03-10T12:00:00+01:00").json()["results"]
    ] == [aarhus_si.sor_id]
    # Paging by sequence number.
    page = get(client, url, token, since="2026-03-09", limit=2).json()
    assert len(page["results"]) == 2 and page["next"]
    rest = client.get(page["next"], headers={"Authorization": f"Token {token}"}).json()
    assert [i["sor_id"] for i in rest["results"]] == [aarhus_si.sor_id]
    # A kommune token sees its own kommune's changes only.
    scoped = get(client, url, aarhus_token, since="2026-03-09").json()["results"]
    assert [i["sor_id"] for i in scoped] == [aarhus_si.sor_id]
