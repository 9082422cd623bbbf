"""The same product everywhere (issue 13): the footer with the support contacts (settings), the
tilgængelighedserklæring, the Django admin's name, and the 403, 404 and 500 pages."""

import pytest
from django.test import Client, RequestFactory

from sor_admin.ui.views import server_error


@pytest.fixture
def admin_client(client, municipal_admin):
    municipal_admin.first_name, municipal_admin.last_name = "Anne", "Andersen"
    municipal_admin.save()
    client.force_login(municipal_admin)
    return client


def test_every_page_has_the_footer_with_the_support_contacts(admin_client):
    anonymous = Client()
    for page in (admin_client.get("/"), admin_client.get("/pr-dato/"), anonymous.get("/login/")):
        content = page.content.decode()
        assert '<footer class="sor-footer">' in content
        for text in (
            'href="mailto:Sorpost@sundhedsdata.dk"',
            'href="tel:+4532685341">32 68 53 41</a>, mandag, onsdag og fredag kl. 10-11.30 og 13-14.30',
            'href="mailto:servicedesk@sundhedsdata.dk"',
            'href="mailto:sor@medcom.dk"',
            '<a href="/tilgaengelighed/">Tilgængelighedserklæring</a>',
        ):
            assert text in content


def test_the_support_contacts_are_settings(admin_client, settings):
    settings.SOR_SUPPORT_EMAIL = "sor@region.example.dk"
    settings.SOR_SUPPORT_PHONE = "70 10 20 30"
    settings.SOR_MEDCOM_EMAIL = "lokation@medcom.example.dk"
    content = admin_client.get("/").content.decode()
    assert 'href="mailto:sor@region.example.dk"' in content and "Sorpost@" not in content
    assert 'href="tel:+4570102030">70 10 20 30</a>' in content
    assert "lokation@medcom.example.dk" in content


def test_accessibility_statement_is_open_to_everyone(client, settings):
    settings.SOR_SUPPORT_EMAIL = "sor@region.example.dk"
    content = client.get("/tilgaengelighed/").content.decode()
    assert "<h1>Tilgængelighedserklæring for SOR Admin</h1>" in content
    for heading in ("Sådan har vi testet", "Kendte mangler", "Giv os besked"):
        assert f">{heading}</h2>" in content
    assert "axe-core" in content and 'href="mailto:sor@region.example.dk"' in content


def test_django_admin_carries_the_products_name_and_a_way_back(client, sds_user):
    client.force_login(sds_user)
    content = client.get("/admin/").content.decode()
    assert "<title>Administration af registeret | SOR Admin</title>" in content
    assert '<a href="/admin/">SOR Admin — Sundhedsdatastyrelsen</a>' in content
    assert '<a href="/">Til SOR Admin (organisationen)</a>' in content
    assert "Django" not in content.split("<body")[1].split('<div id="content"')[0]
    assert "Tilgængelighedserklæring" in content


def test_403_is_a_whole_page_with_the_user_and_a_way_back(admin_client, other_kommune):
    from tests import factories

    foreign = factories.oe(parent=factories.si(parent=other_kommune))
    response = admin_client.get(f"/enhed/{foreign.sor_id}/rediger/")
    content = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="alert-heading h2">Du har ikke adgang til denne handling</h1>' in content
    assert "Du er logget ind som <strong>Anne Andersen</strong> (Allerød Kommune)." in content
    assert '<a href="/">Tilbage til forsiden</a>' in content and '<footer class="sor-footer">' in content
    # For htmx the same answer is the part of the details panel, with an h2.
    fragment = admin_client.get(
        f"/enhed/{foreign.sor_id}/rediger/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="details"
    ).content.decode()
    assert "<html" not in fragment and '<h2 class="alert-heading">' in fragment


def test_404_is_a_whole_page_without_djangos_class_names(admin_client):
    response = admin_client.get("/findes/ikke/")
    content = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="alert-heading h2">Siden findes ikke</h1>' in content
    assert "Resolver404" not in content and "Kontrollér adressen" in content
    assert "Anne Andersen, Allerød Kommune" in content  # the header


def test_500_page_needs_neither_database_nor_request(settings):
    """No db fixture: any query would fail the test."""
    settings.SOR_TECHNICAL_SUPPORT_EMAIL = "drift@example.dk"
    response = server_error(RequestFactory().get("/"))
    content = response.content.decode()
    assert response.status_code == 500
    assert '<h1 class="alert-heading">Der opstod en fejl på serveren</h1>' in content
    assert 'href="mailto:drift@example.dk"' in content and '<footer class="sor-footer">' in content
