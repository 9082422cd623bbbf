"""The read API refuses bad query parameters with 400 and a JSON body (a Danish message and a
stable error code), answers undeclared methods with 405, and keeps the contract it publishes
(issue 11 item 13 and 19, issue 17)."""

import pytest
from django.test import Client
from django.urls import reverse

from exchange.auth import token_issue
from tests.exchange.test_api import get, unit_url


@pytest.fixture
def token(db):
    return token_issue(actor=None, name="FMK test")[1]


def refused(response, code: str) -> dict:
    assert response.status_code == 400, (response.status_code, response.content)
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert body["error"]
    return body


@pytest.mark.parametrize(
    "value", ["2027-02-29", "2027-04-31", "0000-00-00", "2027-13-01", "２０２７-01-01", ""]
)
def test_impossible_or_empty_dato_is_400(client, tree, token, value):
    for url in (
        unit_url(tree.ie),
        reverse("exchange:api_children", args=[tree.ie.sor_id]),
        reverse("exchange:api_search"),
    ):
        body = refused(get(client, url, token, dato=value), "invalid_date")
        assert "ÅÅÅÅ-MM-DD" in body["error"]


@pytest.mark.parametrize(
    "value",
    [
        "2027-02-30",
        "2027-02-30T10:00:00+01:00",
        "2026-03-01T00:00:00+99:00",
        "2026-03-01T25:00:00",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "",
        "i går",
    ],
)
def test_impossible_since_is_400(client, tree, token, value):
    refused(get(client, reverse("exchange:api_changes"), token, since=value), "invalid_datetime")


@pytest.mark.parametrize(
    ("name", "value"), [("limit", "²"), ("offset", "¹"), ("limit", "٣"), ("limit", ""), ("limit", "-1")]
)
def test_non_ascii_or_empty_numbers_are_400(client, tree, token, name, value):
    refused(get(client, reverse("exchange:api_search"), token, navn="a", **{name: value}), "invalid_integer")
    children = reverse("exchange:api_children", args=[tree.ie.sor_id])
    refused(get(client, children, token, **{name: value}), "invalid_integer")


@pytest.mark.parametrize("value", ["²", "¹", "", "-5", "1e3", str(10**19)])
def test_bad_efter_is_400(client, tree, token, value):
    body = refused(get(client, reverse("exchange:api_changes"), token, efter=value), "invalid_integer")
    assert "efter" in body["error"]


def test_a_feed_starts_at_efter_0_or_without_parameters(client, tree, token):
    url = reverse("exchange:api_changes")
    first = get(client, url, token, efter=0, limit=500)
    assert first.status_code == 200, first.content
    assert first.json()["results"], "the tree's creation is in the feed"
    assert get(client, url, token).json() == first.json()


def test_search_without_a_term_lists_a_kommunes_units_page_by_page(client, tree, token):
    url = reverse("exchange:api_search")
    body = get(client, url, token, kommune="0201", limit=3).json()
    assert body["count"] == 7 and len(body["results"]) == 3 and body["next"]
    refused(get(client, url, token, kommune="201"), "unknown_kommune")
    refused(get(client, url, token, kommune="9999"), "unknown_kommune")


def test_search_text_is_bounded(client, tree, token):
    refused(get(client, reverse("exchange:api_search"), token, navn="a" * 201), "text_too_long")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_write_methods_are_405_not_a_csrf_403(tree, token, method):
    client = Client(enforce_csrf_checks=True)
    for url in (
        unit_url(tree.ie),
        reverse("exchange:api_children", args=[tree.ie.sor_id]),
        reverse("exchange:api_search"),
        reverse("exchange:api_changes"),
        reverse("exchange:api_openapi"),
    ):
        for headers in ({}, {"Authorization": f"Token {token}"}):
            response = getattr(client, method)(url, headers=headers)
            assert response.status_code == 405, (url, response.status_code)
            assert response["Allow"] == "GET"
            assert response.json()["code"] == "method_not_allowed"


def test_nul_byte_in_an_api_query_is_a_json_400(client, tree, token):
    refused(get(client, reverse("exchange:api_search"), token, navn="a\x00b"), "invalid_characters")
    html = client.get(reverse("hierarchy:index"), {"navn": "a\x00b"})
    assert html.status_code == 400 and html["Content-Type"].startswith("text/plain")


def test_unknown_api_path_is_a_json_404(client, token):
    response = get(client, "/api/enheder/123/ukendt/", token)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    # Without the trailing slash Django still redirects to the address with it, as before.
    assert get(client, "/api/enheder", token).status_code == 301


def test_errors_carry_stable_codes(client, tree, token):
    assert client.get(unit_url(tree.ie)).json()["code"] == "token_missing"
    assert get(client, unit_url(tree.ie), "forkert").json()["code"] == "token_invalid"
    assert (
        get(client, reverse("exchange:api_unit", args=["11000016002"]), token).json()["code"]
        == "unit_not_found"
    )
    assert get(client, unit_url(tree.ie), token, dato="2000-01-01").json()["code"] == "unit_not_in_force"


def test_unknown_parameters_are_refused_not_ignored(client, tree, token):
    """?date= instead of ?dato= must not silently answer for today."""
    body = refused(get(client, unit_url(tree.ie), token, date="2000-01-01"), "unknown_parameter")
    assert "date" in body["error"] and "dato" in body["error"]
    refused(get(client, reverse("exchange:api_changes"), token, after="5"), "unknown_parameter")


def test_a_pattern_of_stars_only_keeps_the_search_bounds(client, tree, token):
    """61 stars is beyond the published maxLength of navn/fritekst, so it is refused like any
    other pattern beyond the bounds instead of listing every unit."""
    url = reverse("exchange:api_search")
    for name in ("navn", "fritekst"):
        refused(get(client, url, token, **{name: "*" * 61}), "invalid_search")
    assert get(client, url, token, navn="*" * 60).status_code == 200
