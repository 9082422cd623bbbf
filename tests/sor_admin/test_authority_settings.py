"""Issue 23 item 9: from 1 January 2027 Sundhedsdatastyrelsen and MedCom become part of Digital
Sundhed Danmark. The authority's name, MedCom's name and the addresses in refusals, footer and
help texts come from settings (SOR_AUTHORITY_NAME, SOR_MEDCOM_NAME, SOR_SUPPORT_EMAIL,
SOR_MEDCOM_EMAIL), with today's values as defaults."""

import pytest
from django.urls import reverse

from exchange import location_numbers
from hierarchy import permissions, services

GLN = "5790000123117"
DSD = "Digital Sundhed Danmark"


@pytest.fixture
def new_year(settings):
    settings.SOR_AUTHORITY_NAME = DSD
    settings.SOR_MEDCOM_NAME = DSD
    settings.SOR_SUPPORT_EMAIL = "sor@dsd.example"
    settings.SOR_MEDCOM_EMAIL = "medcom@dsd.example"
    settings.SOR_TECHNICAL_SUPPORT_EMAIL = "servicedesk@dsd.example"


def old_names_in(text: str) -> list[str]:
    return [old for old in ("Sundhedsdatastyrelsen", "sundhedsdata.dk", "MedCom", "medcom.dk") if old in text]


@pytest.fixture
def number(tree):
    return location_numbers.location_number_create(
        actor=None,
        unit=tree.tand,
        gln=GLN,
        message_types=services.message_types_by_code("XDIS19"),
        reason="Testændring",
    )


def test_refusals_name_todays_authority_by_default(tree, municipal_admin):
    with pytest.raises(permissions.PermissionDenied) as refused:
        permissions.require_can_create_under(municipal_admin, tree.ie, "SI")
    assert str(refused.value) == (
        "Institutionsejere (IE) og sundhedsinstitutioner (SI) vedligeholdes af Sundhedsdatastyrelsen. "
        "Skriv til Sorpost@sundhedsdata.dk."
    )
    with pytest.raises(permissions.PermissionDenied) as refused:
        permissions.require_can_manage_location_numbers(municipal_admin)
    assert str(refused.value) == (
        "Lokationsnumre vedligeholdes af Sundhedsdatastyrelsen og meddelelsestyper af MedCom. "
        "Skriv til Sorpost@sundhedsdata.dk eller sor@medcom.dk."
    )


def test_refusals_follow_the_settings(tree, municipal_admin, new_year):
    with pytest.raises(permissions.PermissionDenied) as refused:
        permissions.require_can_create_under(municipal_admin, tree.ie, "SI")
    assert str(refused.value) == (
        "Institutionsejere (IE) og sundhedsinstitutioner (SI) vedligeholdes af Digital Sundhed Danmark. "
        "Skriv til sor@dsd.example."
    )
    with pytest.raises(permissions.PermissionDenied) as refused:
        permissions.require_can_maintain(municipal_admin, tree.si)
    assert DSD in str(refused.value) and not old_names_in(str(refused.value))
    with pytest.raises(permissions.PermissionDenied) as refused:
        permissions.require_sds(municipal_admin)
    assert str(refused.value) == "Kun Digital Sundhed Danmarks medarbejdere kan gøre dette."


def test_the_refusal_page_follows_the_settings(client, tree, municipal_admin, new_year):
    client.force_login(municipal_admin)
    response = client.get(reverse("hierarchy:unit_edit", args=[tree.si.sor_id]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "vedligeholdes af Digital Sundhed Danmark. Skriv til sor@dsd.example." in page
    assert not old_names_in(page)


def test_the_lokationsnummer_page_and_footer_follow_the_settings(client, number, municipal_admin, new_year):
    client.force_login(municipal_admin)
    page = client.get(reverse("exchange_gui:location_number", args=[GLN])).content.decode()
    assert (
        "Lokationsnumre vedligeholdes af Digital Sundhed Danmark og meddelelsestyper af Digital Sundhed Danmark."
        in page
    )
    assert 'href="mailto:sor@dsd.example"' in page and 'href="mailto:medcom@dsd.example"' in page
    assert "Digital Sundhed Danmark: <a" in page  # the footer
    assert not old_names_in(page)


def test_the_unit_panel_and_header_follow_the_settings(client, number, tree, sds_user, new_year):
    client.force_login(sds_user)
    page = client.get(reverse("hierarchy:unit_detail", args=[tree.tand.sor_id])).content.decode()
    assert "Lokationsnumre vedligeholdes af Digital Sundhed Danmark" in page
    assert not old_names_in(page)


def test_the_request_queues_are_named_by_the_settings(settings):
    from change_requests.models import ChangeRequest

    assert ChangeRequest(team="sds").get_team_display() == "Sundhedsdatastyrelsen"
    settings.SOR_AUTHORITY_NAME = DSD
    settings.SOR_MEDCOM_NAME = DSD
    assert ChangeRequest(team="sds").get_team_display() == DSD
    assert ChangeRequest(team="medcom").get_team_display() == DSD


def test_the_quality_rules_name_medcom_by_the_settings(settings):
    from quality.rules import RULES

    by_id = RULES
    settings.SOR_MEDCOM_NAME = DSD
    settings.SOR_MEDCOM_EMAIL = "medcom@dsd.example"
    empty = str(by_id["edi.lokationsnummer_uden_meddelelsestyper"].explanation)
    assert "Meddelelsestyper sættes af Digital Sundhed Danmark: skriv til medcom@dsd.example." in empty
    assert "Bed Digital Sundhed Danmark kontrollere" in str(by_id["edi.lokationsnummer_flyttet"].explanation)
