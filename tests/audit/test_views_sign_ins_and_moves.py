"""Ændringslog (issue 23 item 6): sign-ins left out unless asked for, an Objekt column that
names the object and not its database key, and a move's event page with the old parent under
Før and the new one under Efter."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from accounts import services as account_services
from audit.models import AuditEvent
from hierarchy import services

LOG = reverse("audit:log")
CSV = reverse("audit:log_csv")


@pytest.fixture
def support_client(client, support_user):
    client.force_login(support_user)
    return client


@pytest.fixture
def events(tree, municipal_admin, support_user, today):
    account_services.password_login(user=support_user)
    account_services.logged_out(user=support_user, method="Log ud")
    services.unit_move(
        actor=municipal_admin,
        unit=tree.lillerod,
        new_parent=tree.skole,
        effective_date=today + timedelta(days=3),
        reason="Flyttes til skolen",
    )


def actions(response) -> set[str]:
    return {row["event"].action for row in response.context["events"]}


def test_sign_ins_are_left_out_by_default(support_client, events):
    response = support_client.get(LOG)
    assert response.status_code == 200
    assert "hierarchy.unit.move" in actions(response)
    assert not actions(response) & {"auth.login", "auth.logout"}
    assert "Vis log ind og log ud" in response.content.decode()


def test_sign_ins_are_shown_when_asked_for(support_client, events):
    response = support_client.get(LOG, {"log_ind": "on"})
    assert {"auth.login", "auth.logout", "hierarchy.unit.move"} <= actions(response)
    assert actions(support_client.get(LOG, {"handling": "auth.login"})) == {"auth.login"}


def test_csv_leaves_out_sign_ins_like_the_page(support_client, events):
    def codes(params):
        body = b"".join(support_client.get(CSV, params).streaming_content).decode("utf-8-sig")
        return {row[4] for row in list(csv.reader(io.StringIO(body), delimiter=";"))[1:]}

    assert "auth.login" not in codes({})
    assert "auth.login" in codes({"log_ind": "on"})


def test_objekt_names_the_object_not_its_database_key(support_client, events, support_user, tree):
    content = support_client.get(LOG, {"log_ind": "on"}).content.decode()
    login = AuditEvent.objects.get(action="auth.login")
    row = re.search(rf'<tr data-seq="{login.seq}">(.*?)</tr>', content, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    objekt = re.sub(r"<[^>]+>", "", cells[3]).split()
    assert objekt == ["Bruger:", "support.test"]  # was "support.test 5": the user's id
    move = AuditEvent.objects.get(action="hierarchy.unit.move")
    row = re.search(rf'<tr data-seq="{move.seq}">(.*?)</tr>', content, re.S).group(1)
    assert tree.lillerod.sor_id in row and "Enhed:" in row  # a SOR-kode is kept


def test_move_event_shows_old_parent_before_and_new_parent_after(support_client, events, tree):
    move = AuditEvent.objects.get(action="hierarchy.unit.move")
    response = support_client.get(reverse("audit:event_detail", args=[move.seq]))
    rows = {row["key"]: row for row in response.context["changes"]}
    assert rows["parent"]["before"] == f"{tree.tand.name} ({tree.tand.sor_id})"
    assert rows["parent"]["after"] == f"{tree.skole.name} ({tree.skole.sor_id})"
    assert "from_parent" not in rows and "to_parent" not in rows
    content = response.content.decode()
    assert (
        '<tr data-key="parent"><th scope="row">Overliggende enhed</th>'
        f"<td>{tree.tand.name} ({tree.tand.sor_id})</td><td>{tree.skole.name} ({tree.skole.sor_id})</td></tr>"
    ) in content
