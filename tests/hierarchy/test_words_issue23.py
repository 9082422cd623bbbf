"""Issue 23 item 5 through the views: one message for a malformed SOR-kode in Søg and Flyt OE,
one way out of the close dialog, a confirmation after a withdrawal, one spelling of SOR's
mailbox, and «…» as the only quotes."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from exchange import location_numbers
from hierarchy import identifiers, services
from tests.factories import refresh

HX_RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "navigator-results"}


def d(day) -> str:
    return day.strftime("%d-%m-%Y")


def url(name, unit):
    return reverse(f"hierarchy:{name}", args=[unit.sor_id])


@pytest.mark.parametrize("typed", ["abc", "12-34", "1234"])
def test_a_malformed_sor_kode_in_search_gets_the_format_message_of_flyt_oe(admin_client, demo, typed):
    response = admin_client.get("/", {"sor_kode": typed}, **HX_RESULTS)
    content = response.content.decode()
    assert response.status_code == 422
    assert f"SOR-kode: {identifiers.MSG_SOR_ID_FORMAT}" in content
    assert "Ingen enheder matcher" not in content
    # Flyt OE says the same of the same input.
    unit = demo.tandplejen_blovstrod
    moved = admin_client.post(
        url("unit_move", unit),
        {
            "new_parent": typed,
            "effective_date": d(services.today() + timedelta(days=1)),
            "reason": "Omorganisering",
            "expected_revision": str(unit.revision),
        },
    )
    assert moved.status_code == 422 and identifiers.MSG_SOR_ID_FORMAT in moved.content.decode()


def test_the_close_dialog_offers_annuller_only(admin_client, demo):
    unit = demo.aeldre
    response = admin_client.post(
        url("unit_close", unit),
        {
            "closing_date": d(services.today() + timedelta(days=7)),
            "reason": "Lukker",
            "expected_revision": str(unit.revision),
            "confirm": "",
        },
    )
    content = response.content.decode()
    dialog = content[content.index('id="close-confirm-modal"') :]
    assert "Fortryd" not in content
    assert dialog.count("data-modal-close") == 1
    assert re.search(r"<button[^>]*data-modal-close>Annuller</button>", dialog)
    assert re.search(r"<button[^>]*data-confirm-ok=\"close-form\">OK</button>", dialog)


def test_withdrawing_a_planned_change_is_confirmed(admin_client, demo, municipal_admin):
    unit = demo.tandplejen_blovstrod
    day = services.today() + timedelta(days=10)
    services.unit_move(
        actor=municipal_admin,
        unit=unit,
        new_parent=demo.blovstrod_skole,
        effective_date=day,
        reason="Flyttes",
    )
    response = admin_client.post(
        url("unit_withdraw", unit),
        {
            "what": "change",
            "valid_from": d(day),
            "reason": "Fortrudt",
            "expected_revision": str(refresh(unit).revision),
        },
        follow=True,
    )
    content = response.content.decode()
    assert response.redirect_chain[-1][1] == 303
    assert f"Den planlagte ændring fra {d(day)} er tilbagetrukket." in content
    assert 'role="status" tabindex="-1" data-focus-on-load' in content


def test_withdrawing_a_closing_is_confirmed(admin_client, demo, municipal_admin):
    unit = demo.aeldre
    services.unit_close(actor=municipal_admin, unit=unit, reason="Lukker")
    closing = refresh(unit).valid_to
    response = admin_client.post(
        url("unit_withdraw", unit),
        {"what": "close", "reason": "Fortsætter", "expected_revision": str(refresh(unit).revision)},
        follow=True,
    )
    content = response.content.decode()
    assert refresh(unit).valid_to is None
    assert f"Lukningen af {unit.name} pr. {d(closing)} er tilbagetrukket. Enheden fortsætter." in content


def test_sors_mailbox_has_one_spelling_on_the_lokationsnummer_page(admin_client, demo):
    gln = identifiers.make_gln("579000012311")
    location_numbers.location_number_create(
        actor=None, unit=demo.tandplejen_blovstrod, gln=gln, message_types=[], reason="Testændring"
    )
    page = admin_client.get(reverse("exchange_gui:location_number", args=[gln])).content.decode()
    assert settings.SOR_SUPPORT_EMAIL == "Sorpost@sundhedsdata.dk"
    assert "Sorpost@sundhedsdata.dk" in page and "SORpost@" not in page


APP_SOURCES = [
    "accounts",
    "addresses",
    "auditlog",
    "change_requests",
    "exchange",
    "fhir",
    "hierarchy",
    "quality",
    "reorganisation",
    "sor_admin",
    "templates",
    "static/js",
]


def test_every_message_quotes_with_guillemets_pointing_out():
    """«…», as most messages do; no »…« (a » that opens a quote)."""
    base = Path(settings.BASE_DIR)
    found = []
    for top in APP_SOURCES:
        for path in (base / top).rglob("*"):
            if path.suffix not in {".py", ".html", ".js"} or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                first_open, first_close = line.find("«"), line.find("»")
                if first_close != -1 and (first_open == -1 or first_close < first_open):
                    found.append(f"{path.relative_to(base)}:{number}")
    assert found == []
