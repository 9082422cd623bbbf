"""The load test's own pieces (bench/load/, issue 27): the simulated administrators it makes,
what it reads from the app's pages (checked against the real templates, so a changed template
cannot leave the load test browsing nothing), its edit as the app accepts it, and its report."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory

from audit.models import AuditEvent
from bench.load import make_users, pages, report
from hierarchy import permissions, services
from hierarchy.models import AdministratorScope, Unit, UnitVersion

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def register(db):
    call_command("generate_register", units=1500, stdout=StringIO())  # a few OEs per kommune


def test_make_users_gives_each_user_a_kommune_and_is_idempotent(register):
    made = make_users.make_users(3, "load")
    kommuner = list(Unit.objects.filter(kind="IE", municipality__isnull=False).order_by("municipality_id"))
    assert made == [(f"load.admin.{n}", kommuner[n - 1].name) for n in (1, 2, 3)]
    user = authenticate(RequestFactory().post("/login/"), username="load.admin.2", password="load")
    assert user is not None and permissions.is_municipal_admin(user)
    assert [s.institution_owner for s in AdministratorScope.objects.filter(user=user)] == [kommuner[1]]
    events = AuditEvent.objects.count()
    make_users.make_users(3, "load")
    assert AdministratorScope.objects.filter(user__username__startswith="load.admin.").count() == 3
    assert AuditEvent.objects.count() == events  # no scope added twice


def test_pages_read_the_tree_details_and_edit_form_as_the_load_test_uses_them(register):
    make_users.make_users(2, "load")
    client = Client()
    user = get_user_model().objects.get(username="load.admin.1")
    client.force_login(user)
    own = AdministratorScope.objects.get(user=user).institution_owner

    main = pages.parse(client.get("/?mine=1").content.decode())
    assert main.expand == [own.sor_id] and main.units == [own.sor_id]

    level = client.get(f"/trae/{own.sor_id}/?mine=1", HTTP_HX_TARGET=f"tree-{own.sor_id}", **HTMX)
    children = pages.parse(level.content.decode())
    assert set(children.units) == set(Unit.objects.filter(parent=own).values_list("sor_id", flat=True))

    oe = Unit.objects.filter(kind="OE", node__tree_id=own.tree_id).order_by("pk").first()
    other = Unit.objects.filter(kind="OE").exclude(node__tree_id=own.tree_id).order_by("pk").first()
    detail = client.get(f"/enhed/{oe.sor_id}/?mine=1", HTTP_HX_TARGET="details", **HTMX)
    assert pages.parse(detail.content.decode()).edit_link
    foreign = client.get(f"/enhed/{other.sor_id}/?mine=1", HTTP_HX_TARGET="details", **HTMX)
    assert not pages.parse(foreign.content.decode()).edit_link

    url = f"/enhed/{oe.sor_id}/rediger/?mine=1"
    fields = pages.parse(client.get(url, HTTP_HX_TARGET="details", **HTMX).content.decode()).fields
    assert {"csrfmiddlewaretoken", "expected_revision", "name", "phone", "effective_date", "reason"} <= set(
        fields
    )
    assert fields["name"] == oe.name and fields["visiting_same_as_postal"] == "on"
    # The locustfile's edit: a new telephone number from a day ahead, as a new version.
    day = services.today() + timedelta(days=30)
    fields.update(phone="33 44 55 66", effective_date=f"{day:%d-%m-%Y}", reason="Belastningstest")
    saved = client.post(url, fields, HTTP_HX_TARGET="details", **HTMX)
    assert saved.status_code == 200 and "HX-Redirect" in saved.headers
    assert UnitVersion.objects.get(unit=oe, valid_from=day).phone == "33 44 55 66"


def test_report_prints_the_phases_apart_and_judges_the_goal(tmp_path, capsys):
    header = "Type,Name,Request Count,Failure Count,50%,95%\n"
    rows = [
        "POST,wave:login,25,0,1800,2600",
        "GET,steady:træ (udvid),150,0,40,120",
        "GET,steady:detaljer,130,0,50,140",
        "GET,steady:søg fritekst,50,0,90,150",
        "POST,steady:rediger (gem),10,0,210,350",
        ",Aggregated,365,0,50,900",
    ]
    (tmp_path / "25_stats.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "50_stats.csv").write_text(header + "GET,steady:søg navn*,80,1,70,160\n", encoding="utf-8")
    report.main([str(tmp_path / "25")])
    out = capsys.readouterr().out
    assert "| log-in-bølge | POST login | 25 | 0 | 1800 | 2600 |  |" in out
    assert "| stabil | POST rediger (gem) | 10 | 0 | 210 | 350 | ok |" in out  # not a goal page
    assert out.strip().endswith("nået") and "ikke nået" not in out
    report.main([str(tmp_path / "50")])
    out = capsys.readouterr().out
    assert "| stabil | GET søg navn* | 80 | 1 | 70 | 160 | IKKE NÅET |" in out
    assert out.strip().endswith("ikke nået")
