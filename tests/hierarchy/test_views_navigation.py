"""The main screen: Kun mine enheder, the tree loaded a level at a time and the details panel
(R6, R9), with the number of queries fixed however many units there are."""

from datetime import timedelta

import pytest
from django.urls import reverse

from addresses.services import AddressInput
from exchange import location_numbers
from hierarchy import services
from hierarchy.identifiers import make_gln
from hierarchy.models import UnitType
from tests import factories

HX = {"HTTP_HX_REQUEST": "true"}


def hx(target):
    return {**HX, "HTTP_HX_TARGET": target}


def detail_url(unit, **params):
    from urllib.parse import urlencode

    return reverse("hierarchy:unit_detail", args=[unit.sor_id]) + ("?" + urlencode(params) if params else "")


# --- login required ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["index", "unit_type_options"])
def test_pages_need_login(client, db, name):
    response = client.get(reverse(f"hierarchy:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_unit_pages_need_login(client, demo):
    for name in ("unit_detail", "unit_create", "unit_edit", "unit_move", "unit_close", "tree_children"):
        response = client.get(reverse(f"hierarchy:{name}", args=[demo.tandpleje.sor_id]))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/login/?next=")


def test_unknown_unit_is_404(admin_client, demo):
    assert admin_client.get(reverse("hierarchy:unit_detail", args=["123"])).status_code == 404


# --- Kun mine enheder (R9) ----------------------------------------------------------------------


def test_landing_page_explains_what_to_do(admin_client, demo):
    response = admin_client.get("/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kun mine enheder" in content
    assert "Ingen enhed valgt" in content
    assert demo.kommune.name not in content.split('id="navigator-results"')[1]


def test_mine_shows_own_kommune_only(admin_client, demo):
    response = admin_client.get("/?mine=1")
    content = response.content.decode()
    assert "Allerød Kommune" in content
    assert demo.other_kommune.name not in content
    # One level only: the IE, with an arrow that loads its children on demand.
    assert demo.si.name not in content
    assert reverse("hierarchy:tree_children", args=[demo.kommune.sor_id]) in content


def test_mine_for_user_without_scope(client, demo, support_user):
    client.force_login(support_user)
    content = client.get("/?mine=1").content.decode()
    assert "Du har ingen enheder tildelt" in content
    assert demo.kommune.name not in content.split('id="navigator-results"')[1]


def test_mine_for_sds_shows_every_ie(client, demo, sds_user):
    client.force_login(sds_user)
    content = client.get("/?mine=1").content.decode()
    assert demo.kommune.name in content and demo.other_kommune.name in content


def test_navigator_fragment_for_htmx(admin_client, demo):
    response = admin_client.get("/?mine=1", **hx("navigator-results"))
    content = response.content.decode()
    assert "<html" not in content
    assert 'aria-label="Organisationstræ"' in content


def test_tree_children_one_level(admin_client, demo):
    response = admin_client.get(reverse("hierarchy:tree_children", args=[demo.si.sor_id]), **HX)
    content = response.content.decode()
    assert response.status_code == 200
    for unit in (demo.tandpleje, demo.skoler, demo.aeldre):
        assert unit.name in content
    assert demo.tandplejen_blovstrod.name not in content  # grandchild: a level further down
    assert "<html" not in content


def test_tree_children_without_htmx_opens_the_unit(admin_client, demo):
    response = admin_client.get(reverse("hierarchy:tree_children", args=[demo.si.sor_id]) + "?mine=1")
    assert response.status_code == 302
    assert response["Location"] == detail_url(demo.si, mine=1)


def test_closed_units_hidden_unless_asked_for(admin_client, demo, sds_user):
    closed = factories.oe(demo.si, "Lukket Klinik")
    # SDS staff may register any date, so the unit can be closed in the past for the test.
    services.unit_close(
        actor=sds_user, unit=closed, closing_date=services.today() - timedelta(days=1), reason="x"
    )
    url = reverse("hierarchy:tree_children", args=[demo.si.sor_id])
    assert "Lukket Klinik" not in admin_client.get(url, **HX).content.decode()
    shown = admin_client.get(url + "?vis_lukkede=1", **HX).content.decode()
    assert "Lukket Klinik" in shown
    assert "Lukket " + (services.today() - timedelta(days=1)).strftime("%d-%m-%Y") in shown


def test_future_units_and_pending_changes_are_marked(admin_client, demo):
    today = services.today()
    factories.oe(demo.si, "Ny Klinik", valid_from=today + timedelta(days=7))
    data = services.UnitData.from_unit(demo.aeldre)
    data.name = "Ældreplejen Lyngehus og Omegn"
    services.unit_update(
        actor=None,
        unit=demo.aeldre,
        data=data,
        effective_date=today + timedelta(days=30),
        reason="Testændring",
    )
    content = admin_client.get(
        reverse("hierarchy:tree_children", args=[demo.si.sor_id]), **HX
    ).content.decode()
    assert f"Fremtidig fra {(today + timedelta(days=7)):%d-%m-%Y}" in content
    assert f"Ændring pr. {(today + timedelta(days=30)):%d-%m-%Y}" in content
    details = admin_client.get(detail_url(demo.aeldre)).content.decode()
    assert "Planlagte ændringer" in details
    assert "Ældreplejen Lyngehus og Omegn" in details


def test_details_page_opens_the_path_in_the_tree(admin_client, demo):
    content = admin_client.get(detail_url(demo.tandplejen_blovstrod, mine=1)).content.decode()
    tree = content.split('aria-label="Organisationstræ"')[1]
    for unit in (demo.kommune, demo.si, demo.tandpleje, demo.tandplejen_blovstrod, demo.skoler):
        assert unit.name in tree
    assert ">Blovstrød Skole</a>" not in tree  # below a unit that is not on the path
    assert 'aria-current="true">Tandplejen Blovstrød Skole</a>' in content


def test_details_fragment_for_htmx(admin_client, demo):
    response = admin_client.get(detail_url(demo.tandpleje), **hx("details"))
    content = response.content.decode()
    assert "<html" not in content
    assert f'data-sor-id="{demo.tandpleje.sor_id}"' in content
    assert "Find enhed" not in content


def test_details_content(admin_client, demo):
    content = admin_client.get(detail_url(demo.tandplejen_blovstrod)).content.decode()
    for text in (
        demo.tandplejen_blovstrod.sor_id,
        "tandplejeklinik",
        "Bjarkesvej 2, 3450 Allerød",
        "(samme som postadresse)",
        "(samme som besøgsadresse)",
        "48 10 01 00",
        "post@example.dk",
        "01-01-2015",
    ):
        assert text in content, text
    breadcrumb = content.split('aria-label="Placering i SOR-hierarkiet"')[1].split("</nav>")[0]
    positions = [
        breadcrumb.index(f">{name}</a>")
        for name in ("Allerød Kommune", "Center for Sundhed og Omsorg", "Allerød Kommunes Tandpleje")
    ]
    assert positions == sorted(positions)
    current = breadcrumb.split('aria-current="page">')[1]
    assert "Tandplejen Blovstrød Skole</li>" in current


def test_details_inherit_postal_address_and_phone(admin_client, kommune):
    """An SI registered without postadresse and telephone shows its IE's, marked as inherited."""
    si = services.unit_create(
        actor=None,
        kind="SI",
        parent=kommune,
        data=services.UnitData(
            name="Sundhed uden adresse", unit_type=UnitType.objects.get(code=factories.SUNDHEDSFORVALTNING)
        ),
        valid_from=factories.LONG_AGO,
        reason="Testændring",
    )
    content = admin_client.get(detail_url(si)).content.decode()
    assert "Bjarkesvej 2, 3450 Allerød" in content
    assert "nedarvet fra Allerød Kommune" in content
    assert content.count("nedarvet fra Allerød Kommune") >= 2  # address and telephone


def test_details_own_addresses_not_marked_inherited(admin_client, demo):
    data = services.UnitData.from_unit(demo.aeldre)
    data.visiting_same_as_postal = False
    data.visiting_address = AddressInput(postal_code="3450", street_name="Kongevejen", house_number="8")
    services.unit_update(actor=None, unit=demo.aeldre, data=data, reason="Testændring")
    content = admin_client.get(detail_url(demo.aeldre)).content.decode()
    assert "Kongevejen 8, 3450 Allerød" in content
    assert "nedarvet fra" not in content


def test_details_location_number_own_and_inherited(admin_client, demo, sds_user):
    types = services.message_types_by_code("XDIS19", "DIS91")
    gln = make_gln("579000012345")
    location_numbers.location_number_create(
        actor=sds_user, unit=demo.tandpleje, gln=gln, message_types=types, reason="Testændring"
    )
    own = admin_client.get(detail_url(demo.tandpleje)).content.decode()
    assert gln in own and "(eget)" in own
    assert "XDIS19" in own and "DIS91" in own
    child = admin_client.get(detail_url(demo.tandplejen_blovstrod)).content.decode()
    assert gln in child
    assert f"nedarvet fra Allerød Kommunes Tandpleje ({demo.tandpleje.sor_id})" in child
    assert "XDIS19" in child
    other = admin_client.get(detail_url(demo.aeldre)).content.decode()
    assert gln not in other
    assert "Enheden har intet lokationsnummer" in other


# --- tabs follow the permissions ---------------------------------------------------------------


TABS = ("Opret OE", "Rediger OE", "Flyt OE", "Luk OE")


def _tabs(content):
    nav = content.split('class="tab-container sor-tabs"')[1].split("</nav>")[0]
    return [t for t in TABS if f"<span>{t}</span>" in nav]


def test_tabs_for_municipal_admin(admin_client, demo):
    assert _tabs(admin_client.get(detail_url(demo.tandpleje)).content.decode()) == list(TABS)
    assert _tabs(admin_client.get(detail_url(demo.si)).content.decode()) == ["Opret OE"]
    assert _tabs(admin_client.get(detail_url(demo.kommune)).content.decode()) == []
    assert _tabs(admin_client.get(detail_url(demo.other_oe)).content.decode()) == []


def test_tabs_for_protected_communication_unit(admin_client, demo):
    adviser = factories.oe(demo.si, "Sygehusadviser, Allerød Kommune", is_municipal_communication=True)
    content = admin_client.get(detail_url(adviser)).content.decode()
    # R7: nothing may be changed there, and nothing created below it (it would inherit the GLN).
    assert _tabs(content) == []
    assert "Kommunens kommunikation" in content
    assert admin_client.get(reverse("hierarchy:unit_create", args=[adviser.sor_id])).status_code == 403


def test_tabs_for_sds_and_support(client, demo, sds_user, support_user):
    client.force_login(sds_user)
    assert _tabs(client.get(detail_url(demo.other_oe)).content.decode()) == list(TABS)
    assert _tabs(client.get(detail_url(demo.si)).content.decode()) == ["Opret OE", "Rediger OE"]
    client.force_login(support_user)
    assert _tabs(client.get(detail_url(demo.tandpleje)).content.decode()) == []


# --- a fixed number of queries (tree and details) ----------------------------------------------


def _children(parent, n):
    for i in range(n):
        factories.oe(parent, f"Underenhed {i:03d}")


@pytest.mark.parametrize("n", [5, 50])
def test_tree_children_query_count_is_fixed(admin_client, demo, django_assert_num_queries, n):
    _children(demo.tandpleje, n)
    url = reverse("hierarchy:tree_children", args=[demo.tandpleje.sor_id])
    admin_client.get(url, **HX)  # warm the session
    # session, user, the unit, its children with counts and planned changes
    with django_assert_num_queries(4):
        response = admin_client.get(url, **HX)
    assert response.content.decode().count("data-unit-link") == n + 1


@pytest.mark.parametrize("n", [5, 50])
def test_details_fragment_query_count_is_fixed(admin_client, demo, django_assert_num_queries, n):
    _children(demo.tandpleje, n)
    url = detail_url(demo.tandpleje)
    # session, user, unit, ancestors, their addresses, lokationsnummer, planned changes, groups,
    # scope
    # 9 for the panel, 1 for the Kvalitetstjek's newest run of the unit's kommune (issue 24)
    with django_assert_num_queries(9 + 1):
        response = admin_client.get(url, **hx("details"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [5, 50])
def test_details_page_query_count_is_fixed(admin_client, demo, django_assert_num_queries, n):
    _children(demo.tandpleje, n)
    leaf = factories.oe(demo.tandpleje, "Bladet")
    url = detail_url(leaf, mine=1)
    # the fragment's queries plus the header's kommune, the tree's roots and expanded levels
    # 12 for the page, 1 for the Kvalitetstjek's newest run of the unit's kommune (issue 24)
    with django_assert_num_queries(12 + 1):
        response = admin_client.get(url)
    assert response.content.decode().count(">Underenhed ") == n


@pytest.mark.parametrize("n", [5, 50])
def test_mine_query_count_is_fixed(admin_client, demo, django_assert_num_queries, n):
    _children(demo.si, n)
    # session, user, groups, the header's kommune, the roots with counts
    with django_assert_num_queries(5):
        response = admin_client.get("/?mine=1")
    assert response.status_code == 200


def test_future_unit_is_not_its_own_pending_change(admin_client, demo):
    start = services.today() + timedelta(days=7)
    future = factories.oe(demo.si, "Kommende Klinik", valid_from=start)
    content = admin_client.get(detail_url(future)).content.decode()
    assert f"Fremtidig fra {start:%d-%m-%Y}" in content
    assert "Planlagte ændringer" not in content
    data = services.UnitData.from_unit(future)
    data.name = "Kommende Klinik Syd"
    services.unit_update(
        actor=None, unit=future, data=data, effective_date=start + timedelta(days=7), reason="Testændring"
    )
    content = admin_client.get(detail_url(future)).content.decode()
    assert "Planlagte ændringer" in content and "Kommende Klinik Syd" in content


def _private_ie(name):
    data = factories.UnitDataFactory(name=name, unit_type=UnitType.objects.get(code="550891000005100"))
    return services.unit_create(
        actor=None, kind="IE", parent=None, data=data, valid_from=factories.LONG_AGO, reason="Testændring"
    )


def test_sds_top_level_lists_public_owners_first_and_says_when_it_stops(client, sds_user, demo, monkeypatch):
    from hierarchy import selectors

    monkeypatch.setattr(selectors.navigator, "ROOT_LIMIT", 2)  # what tree() lists
    monkeypatch.setattr(selectors, "ROOT_LIMIT", 2)  # what the view says it lists
    private = _private_ie("Aa Tandlæge ApS")  # sorts before the kommuner by name
    _private_ie("Ab Fysioterapi ApS")
    client.force_login(sds_user)
    content = client.get("/", {"mine": "1"}).content.decode()
    assert "Viser de første 2 institutionsejere, offentlige først" in content
    assert "Aa Tandlæge ApS" not in content and "Allerød Kommune" in content and "Aarhus Kommune" in content
    # a unit below an IE beyond the limit is still shown in its place in the tree
    clinic = factories.oe(factories.si(private, "Tandlægehuset"), "Klinikken")
    content = client.get(detail_url(clinic, mine=1)).content.decode()
    for unit in (private, clinic):  # as links in the tree, not just in the details' breadcrumbs
        assert f'data-unit-link data-sor-id="{unit.sor_id}"' in content


def test_top_level_under_the_limit_says_nothing_more(client, sds_user, demo):
    client.force_login(sds_user)
    content = client.get("/", {"mine": "1"}).content.decode()
    assert "Allerød Kommune" in content and "roots-truncated" not in content
