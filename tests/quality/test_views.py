"""/kvalitet/: scope (an Allerød administrator never sees Aarhus' findings: page, CSV, run),
the national overview, the trend and the run button."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from hierarchy.models import Unit
from quality.models import QualityRun
from quality.runs import run_checks
from tests import factories

from .conftest import make_unit


@pytest.fixture
def aarhus_finding(other_kommune, today):
    """An Aarhus OE with an own e-mail and no telephone (a generelt.telefon_mangler finding)."""
    si = factories.si(other_kommune, name="Sundhed og Omsorg")
    return make_unit(si, "Aarhus uden telefon", strict=False, phone="", email="a@example.dk")


@pytest.fixture
def allerod_finding(tree):
    return make_unit(tree.si, "Allerød uden telefon", strict=False, phone="", email="b@example.dk")


@pytest.fixture
def national_run(aarhus_finding, allerod_finding):
    return run_checks(actor=None)


def test_municipal_admin_sees_only_own_kommune(client, municipal_admin, national_run):
    client.force_login(municipal_admin)
    response = client.get(reverse("quality:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Allerød uden telefon" in html
    assert "Aarhus uden telefon" not in html
    assert "Landsoverblik" not in html


def test_municipal_admin_cannot_ask_for_another_kommune(client, municipal_admin, national_run):
    client.force_login(municipal_admin)
    html = client.get(reverse("quality:index"), {"kommune": "0751"}).content.decode()
    assert "Aarhus uden telefon" not in html
    assert "Allerød uden telefon" in html


def test_finding_links_to_the_tab_that_fixes_it(client, municipal_admin, national_run, allerod_finding):
    client.force_login(municipal_admin)
    html = client.get(reverse("quality:index")).content.decode()
    assert reverse("hierarchy:unit_edit", args=[allerod_finding.sor_id]) in html


def test_csv_holds_only_own_kommune(client, municipal_admin, national_run):
    client.force_login(municipal_admin)
    response = client.get(reverse("quality:csv"), {"kommune": "0751"})
    body = b"".join(response.streaming_content).decode()
    assert "Allerød uden telefon" in body
    assert "Aarhus uden telefon" not in body
    assert body.splitlines()[0].lstrip("\ufeff").startswith("Kommunekode;Kommune;Regelpakke")


def test_municipal_admin_cannot_run_another_kommune(client, municipal_admin, national_run):
    client.force_login(municipal_admin)
    before = QualityRun.objects.count()
    response = client.post(reverse("quality:run"), {"kommune": "0751"})
    assert response.status_code == 403
    assert QualityRun.objects.count() == before


def test_municipal_admin_cannot_run_the_whole_register(client, municipal_admin, national_run):
    client.force_login(municipal_admin)
    assert client.post(reverse("quality:run"), {"kommune": ""}).status_code == 403


def test_run_of_own_kommune_is_audited_and_scoped(client, municipal_admin, aarhus_finding, allerod_finding):
    client.force_login(municipal_admin)
    response = client.post(reverse("quality:run"), {"kommune": "0201"})
    assert response.status_code == 302
    run = QualityRun.objects.get()
    assert run.municipality_id == "0201"
    assert run.started_by == municipal_admin
    units = set(run.findings.values_list("unit__name", flat=True))
    assert "Allerød uden telefon" in units
    assert "Aarhus uden telefon" not in units
    event = AuditEvent.objects.get(action="quality.run.create")
    assert event.actor == municipal_admin
    assert event.scope_id == Unit.objects.get(municipality_id="0201").sor_id
    assert event.after["kommune"] == "0201"


def test_run_button_shown_for_own_kommune(client, municipal_admin, tree):
    client.force_login(municipal_admin)
    html = client.get(reverse("quality:index")).content.decode()
    assert "Kør kvalitetstjek af Allerød nu" in html


def test_sds_sees_national_overview_and_filters(client, sds_user, national_run):
    client.force_login(sds_user)
    html = client.get(reverse("quality:index")).content.decode()
    assert "Landsoverblik" in html
    assert "Aarhus" in html and "Allerød" in html
    filtered = client.get(reverse("quality:index"), {"kommune": "0751"}).content.decode()
    assert "Aarhus uden telefon" in filtered
    assert "Allerød uden telefon" not in filtered


def test_support_sees_whole_register_csv(client, support_user, national_run):
    client.force_login(support_user)
    body = b"".join(client.get(reverse("quality:csv")).streaming_content).decode()
    assert "Aarhus uden telefon" in body
    assert "Allerød uden telefon" in body


def test_user_without_role_is_refused(client, django_user_model, db):
    user = django_user_model.objects.create_user("ingen", password="x")
    client.force_login(user)
    assert client.get(reverse("quality:index")).status_code == 403
    assert client.get(reverse("quality:csv")).status_code == 403


def test_new_since_last_run_and_first_seen_carried(tree, today, time_machine):
    make_unit(tree.si, "Uden telefon", strict=False, phone="", email="c@example.dk")
    first = run_checks(actor=None, municipality=tree.ie.municipality)
    time_machine.move_to("2026-03-05 12:00 +01:00", tick=False)
    make_unit(tree.si, "Også uden telefon", strict=False, phone="", email="d@example.dk")
    second = run_checks(actor=None)
    rows = {
        f.unit.name: f
        for f in second.findings.filter(rule_id="generelt.telefon_mangler").select_related("unit")
    }
    assert first.day.isoformat() == "2026-03-02"
    assert rows["Uden telefon"].first_seen == first.day
    assert not rows["Uden telefon"].is_new
    assert rows["Også uden telefon"].first_seen.isoformat() == "2026-03-05"
    assert rows["Også uden telefon"].is_new


def test_trend_has_a_point_per_run_with_the_numbers_in_a_table(client, municipal_admin, allerod_finding):
    client.force_login(municipal_admin)
    run_checks(actor=None)
    run_checks(actor=None, municipality=municipal_admin.sor_scopes.get().institution_owner.municipality)
    html = client.get(reverse("quality:index")).content.decode()
    assert html.count("<circle") == 2
    assert 'id="trend"' in html
    assert 'role="img"' in html


def test_the_page_title_is_text_and_the_deviations_are_listed_once(client, municipal_admin, national_run):
    """The title block held the whole 'Godkendte afvigelser' section (HTML in <title>, the
    section twice on the page)."""
    client.force_login(municipal_admin)
    html = client.get(reverse("quality:index")).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and title.startswith("Kvalitetstjek: Allerød")
    assert html.count('id="godkendte"') == 1
