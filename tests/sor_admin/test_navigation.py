"""The main menu per role (issue 23 item 3, sor_admin/navigation.py): each role is shown the
pages it may use, every page shown opens for it, and the pages that refuse a role are not shown
to it."""

import pytest
from django.urls import reverse

from sor_admin.navigation import MENU, menu_for

# The roles are fixtures asked for by name (request.getfixturevalue), which pytest-django cannot
# see when it orders the tests: without the mark these ran with the tests that need no database,
# after the browser tests had flushed the reference data (Municipality.DoesNotExist).
pytestmark = pytest.mark.django_db

ROLE_FIXTURES = ("municipal_admin", "sds_user", "medcom_user", "support_user")

EXPECTED = {
    "municipal_admin": [
        "Organisationen",
        "Vis pr. dato",
        "Omstruktureringer",
        "Kvalitetstjek",
        "Anmodninger",
        "API",
    ],
    "sds_user": [
        "Organisationen",
        "Vis pr. dato",
        "Ændringslog",
        "Omstruktureringer",
        "Kvalitetstjek",
        "Anmodninger",
        "Udtræk",
        "Lokationsnumre",
        "API",
        "Administration",
    ],
    "medcom_user": [
        "Organisationen",
        "Vis pr. dato",
        "Anmodninger",
        "Lokationsnumre",
        "API",
        "Administration",
    ],
    "support_user": [
        "Organisationen",
        "Vis pr. dato",
        "Ændringslog",
        "Kvalitetstjek",
        "Lokationsnumre",
        "API",
    ],
}


@pytest.mark.parametrize("role", ROLE_FIXTURES)
def test_each_role_is_shown_its_own_pages(request, role):
    user = request.getfixturevalue(role)
    assert [item.label for item in menu_for(user, "/")] == EXPECTED[role]


@pytest.mark.parametrize("role", ROLE_FIXTURES)
def test_every_page_shown_opens_and_every_page_refused_is_not_shown(request, client, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    shown = {item.url for item in menu_for(user, "/")}
    for page in MENU:
        url = reverse(page.url_name)
        status = client.get(url).status_code
        if url in shown:
            assert status == 200, f"{page.label} ({url}) vises for {role}, men svarer {status}"
        elif status != 200:
            assert status in (302, 403), f"{page.label} ({url}) svarer {status} for {role}"
        if status in (302, 403):
            assert url not in shown, f"{page.label} afvises for {role}, men står i menuen"


def test_the_menu_is_on_every_gui_page_with_the_current_page_marked(client, support_user):
    client.force_login(support_user)
    content = client.get(reverse("audit:log")).content.decode()
    menu = content.split('aria-label="Hovedmenu"')[1].split("</nav>")[0]
    assert f'href="{reverse("audit:log")}" aria-current="page">Ændringslog</a>' in menu
    assert "Omstruktureringer" not in menu and "Administration" not in menu
    assert '<button type="button" class="sor-nav__toggle"' in menu and "Menu" in menu


def test_the_current_page_is_the_longest_match(sds_user):
    current = [
        item.label for item in menu_for(sds_user, "/udveksling/lokationsnumre/5790000000005/") if item.current
    ]
    assert current == ["Lokationsnumre"]
    assert [item.label for item in menu_for(sds_user, "/enhed/123/flyt/") if item.current] == [
        "Organisationen"
    ]
    assert [item.label for item in menu_for(sds_user, "/login/") if item.current] == []


def test_no_menu_before_login(client):
    assert 'aria-label="Hovedmenu"' not in client.get(reverse("login")).content.decode()


def test_api_page_describes_every_endpoint_of_the_schema(client, municipal_admin):
    from exchange.openapi import openapi_document

    client.force_login(municipal_admin)
    content = client.get(reverse("exchange_gui:api_doc")).content.decode()
    for path, methods in openapi_document()["paths"].items():
        for operation in methods.values():
            assert path in content and operation["summary"] in content
    assert reverse("exchange:api_openapi") in content
    assert "Authorization: Token &lt;token&gt;" in content


# --- the start page of each role --------------------------------------------------------------


def _start(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("hierarchy:index")).content.decode()


@pytest.mark.parametrize("role", ["medcom_user", "support_user"])
def test_medcom_and_support_are_not_told_to_tick_kun_mine_enheder(request, client, role):
    content = _start(client, request.getfixturevalue(role))
    assert "Kun mine enheder" not in content
    assert "Søg på fritekst, navn eller SOR-kode." in content


def test_medcom_start_leads_to_the_lokationsnumre_and_message_types(client, medcom_user):
    content = _start(client, medcom_user)
    assert "Som MedCom vedligeholder du meddelelsestyperne på lokationsnumrene." in content
    assert f'href="{reverse("exchange_gui:location_numbers")}">Find et lokationsnummer' in content
    assert f'href="{reverse("admin:hierarchy_edimessagetype_changelist")}"' in content


def test_support_start_leads_to_the_aendringslog(client, support_user):
    content = _start(client, support_user)
    assert f'href="{reverse("audit:log")}">Se de seneste hændelser</a>' in content
    assert reverse("admin:hierarchy_edimessagetype_changelist") not in content
    assert reverse("admin:index") not in content  # support has no Django admin


@pytest.mark.parametrize("role", ["municipal_admin", "sds_user"])
def test_administrators_and_sds_keep_kun_mine_enheder(request, client, role):
    content = _start(client, request.getfixturevalue(role))
    assert 'name="mine"' in content
    assert "Sæt kryds i <strong>Kun mine enheder</strong>" in content
