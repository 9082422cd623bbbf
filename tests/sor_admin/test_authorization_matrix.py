"""Authorization matrix: every GUI, address, exchange and API endpoint, and the Django admin
changelist for units, x every role x a unit in the municipal administrator's own kommune and
one in another kommune (R1, R6). The expected answer of each case comes from the explicit table
below; write endpoints are also POSTed, and a refused POST must leave the register untouched."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from addresses import urls as address_urls
from audit.models import AuditEvent
from exchange import download_urls, location_numbers
from exchange import urls as api_urls
from exchange.auth import token_issue
from hierarchy import services
from hierarchy import urls as hierarchy_urls
from hierarchy.identifiers import make_gln
from hierarchy.models import EdiMessageType, Unit, UnitVersion
from tests import factories
from tests.hierarchy.test_views_actions import close_data, create_data, edit_data, move_data

ROLES = ("anonymous", "municipal", "sds", "medcom", "support", "nogroup")
ROLE_FIXTURES = {
    "municipal": "municipal_admin",
    "sds": "sds_user",
    "medcom": "medcom_user",
    "support": "support_user",
}
OWN, OTHER = "own", "other"
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "navigator-results"}
OWN_GLN = make_gln("579000012345")
OTHER_GLN = make_gln("579000054321")

# --- the expectation table -----------------------------------------------------------------
# Each row: endpoint -> {role: status} or {role: {target: status}}. The endpoint's kind says
# whether it takes a unit (then it runs against both the own and the other kommune's unit).

LOGGED_IN_READ = {"anonymous": 302, **{r: 200 for r in ROLES[1:]}}
ADDRESS_READ = {"anonymous": 401, **{r: 200 for r in ROLES[1:]}}
SDS_ONLY = {"anonymous": 302, "sds": 200, **{r: 403 for r in ("municipal", "medcom", "support", "nogroup")}}
API_TOKEN_ONLY = {r: 401 for r in ROLES}
# Opret/Rediger/Flyt/Luk OE: the municipal administrator in the own kommune and SDS everywhere.
MAINTAIN = {
    "anonymous": 302,
    "municipal": {OWN: 200, OTHER: 403},
    "sds": 200,
    "medcom": 403,
    "support": 403,
    "nogroup": 403,
}
# The Django admin: SDS, and MedCom, which views units to maintain EDI data (hierarchy.roles);
# the others are not staff and are sent to the admin's login page.
ADMIN_CHANGELIST = {
    "anonymous": 302,
    "municipal": 302,
    "sds": 200,
    "medcom": 200,
    "support": 302,
    "nogroup": 302,
}

# name -> (takes a unit?, how to build the URL, expectations)
ENDPOINTS = {
    "hierarchy:index": (False, lambda ctx, u: reverse("hierarchy:index"), LOGGED_IN_READ),
    "hierarchy:index?enhed": (
        True,
        lambda ctx, u: reverse("hierarchy:index") + f"?enhed={u.sor_id}&mine=1",
        LOGGED_IN_READ,
    ),
    "hierarchy:unit_type_options": (
        False,
        lambda ctx, u: reverse("hierarchy:unit_type_options") + "?unit_type=tand",
        LOGGED_IN_READ,
    ),
    "hierarchy:tree_children": (True, lambda ctx, u: _unit_url("tree_children", u.parent), LOGGED_IN_READ),
    "hierarchy:unit_detail": (True, lambda ctx, u: _unit_url("unit_detail", u), LOGGED_IN_READ),
    "hierarchy:unit_create": (True, lambda ctx, u: _unit_url("unit_create", u), MAINTAIN),
    "hierarchy:unit_edit": (True, lambda ctx, u: _unit_url("unit_edit", u), MAINTAIN),
    "hierarchy:unit_move": (True, lambda ctx, u: _unit_url("unit_move", u), MAINTAIN),
    "hierarchy:unit_close": (True, lambda ctx, u: _unit_url("unit_close", u), MAINTAIN),
    "addresses:postal_codes": (
        False,
        lambda ctx, u: reverse("addresses:postal_codes") + "?q=34",
        ADDRESS_READ,
    ),
    "addresses:postal_code_options": (
        False,
        lambda ctx, u: reverse("addresses:postal_code_options") + "?q=34",
        ADDRESS_READ,
    ),
    "addresses:postal_code_lookup": (
        False,
        lambda ctx, u: reverse("addresses:postal_code_lookup") + "?postnr=3450",
        ADDRESS_READ,
    ),
    "addresses:postal_code_name": (
        False,
        lambda ctx, u: reverse("addresses:postal_code_name") + "?postnr=3450",
        ADDRESS_READ,
    ),
    "addresses:streets": (
        False,
        lambda ctx, u: reverse("addresses:streets") + "?postnr=3450&q=Bjark",
        ADDRESS_READ,
    ),
    "addresses:street_options": (
        False,
        lambda ctx, u: reverse("addresses:street_options") + "?postnr=3450&q=Bjark",
        ADDRESS_READ,
    ),
    "addresses:address_search": (
        False,
        lambda ctx, u: reverse("addresses:address_search") + "?q=Bjarkesvej+2",
        ADDRESS_READ,
    ),
    "addresses:house_numbers": (
        False,
        lambda ctx, u: reverse("addresses:house_numbers") + "?postnr=3450&vejnavn=Bjarkesvej",
        ADDRESS_READ,
    ),
    "addresses:house_number_options": (
        False,
        lambda ctx, u: reverse("addresses:house_number_options") + "?postnr=3450&vejnavn=Bjarkesvej",
        ADDRESS_READ,
    ),
    # The offline register has no DAR ids, so a look-up by id is "not found" for everyone logged in.
    "addresses:dar_lookup": (
        False,
        lambda ctx, u: reverse("addresses:dar_lookup") + "?id=0a3f5090-48fe-32b8-e044-0003ba298018",
        {"anonymous": 401, **{r: 404 for r in ROLES[1:]}},
    ),
    "exchange_gui:index": (False, lambda ctx, u: reverse("exchange_gui:index"), SDS_ONLY),
    "exchange_gui:sor_xml": (False, lambda ctx, u: reverse("exchange_gui:sor_xml"), SDS_ONLY),
    "exchange_gui:sor_entity_csv": (False, lambda ctx, u: reverse("exchange_gui:sor_entity_csv"), SDS_ONLY),
    "exchange_gui:edi_csv": (False, lambda ctx, u: reverse("exchange_gui:edi_csv"), SDS_ONLY),
    "exchange_gui:location_numbers": (
        False,
        lambda ctx, u: reverse("exchange_gui:location_numbers"),
        LOGGED_IN_READ,
    ),
    "exchange_gui:location_number": (
        True,
        lambda ctx, u: reverse("exchange_gui:location_number", args=[ctx.gln[u.pk]]),
        LOGGED_IN_READ,
    ),
    # The API's page for people (issue 23): every user who is logged in.
    "exchange_gui:api_doc": (False, lambda ctx, u: reverse("exchange_gui:api_doc"), LOGGED_IN_READ),
    "exchange:api_openapi": (False, lambda ctx, u: reverse("exchange:api_openapi"), {r: 200 for r in ROLES}),
    "exchange:api_search": (False, lambda ctx, u: reverse("exchange:api_search") + "?navn=*", API_TOKEN_ONLY),
    "exchange:api_unit": (True, lambda ctx, u: reverse("exchange:api_unit", args=[u.sor_id]), API_TOKEN_ONLY),
    "exchange:api_children": (
        True,
        lambda ctx, u: reverse("exchange:api_children", args=[u.parent.sor_id]),
        API_TOKEN_ONLY,
    ),
    "exchange:api_changes": (False, lambda ctx, u: reverse("exchange:api_changes"), API_TOKEN_ONLY),
    # Any other address under /api/ is a JSON 404 for everyone (issue 17).
    "exchange:api_not_found": (False, lambda ctx, u: "/api/ukendt/", {r: 404 for r in ROLES}),
    "admin:hierarchy_unit_changelist": (
        False,
        lambda ctx, u: reverse("admin:hierarchy_unit_changelist"),
        ADMIN_CHANGELIST,
    ),
}


def _unit_url(name, unit):
    return reverse(f"hierarchy:{name}", args=[unit.sor_id])


def _expected(table, role, target):
    value = table[role]
    return value[target] if isinstance(value, dict) else value


def _get_cases():
    for endpoint, (takes_unit, _, table) in ENDPOINTS.items():
        for role in ROLES:
            for target in (OWN, OTHER) if takes_unit else (None,):
                yield pytest.param(
                    endpoint,
                    role,
                    target,
                    _expected(table, role, target),
                    id=f"{endpoint}-{role}" + (f"-{target}" if target else ""),
                )


GET_CASES = list(_get_cases())

# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def world(today, kommune, other_kommune):
    """The same small tree in both kommuner: SI (with a lokationsnummer) -> OE -> OE, and a
    sibling OE to move to."""

    def build(ie, gln):
        si = factories.si(ie)
        parent = factories.oe(si, "Tandplejen")
        unit = factories.oe(parent, "Tandplejen Skolen")
        sibling = factories.oe(si, "Sundhedsplejen")
        number = location_numbers.location_number_create(
            actor=None,
            unit=si,
            gln=gln,
            message_types=services.message_types_by_code("XDIS19"),
            reason="Testændring",
        )
        return SimpleNamespace(si=si, parent=parent, unit=unit, sibling=sibling, number=number)

    own, other = build(kommune, OWN_GLN), build(other_kommune, OTHER_GLN)
    return SimpleNamespace(
        own=own,
        other=other,
        gln={own.unit.pk: OWN_GLN, other.unit.pk: OTHER_GLN},
    )


@pytest.fixture
def login_as(request, client, db):
    def login(role):
        if role == "anonymous":
            return client
        if role == "nogroup":
            user = get_user_model().objects.create_user(username="nogroup.test", password="demo")
        else:
            user = request.getfixturevalue(ROLE_FIXTURES[role])
        client.force_login(user)
        return client

    return login


def counts():
    return (Unit.objects.count(), UnitVersion.objects.count(), AuditEvent.objects.count())


# --- GET -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("endpoint", "role", "target", "expected"), GET_CASES)
def test_get(endpoint, role, target, expected, world, login_as):
    client = login_as(role)
    _, build_url, _ = ENDPOINTS[endpoint]
    unit = getattr(world, target).unit if target else world.own.unit
    extra = HX if endpoint == "hierarchy:tree_children" else {}
    before = counts()
    response = client.get(build_url(world, unit), **extra)
    if expected == 302 and role == "anonymous" and extra:
        # htmx after the session's end: the whole browser goes to the login page (HX-Redirect).
        assert response.status_code == 200 and response.content == b""
        assert response["HX-Redirect"].startswith(reverse("login"))
        assert counts() == before
        return
    assert response.status_code == expected, response.content[:300]
    if expected == 302 and role == "anonymous":
        login = reverse("admin:login") if endpoint.startswith("admin:") else reverse("login")
        assert response["Location"].startswith(login)
    if expected == 401:
        assert response["Content-Type"].startswith("application/json")
    assert counts() == before


def test_api_answers_with_a_token(client, world):
    raw = token_issue(actor=None, name="Matrix")[1]
    response = client.get(
        reverse("exchange:api_unit", args=[world.other.unit.sor_id]),
        headers={"Authorization": f"Token {raw}"},
    )
    assert response.status_code == 200


def test_the_matrix_covers_every_gui_url():
    names = {f"hierarchy:{p.name}" for p in hierarchy_urls.urlpatterns}
    required = {
        f"hierarchy:{n}"
        for n in (
            "index",
            "tree_children",
            "unit_detail",
            "unit_create",
            "unit_edit",
            "unit_move",
            "unit_close",
            "unit_type_options",
        )
    }
    assert required <= names and required <= set(ENDPOINTS)
    for module, ns in ((address_urls, "addresses"), (download_urls, "exchange_gui"), (api_urls, "exchange")):
        assert {f"{ns}:{p.name}" for p in module.urlpatterns} <= set(ENDPOINTS)


# --- POST ----------------------------------------------------------------------------------


def _create(tree):
    return _unit_url("unit_create", tree.unit), create_data(name="Matrix Klinik")


def _edit(tree):
    return _unit_url("unit_edit", tree.unit), edit_data(tree.unit, name="Matrix Navn", reason="Matrix")


def _move(tree):
    return _unit_url("unit_move", tree.unit), move_data(tree.unit, tree.sibling, confirm_impact="on")


def _close(tree):
    return _unit_url("unit_close", tree.unit), close_data(tree.unit, confirm_impact="on")


def _message_types(tree):
    wanted = EdiMessageType.objects.filter(code__in=["XDIS15", "XREF15"])
    return (
        reverse("exchange_gui:location_number", args=[tree.number.gln]),
        {"action": "types", "types-message_types": [t.pk for t in wanted], "types-reason": "Matrix"},
    )


def _gln_close(tree):
    return (
        reverse("exchange_gui:location_number", args=[tree.number.gln]),
        {
            "action": "close",
            "close-closing_date": (services.today() + timedelta(days=30)).strftime("%d-%m-%Y"),
            "close-reason": "Matrix",
        },
    )


# A refused POST: 403 for a signed-in user, the login page for anonymous.
WRITE_MAINTAIN = {
    "anonymous": 302,
    "municipal": {OWN: 303, OTHER: 403},
    "sds": 303,
    "medcom": 403,
    "support": 403,
    "nogroup": 403,
}
WRITES = {
    "hierarchy:unit_create": (_create, WRITE_MAINTAIN),
    "hierarchy:unit_edit": (_edit, WRITE_MAINTAIN),
    "hierarchy:unit_move": (_move, WRITE_MAINTAIN),
    "hierarchy:unit_close": (_close, WRITE_MAINTAIN),
    # R6: message types by SDS and MedCom, closing a lokationsnummer by SDS only.
    "exchange_gui:location_number[types]": (
        _message_types,
        {"anonymous": 302, "municipal": 403, "sds": 302, "medcom": 302, "support": 403, "nogroup": 403},
    ),
    "exchange_gui:location_number[close]": (
        _gln_close,
        {"anonymous": 302, "municipal": 403, "sds": 302, "medcom": 403, "support": 403, "nogroup": 403},
    ),
}


def _post_cases():
    for endpoint, (_, table) in WRITES.items():
        for role in ROLES:
            for target in (OWN, OTHER):
                yield pytest.param(
                    endpoint,
                    role,
                    target,
                    _expected(table, role, target),
                    id=f"POST-{endpoint}-{role}-{target}",
                )


POST_CASES = list(_post_cases())


@pytest.mark.parametrize(("endpoint", "role", "target", "expected"), POST_CASES)
def test_post(endpoint, role, target, expected, world, login_as):
    client = login_as(role)
    build, _ = WRITES[endpoint]
    url, payload = build(getattr(world, target))
    before = counts()
    response = client.post(url, payload)
    assert response.status_code == expected, response.content[:300]
    after = counts()
    if expected in (403, 401) or (expected == 302 and role == "anonymous"):
        assert after == before
    else:
        assert after[2] > before[2], "an allowed write is audited"
