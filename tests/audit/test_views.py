"""Ændringslog through the views: who may see it, every filter, keyset paging, the diff page,
the CSV export and the chain-state line."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from audit.models import AuditEvent, ChainCheckpoint
from audit.verification import verify_and_record
from auditlog import views as audit_views
from hierarchy import services
from tests import factories

LOG = reverse("audit:log")
CSV = reverse("audit:log_csv")


@pytest.fixture
def history(tree, other_kommune, municipal_admin, sds_user, today):
    data = services.UnitData.from_unit(tree.blovstrod)
    data.name = "Tandplejen Blovstrød"
    services.unit_update(actor=municipal_admin, unit=tree.blovstrod, data=data, reason="Kortere navn")
    services.unit_move(
        actor=municipal_admin,
        unit=tree.lillerod,
        new_parent=tree.skole,
        effective_date=today + timedelta(days=3),
        reason="Flyttes til skolen",
    )
    other = factories.oe(factories.si(other_kommune), "Aarhus-enhed")
    services.unit_close(actor=sds_user, unit=other, reason="Nedlagt af SDS")
    return other


@pytest.fixture
def support_client(client, support_user):
    client.force_login(support_user)
    return client


def seqs(response) -> list[int]:
    return [row["event"].seq for row in response.context["events"]]


def actions(response) -> set[str]:
    return {row["event"].action for row in response.context["events"]}


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["support_user", "sds_user"])
def test_support_and_sds_see_the_log(client, request, fixture, history):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(LOG)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ændringslog" in content and "Kortere navn" in content
    assert client.get(CSV).status_code == 200


def test_municipal_admin_is_refused(client, municipal_admin, history):
    client.force_login(municipal_admin)
    assert client.get(LOG).status_code == 403
    assert client.get(CSV).status_code == 403
    assert client.get(reverse("audit:event_detail", args=[1])).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    for url in (LOG, CSV, reverse("audit:event_detail", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_header_links_follow_the_role(client, municipal_admin, support_user, kommune):
    client.force_login(municipal_admin)
    content = client.get(reverse("hierarchy:index")).content.decode()
    assert "Vis pr. dato" in content and "Ændringslog" not in content
    client.force_login(support_user)
    assert "Ændringslog" in client.get(reverse("hierarchy:index")).content.decode()


# --- filters --------------------------------------------------------------------------------


def test_filter_kommune_by_kommunekode(support_client, tree, history):
    response = support_client.get(LOG, {"kommune": "0201"})
    assert response.context["events"]
    assert {row["event"].scope_id for row in response.context["events"]} == {tree.ie.sor_id}
    other = support_client.get(LOG, {"kommune": "0751"})
    assert tree.ie.sor_id not in {row["event"].scope_id for row in other.context["events"]}
    assert other.context["events"]


def test_filter_unknown_kommunekode_is_an_error(support_client, history):
    response = support_client.get(LOG, {"kommune": "9999"})
    assert response.status_code == 422
    assert "Der findes ingen kommune med kommunekoden 9999." in response.content.decode()


def test_filter_sor_kode(support_client, tree, history):
    response = support_client.get(LOG, {"sor_kode": tree.lillerod.sor_id})
    assert actions(response) == {"hierarchy.unit.create", "hierarchy.unit.move"}


def test_filter_bruger(support_client, history):
    response = support_client.get(LOG, {"bruger": "sds.te"})
    assert actions(response) == {"hierarchy.unit.close"}


def test_filter_handling(support_client, history):
    response = support_client.get(LOG, {"handling": "hierarchy.unit.move"})
    assert actions(response) == {"hierarchy.unit.move"}
    assert "Enhed flyttet" in response.content.decode()


def test_filter_dates(support_client, history, today):
    assert seqs(support_client.get(LOG, {"dato_fra": "02-03-2026", "dato_til": "02-03-2026"}))
    assert seqs(support_client.get(LOG, {"dato_fra": "03-03-2026"})) == []
    assert seqs(support_client.get(LOG, {"dato_til": "01-03-2026"})) == []
    bad = support_client.get(LOG, {"dato_fra": "03-03-2026", "dato_til": "01-03-2026"})
    assert bad.status_code == 422


def test_filter_words_in_reason(support_client, history):
    response = support_client.get(LOG, {"begrundelse": "flyttes SKOLEN"})
    assert actions(response) == {"hierarchy.unit.move"}
    assert seqs(support_client.get(LOG, {"begrundelse": "flyttes nedlagt"})) == []


def test_table_shows_time_user_action_object_date_reason(support_client, tree, history, today):
    content = support_client.get(LOG, {"handling": "hierarchy.unit.move"}).content.decode()
    assert "02-03-2026 12:00" in content
    assert "admin.test" in content and "Enhed flyttet" in content
    assert tree.lillerod.sor_id in content and "05-03-2026" in content and "Flyttes til skolen" in content


def test_keyset_paging_keeps_filters(support_client, history, monkeypatch):
    monkeypatch.setattr(audit_views, "PAGE_SIZE", 2)
    first = support_client.get(LOG, {"kommune": "0201"})
    all_seqs = list(
        AuditEvent.objects.filter(scope_id=first.context["events"][0]["event"].scope_id).values_list(
            "seq", flat=True
        )
    )
    assert len(seqs(first)) == 2 and len(all_seqs) > 2
    older = first.context["older_url"]
    assert "kommune=0201" in older and "f%C3%B8r=" in older
    assert "Ældre hændelser" in first.content.decode()
    second = support_client.get(LOG + older)
    assert seqs(second) and max(seqs(second)) < min(seqs(first))
    seen, response = seqs(first) + seqs(second), second
    while response.context["older_url"]:
        response = support_client.get(LOG + response.context["older_url"])
        seen += seqs(response)
    assert seen == sorted(all_seqs, reverse=True)


# --- detail, CSV, chain ---------------------------------------------------------------------


def test_event_detail_shows_before_and_after(support_client, tree, history):
    event = AuditEvent.objects.get(action="hierarchy.unit.update", object_id=tree.blovstrod.sor_id)
    response = support_client.get(reverse("audit:event_detail", args=[event.seq]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tandplejen Blovstrød Skole" in content and "Tandplejen Blovstrød<" in content
    assert ("name", "Tandplejen Blovstrød Skole", "Tandplejen Blovstrød") in response.context["diff"]
    assert support_client.get(reverse("audit:event_detail", args=[99999])).status_code == 404


def test_csv_export_has_the_filtered_events(support_client, tree, history):
    response = support_client.get(CSV, {"kommune": "0201", "handling": "hierarchy.unit.move"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:4] == ["Løbenummer", "Tidspunkt", "Bruger", "Handling"]
    assert len(rows) == 2
    assert rows[1][2:5] == ["admin.test", "Enhed flyttet", "hierarchy.unit.move"]
    assert rows[1][6] == tree.lillerod.sor_id and rows[1][10] == "Flyttes til skolen"


def test_csv_export_is_capped(support_client, history, monkeypatch):
    monkeypatch.setattr(audit_views, "CSV_MAX_ROWS", 2)
    body = b"".join(support_client.get(CSV).streaming_content).decode("utf-8-sig")
    assert len(body.strip().splitlines()) == 3


def test_chain_state_line(support_client, history):
    assert "Kæden er endnu ikke verificeret" in support_client.get(LOG).content.decode()
    checkpoint = verify_and_record()
    last = AuditEvent.objects.order_by("-seq").first()
    content = support_client.get(LOG).content.decode()
    assert checkpoint.ok
    assert f"Kæden er verificeret til hændelse {last.seq}, tidspunkt 02-03-2026 12:00" in content


def test_broken_chain_is_a_red_alert(support_client, history):
    ChainCheckpoint.objects.create(ok=False, through_seq=3, problem="hash passer ikke ved hændelse 4")
    content = support_client.get(LOG).content.decode()
    assert 'class="alert alert-error' in content
    assert "Kæden er brudt efter hændelse 3: hash passer ikke ved hændelse 4" in content


def test_event_detail_shows_danish_field_labels(support_client, tree, history):
    update = AuditEvent.objects.get(action="hierarchy.unit.update", object_id=tree.blovstrod.sor_id)
    content = support_client.get(reverse("audit:event_detail", args=[update.seq])).content.decode()
    assert '<tr data-key="name"><th scope="row">Navn</th>' in content
    # a key no model field has is named by the app that writes it (audit.registry), not shown raw
    assert '<tr data-key="changed_fields"><th scope="row">Ændrede felter</th>' in content
    move = AuditEvent.objects.get(action="hierarchy.unit.move", object_id=tree.lillerod.sor_id)
    content = support_client.get(reverse("audit:event_detail", args=[move.seq])).content.decode()
    # a move's "til overliggende enhed" is the Efter of the parent's row (issue 23 item 6)
    assert '<tr data-key="parent"><th scope="row">Overliggende enhed</th>' in content
    assert f"<td>{tree.skole.name} ({tree.skole.sor_id})</td>" in content


def test_list_page_queries_do_not_grow_with_the_page(support_client, history, django_assert_num_queries):
    # session, user, the user's groups, the page of events, the chain checkpoint
    with django_assert_num_queries(5):
        assert support_client.get(LOG).status_code == 200
    with django_assert_num_queries(6):  # + the kommune's IE
        assert support_client.get(LOG, {"kommune": "0201"}).status_code == 200
    with django_assert_num_queries(6):  # + the seq bounds of the date range
        assert (
            support_client.get(LOG, {"dato_fra": "01-03-2026", "dato_til": "02-03-2026"}).status_code == 200
        )


def test_event_detail_queries(support_client, history, django_assert_num_queries):
    # session, user, groups, the event, + the IE's name for the Institutionsejer line (the
    # enhedstype's name comes from the snapshot, not a query)
    with django_assert_num_queries(5):
        assert support_client.get(reverse("audit:event_detail", args=[1])).status_code == 200


# --- issue 13: the Kommune filter by name, the scope's name ----------------------------------


@pytest.mark.parametrize("value", ["Allerød", "allerød kommune", "Allerød Kommune", "201", " 0201 "])
def test_filter_kommune_by_name_or_code(support_client, tree, history, value):
    response = support_client.get(LOG, {"kommune": value})
    assert response.status_code == 200
    assert {row["event"].scope_id for row in response.context["events"]} == {tree.ie.sor_id}
    assert f"Viser hændelser i {tree.ie.name}." in response.content.decode()


def test_filter_unknown_kommune_name_is_an_error(support_client, history):
    response = support_client.get(LOG, {"kommune": "Atlantis"})
    assert response.status_code == 422
    content = response.content.decode()
    assert "Der findes ingen kommune med navnet Atlantis." in content
    assert "højst have 4 tegn" not in support_client.get(LOG, {"kommune": "Allerød"}).content.decode()


def test_a_compound_object_id_is_not_shown_as_the_object(support_client, tree, history, sds_user):
    """An administrator scope's event names the user and the kommune, not "<user id>:<SOR-kode>"."""
    from django.contrib.auth import get_user_model

    from hierarchy.services.scopes import administrator_scope_add

    user = get_user_model().objects.create_user(username="ny.admin", password="demo")
    administrator_scope_add(actor=sds_user, user=user, institution_owner=tree.ie, reason="Ny medarbejder")
    content = support_client.get(LOG).content.decode()
    assert f"ny.admin → {tree.ie.name}</td>" in content
    assert f"{user.pk}:{tree.ie.sor_id}" not in content


def test_date_filters_are_not_marked_required(support_client, history):
    content = support_client.get(LOG).content.decode()
    form = content.split('id="audit-filter"')[1].split("</form>")[0]
    assert "aria-required" not in form and "sor-required" not in form
