"""Item 13 of issue 11 (Ændringslog): whatever a reviewer puts in the query string, the answer
is a page with a Danish message (200, 400 or 422), never a server error."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditlog.forms import MSG_BAD_BEFORE

LOG = reverse("audit:log")
CSV = reverse("audit:log_csv")
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PARAMS = ["før", "kommune", "sor_kode", "bruger", "handling", "dato_fra", "dato_til", "begrundelse"]
VALUES = st.one_of(
    st.sampled_from(
        [
            "²",
            "¹",
            "٣",
            "１２",
            "-1",
            "0",
            "1e3",
            "9" * 30,
            str(2**63),
            str(2**63 - 1),
            "2027-02-30",
            "30-02-2027",
            "2027-13-01",
            "0000-00-00",
            "31-04-2027",
            "29-02-2027",
            "01-01-0001",
            "31-12-9999",
            "hierarchy.",
            "0201",
            "x" * 5000,
        ]
    ),
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40),
)


@pytest.fixture
def support_client(client, support_user, tree):
    client.force_login(support_user)
    return client


@given(query=st.dictionaries(st.sampled_from(PARAMS), VALUES, min_size=1, max_size=4))
@FUZZ
def test_no_query_value_gives_a_server_error(support_client, query):
    for url in (LOG, CSV):
        response = support_client.get(url, query)
        assert response.status_code in {200, 400, 422}, (url, query)


@pytest.mark.parametrize("value", ["²", "¹", "٣", "-1", "0", "abc", "9" * 30, str(2**63)])
def test_a_bad_page_cursor_is_refused_in_danish(support_client, value):
    response = support_client.get(LOG, {"før": value})
    assert response.status_code == 400
    assert MSG_BAD_BEFORE in response.content.decode()
    assert response.context["newest_url"] == "?"


def test_a_good_page_cursor_pages(support_client):
    response = support_client.get(LOG, {"før": "3"})
    assert response.status_code == 200
    assert [row["event"].seq for row in response.context["events"]] == [2, 1]


@pytest.mark.parametrize("value", ["2027-02-30", "30-02-2027", "31-04-2027", "0000-00-00", "2027-13-01"])
def test_an_impossible_date_is_a_form_error(support_client, value):
    """Written as a date, but no such day: said so (issue 13), not how to write a date."""
    response = support_client.get(LOG, {"dato_fra": value})
    assert response.status_code == 422
    assert f"Datoen {value} findes ikke." in response.content.decode()


@pytest.mark.parametrize("value", ["i går", "1/2", "30-02"])
def test_a_date_not_written_as_one_is_a_form_error(support_client, value):
    response = support_client.get(LOG, {"dato_fra": value})
    assert response.status_code == 422
    assert "Datoen skal skrives som dd-mm-åååå" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"dato_til": "31-12-9999"},
        {"dato_fra": "01-01-0001"},
        {"dato_fra": "01-01-0001", "dato_til": "31-12-9999"},
    ],
)
def test_the_calendar_edges_are_open_ranges(support_client, query):
    """The first and last days a date can hold filter like no bound at all (found by the fuzz test)."""
    everything = [row["event"].seq for row in support_client.get(LOG).context["events"]]
    response = support_client.get(LOG, query)
    assert response.status_code == 200
    assert [row["event"].seq for row in response.context["events"]] == everything
    assert support_client.get(CSV, query).status_code == 200
