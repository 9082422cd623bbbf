"""The main screen as a workbench (issue 23), measured in a real browser: what is in the
viewport at 1366x768 (the most common screen in Danish municipal offices) and at 390 px.

Each test asserts on bounding boxes: an element is "in view" when its whole box lies inside the
viewport (and inside the panel that scrolls it)."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import login
from tests.e2e.test_e2e_accessibility import AXE, audit

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} har ingen kasse (skjult?)"
    return found


def assert_in_viewport(page, locator, what: str) -> None:
    viewport = page.viewport_size
    b = box(locator)
    assert b["y"] >= 0 and b["y"] + b["height"] <= viewport["height"], (
        f"{what} er ikke lodret i billedet: y={b['y']:.0f}..{b['y'] + b['height']:.0f}, "
        f"billedet er {viewport['height']} højt"
    )
    assert b["x"] >= 0 and b["x"] + b["width"] <= viewport["width"], (
        f"{what} er ikke vandret i billedet: x={b['x']:.0f}..{b['x'] + b['width']:.0f}"
    )


def assert_inside(locator, container, what: str) -> None:
    """`locator` is shown by `container` (not scrolled away inside it)."""
    b, c = box(locator), box(container)
    assert b["y"] >= c["y"] - 1 and b["y"] + b["height"] <= c["y"] + c["height"] + 1, (
        f"{what} er rullet ud af sin rude: y={b['y']:.0f}..{b['y'] + b['height']:.0f}, "
        f"ruden {c['y']:.0f}..{c['y'] + c['height']:.0f}"
    )


@pytest.fixture
def deep_tree(demo):
    """The demo tree made as tall as a real kommune's: fifteen dental clinics before
    "Tandplejen Blovstrød Skole" (names sort first), and below it a fifth level."""
    for number in range(1, 16):
        factories.oe(demo.tandpleje, f"Tandplejen Afdeling {number:02d}")
    demo.deepest = factories.oe(demo.tandplejen_blovstrod, "Tandplejen Blovstrød Skole, Klinik Syd")
    return demo


def expand_to_deepest(page):
    tree = page.get_by_role("list", name="Organisationstræ")
    for name in (
        "Allerød Kommune",
        "Center for Sundhed og Omsorg",
        "Allerød Kommunes Tandpleje",
        "Tandplejen Blovstrød Skole",
    ):
        toggle = page.get_by_role("button", name=f"Underenheder til {name}")
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
    link = tree.get_by_role("link", name="Tandplejen Blovstrød Skole, Klinik Syd")
    expect(link).to_be_visible()
    return link


def test_tree_and_unit_side_by_side_at_1366(page, live_server, deep_tree, screenshot):
    page.set_viewport_size(LAPTOP)
    login(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_label("Kun mine enheder").check()
    page.get_by_label("Kun mine enheder").press("Enter")
    # The compact search leaves the tree in the first screen, beside the unit panel.
    heading = page.get_by_role("heading", name="Mine enheder")
    expect(heading).to_be_visible()
    assert_in_viewport(page, heading, '"Mine enheder"')
    assert_in_viewport(page, page.get_by_role("heading", name="Ingen enhed valgt"), "Enhedsruden")
    navigator, details = page.locator(".sor-navigator"), page.locator("#details")
    assert box(navigator)["x"] + box(navigator)["width"] <= box(details)["x"], (
        "Træ og enhed står ikke side om side"
    )

    link = expand_to_deepest(page)
    link.click()
    unit_heading = page.get_by_role("heading", name="Tandplejen Blovstrød Skole, Klinik Syd", level=2)
    expect(unit_heading).to_be_visible()
    expect(link).to_have_attribute("aria-current", "true")
    results = page.locator("#navigator-results")
    assert_in_viewport(page, link, "Den klikkede enhed i træet")
    assert_inside(link, results, "Den klikkede enhed i træet")
    assert_in_viewport(page, unit_heading, "Enhedens overskrift")
    assert page.evaluate("window.scrollY") == 0, "Siden er rullet: træet flyttede sig under brugeren"
    # Each panel scrolls on its own: the tree is taller than its box, the page is not moved by it.
    assert results.evaluate("el => el.scrollHeight > el.clientHeight"), "Træet fylder ikke mere end sin rude"
    screenshot("workbench-1366-dyb-enhed", full_page=False)

    # A reload of the unit's URL shows the path open and the selected node in view.
    page.reload()
    link = page.get_by_role("list", name="Organisationstræ").get_by_role(
        "link", name="Tandplejen Blovstrød Skole, Klinik Syd"
    )
    expect(link).to_have_attribute("aria-current", "true")
    assert_in_viewport(page, link, "Den valgte enhed efter genindlæsning")
    assert_inside(link, page.locator("#navigator-results"), "Den valgte enhed efter genindlæsning")


def test_move_form_stays_in_view_while_picking_in_the_tree(page, live_server, deep_tree, screenshot):
    page.set_viewport_size(LAPTOP)
    login(page, live_server)
    page.goto(f"{live_server.url}/enhed/{deep_tree.deepest.sor_id}/flyt/?mine=1")
    button = page.get_by_role("button", name="Flyt til ny overliggende enhed")
    expect(button).to_be_attached()
    tree = page.get_by_role("list", name="Organisationstræ")
    target = tree.get_by_role("link", name="Skoler og Dagtilbud")
    target.click()
    picked = page.locator("#move-picked")
    expect(picked).to_have_text(f"Valgt: Skoler og Dagtilbud ({deep_tree.skoler.sor_id})")
    expect(page.get_by_label("Ny overliggende enhed (SOR-kode)")).to_have_value(deep_tree.skoler.sor_id)
    assert_in_viewport(page, picked, '"Valgt: …"')
    assert_in_viewport(page, button, "Knappen Flyt til ny overliggende enhed")
    assert_inside(button, page.locator("#details"), "Knappen Flyt til ny overliggende enhed")
    # The tree did not move under the pointer, and the clicked unit is still in view.
    assert_in_viewport(page, target, "Den valgte nye overliggende enhed i træet")
    assert page.evaluate("window.scrollY") == 0
    screenshot("workbench-1366-flyt-valgt", full_page=False)

    # By keyboard: Tab to another unit in the tree and Enter picks it the same way.
    other = tree.get_by_role("link", name="Ældreplejen Lyngehus")
    other.focus()
    page.keyboard.press("Enter")
    expect(picked).to_have_text(f"Valgt: Ældreplejen Lyngehus ({deep_tree.aeldre.sor_id})")
    assert_in_viewport(page, picked, '"Valgt: …" efter valg med tastaturet')
    assert_in_viewport(page, button, "Knappen efter valg med tastaturet")


# --- narrow screens (item 2) ------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}


def _support_user():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from hierarchy import permissions
    from tests.e2e.conftest import PASSWORD

    user = get_user_model().objects.create_user(
        username="support", password=PASSWORD, first_name="Sanne", last_name="Support"
    )
    user.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SUPPORT)[0])
    return user


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def phone_page(browser):
    """A 390 px page that lets the test inject axe (as in test_e2e_accessibility.py)."""
    assert AXE.exists(), "axe-core mangler: kør `npm ci` i projektets rod (package.json)"
    context = browser.new_context(bypass_csp=True, viewport=PHONE, locale="da-DK")
    yield context.new_page()
    context.close()


def test_support_reaches_the_aendringslog_through_the_menu_at_390(phone_page, live_server, demo):
    from hierarchy import services as hierarchy_services

    hierarchy_services.unit_close(actor=demo.user, unit=demo.aeldre, reason="Plejehjemmet lukker")
    _support_user()
    page = phone_page
    login(page, live_server, username="support")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    nav = page.get_by_role("navigation", name="Hovedmenu")
    expect(nav.get_by_role("link", name="Ændringslog")).to_be_hidden()
    assert page_width(page) <= 390
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    link = nav.get_by_role("link", name="Ændringslog")
    expect(link).to_be_visible()
    assert_in_viewport(page, link, "Ændringslog i menuen")
    incomplete: list = []
    problems = audit(page, "390: menuen åben", incomplete)
    # Escape closes the menu and gives the focus back to its button.
    link.focus()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    menu.click()
    link.click()
    expect(page).to_have_url(f"{live_server.url}/aendringslog/")
    page.get_by_label("Kommune").fill("Allerød")
    page.get_by_role("button", name="Søg").click()
    expect(page.locator("#audit-events tbody tr").first).to_contain_text("Plejehjemmet lukker")
    # The table is wider than the phone: it scrolls in its own box, the page does not. Measured
    # once the page has its styles (the row is in the DOM before the stylesheet has loaded).
    page.wait_for_load_state("load")
    width = page_width(page)
    assert width <= 390, f"Ændringsloggen ruller sidelæns: {width} px"
    table_box = page.locator(".sor-table-scroll").filter(has=page.locator("#audit-events"))
    assert table_box.evaluate("el => el.scrollWidth > el.clientWidth"), "Tabellen passer allerede"
    expect(table_box).to_have_attribute("tabindex", "0")
    expect(table_box).to_have_attribute("role", "region")
    problems += audit(page, "390: Ændringslog", incomplete)
    # The current page is marked in the menu.
    page.get_by_role("button", name="Menu").click()
    expect(nav.get_by_role("link", name="Ændringslog")).to_have_attribute("aria-current", "page")
    assert not problems, "\n".join(problems)


def test_no_page_scrolls_sideways_at_390(page, live_server, demo):
    page.set_viewport_size(PHONE)
    login(page, live_server)
    for path in (
        "/?mine=1",
        f"/enhed/{demo.tandplejen_blovstrod.sor_id}/?mine=1",
        f"/enhed/{demo.tandplejen_blovstrod.sor_id}/historik/",
        "/pr-dato/",
        "/omstruktureringer/",
        "/kvalitet/",
        "/udveksling/lokationsnumre/",
        "/udveksling/api/",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page_width(page) <= 390, f"{path} ruller sidelæns: {page_width(page)} px"


# --- a start page and a menu per role (item 3) ------------------------------------------------


def test_medcom_starts_at_its_own_work_and_finds_the_admin(phone_page, live_server, demo):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from hierarchy import permissions
    from tests.e2e.conftest import PASSWORD

    user = get_user_model().objects.create_user(username="medcom", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=permissions.GROUP_MEDCOM)[0])
    page = phone_page
    page.set_viewport_size(LAPTOP)
    login(page, live_server, username="medcom")
    expect(page.get_by_role("heading", name="Ingen enhed valgt")).to_be_visible()
    expect(page.get_by_label("Kun mine enheder")).to_have_count(0)
    expect(page.get_by_text("Kontakt din lokale brugeradministrator")).to_have_count(0)
    nav = page.get_by_role("navigation", name="Hovedmenu")
    for label in ("Organisationen", "Vis pr. dato", "Lokationsnumre", "API", "Administration"):
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    for label in ("Ændringslog", "Omstruktureringer", "Udtræk", "Kvalitetstjek"):
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)
    incomplete: list = []
    problems = audit(page, "MedCom: startside", incomplete)
    page.get_by_role("link", name="Find et lokationsnummer og dets meddelelsestyper").click()
    expect(page).to_have_url(f"{live_server.url}/udveksling/lokationsnumre/")
    expect(nav.get_by_role("link", name="Lokationsnumre", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    nav.get_by_role("link", name="Administration", exact=True).click()
    expect(page).to_have_title("Administration af registeret | SOR Admin")
    page.set_viewport_size(PHONE)
    page.reload()
    assert page_width(page) <= 390, f"Django admin ruller sidelæns: {page_width(page)} px"
    assert not problems, "\n".join(problems)


# --- a stored omstrukturering (item 4) --------------------------------------------------------


def test_stored_reorganisation_shows_its_operations_and_its_withdrawal(
    phone_page, live_server, transactional_db
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from hierarchy import permissions, reference
    from reorganisation.plan import read_plan
    from reorganisation.services import reorganisation_store
    from tests.e2e.conftest import PASSWORD
    from tests.reorganisation.conftest import plan_text, region

    reference.load_all()
    hovedstaden, sjaelland = region("Region Hovedstaden"), region("Region Sjælland")
    rigs = factories.si(hovedstaden, "Rigshospitalet")
    factories.si(hovedstaden, "Herlev Hospital")
    factories.si(sjaelland, "Sjællands Universitetshospital")
    user = get_user_model().objects.create_user(username="sds.e2e", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SDS)[0])
    rename = {
        "op": "rename",
        "unit": {"kind": "SI", "name": "Herlev Hospital"},
        "name": "Herlev og Gentofte Hospital",
    }
    package = reorganisation_store(actor=user, plan=read_plan(plan_text(extra_operations=[rename])))

    page = phone_page
    page.set_viewport_size(LAPTOP)
    login(page, live_server, username="sds.e2e")
    page.goto(f"{live_server.url}/omstruktureringer/{package.pk}/")
    operations = page.locator("#package-operations")
    expect(operations).to_contain_text(f"Flyt Rigshospitalet ({rigs.sor_id}) til Region Østdanmark")
    expect(operations).to_contain_text("Omdøb Herlev Hospital")
    expect(operations.locator("tbody tr")).to_have_count(len(package.operations))
    expect(page.get_by_role("heading", name="Omdøbes (1)")).to_be_visible()
    incomplete: list = []
    problems = audit(page, "omstrukturering: afventer", incomplete)
    page.get_by_label("Begrundelse").fill("Sammenlægningen er udskudt.")
    page.get_by_role("button", name="Tilbagetræk").click()
    expect(page.locator("#package-status")).to_have_text("Tilbagetrukket")
    expect(page.get_by_text("Skulle være oprettet: Region Østdanmark")).to_be_visible()
    expect(page.get_by_text("Oprettes:")).to_have_count(0)
    expect(page.get_by_role("heading", name="Skulle være omdøbt (1)")).to_be_visible()
    problems += audit(page, "omstrukturering: tilbagetrukket", incomplete)
    page.set_viewport_size(PHONE)
    page.reload()
    assert page_width(page) <= 390, f"Omstruktureringens side ruller sidelæns: {page_width(page)} px"
    assert not problems, "\n".join(problems)
