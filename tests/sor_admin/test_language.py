"""The UI is Danish only (ARCHITECTURE.md): Django's own texts are Danish too, whatever language
the browser prefers."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("accept_language", ["en", "de,en;q=0.8", ""])
def test_djangos_own_texts_are_danish_whatever_the_browser_asks_for(client, db, accept_language):
    response = client.get(reverse("admin:login"), headers={"Accept-Language": accept_language})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Brugernavn:" in page and 'value="Log ind"' in page
    assert "Username:" not in page and 'value="Log in"' not in page


def test_a_django_form_message_is_danish(client, db):
    response = client.post(
        reverse("admin:login"), {"username": "", "password": ""}, headers={"Accept-Language": "en"}
    )
    assert "Dette felt er påkrævet." in response.content.decode()


@pytest.mark.parametrize(
    ("number", "expected"), [(0, "0 enheder"), (1, "1 enhed"), (2, "2 enheder"), (100, "100 enheder")]
)
def test_counts_are_said_in_danish_singular_and_plural(number, expected):
    """Commands and pages say "1 enhed" and "4 enheder", never "enhed(er)"."""
    from sor_admin.text import count

    assert count(number, "enhed", "enheder") == expected
