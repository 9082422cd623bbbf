"""axe-core (from the npm registry: package.json, installed by `npm ci` into node_modules/) on
the pages of the four roles, the Django admin, the 403 page and a form with errors: no
violations of WCAG 2.x A and AA (issue 13). What axe cannot decide itself (`incomplete`, e.g.
colour contrast on coloured backgrounds) is listed in the test output and was checked by hand;
see the tilgængelighedserklæring."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from hierarchy import permissions
from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def axe_page(browser):
    """A page whose Content-Security-Policy lets the test inject axe (the app's pages allow only
    their own scripts); nothing else about the pages changes."""
    if not AXE.exists():
        pytest.fail("axe-core mangler: kør `npm ci` i projektets rod (package.json)")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 768}, locale="da-DK")
    yield context.new_page()
    context.close()


def audit(page, name: str, incomplete: list) -> list[str]:
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations', 'incomplete']})",
        TAGS,
    )
    for item in result["incomplete"]:
        for node in item["nodes"]:
            why = (node.get("any") or [{}])[0].get("message", "")
            incomplete.append(f"{name}: {item['id']} {node['target'][0] if node['target'] else '?'}: {why}")
    return [
        f"{name}: {v['id']} – {v['help']}: "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in result["violations"]
    ]


def _user(username, group, *, is_staff=False):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, is_staff=is_staff)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def test_no_axe_violations_on_the_pages_of_the_four_roles(axe_page, live_server, demo):
    page = axe_page
    base = live_server.url
    problems, incomplete = [], []
    _user("sds", permissions.GROUP_SDS, is_staff=True)
    _user("medcom", permissions.GROUP_MEDCOM, is_staff=True)
    _user("support", permissions.GROUP_SUPPORT)

    page.goto(f"{base}/login/")
    problems += audit(page, "login", incomplete)
    page.goto(f"{base}/tilgaengelighed/")
    problems += audit(page, "tilgængelighedserklæring", incomplete)
    page.goto(f"{base}/udviklere/")
    problems += audit(page, "for udviklere", incomplete)

    # Kommunal administrator: the tree, a unit, a form with errors, Vis pr. dato, 403.
    login(page, live_server)
    page.get_by_label("Kun mine enheder").check()
    page.get_by_label("Kun mine enheder").press("Enter")
    expect(page.get_by_role("list", name="Organisationstræ")).to_be_visible()
    problems += audit(page, "kommune: Kun mine enheder", incomplete)
    page.goto(f"{base}/enhed/{demo.tandplejen_blovstrod.sor_id}/?mine=1")
    problems += audit(page, "kommune: enhed", incomplete)
    page.goto(f"{base}/enhed/{demo.tandpleje.sor_id}/opret/?mine=1")
    page.locator("#create-form").get_by_role("button", name="Opret").click()
    expect(page.locator('[data-module="error-summary"]')).to_be_visible()
    problems += audit(page, "kommune: Opret OE med fejl", incomplete)
    page.goto(f"{base}/enhed/{demo.aeldre.sor_id}/luk/?mine=1")
    problems += audit(page, "kommune: Luk OE", incomplete)
    page.goto(f"{base}/?navn=*skole")
    problems += audit(page, "kommune: søgning", incomplete)
    page.goto(f"{base}/pr-dato/")
    problems += audit(page, "kommune: Vis pr. dato", incomplete)
    response = page.goto(f"{base}/enhed/{demo.other_oe.sor_id}/rediger/")
    assert response.status == 403
    problems += audit(page, "kommune: 403", incomplete)
    page.get_by_role("button", name="Log ud").click()

    # SDS and MedCom in the GUI and the Django admin; support in the Ændringslog.
    for username, pages in (
        ("sds", [f"/enhed/{demo.kommune.sor_id}/", "/admin/", "/admin/hierarchy/unit/"]),
        ("medcom", [f"/enhed/{demo.tandpleje.sor_id}/", "/admin/"]),
        ("support", ["/aendringslog/", "/aendringslog/?kommune=findes-ikke"]),
    ):
        login(page, live_server, username=username)
        for path in pages:
            page.goto(f"{base}{path}")
            problems += audit(page, f"{username}: {path}", incomplete)
        page.goto(f"{base}/")
        page.get_by_role("button", name="Log ud").click()

    print("\naxe incomplete (checked by hand):", *incomplete, sep="\n  ")
    assert problems == [], "\n".join(problems)
