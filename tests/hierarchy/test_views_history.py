"""Historik and Vis pr. dato through the views: the periods, withdrawing a pending change (own
kommune only), the tree on a date and the comparison between two dates as CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from hierarchy import services
from hierarchy.models import UnitType
from tests import factories
from tests.factories import refresh


def d(day) -> str:
    return day.strftime("%d-%m-%Y")


@pytest.fixture
def planned(tree, municipal_admin, today):
    """Blovstrød: a phone change today (current) and a move to Blovstrød Skole in 10 days (future)."""
    data = services.UnitData.from_unit(tree.blovstrod)
    data.phone = "48 10 22 22"
    services.unit_update(actor=municipal_admin, unit=tree.blovstrod, data=data, reason="Nyt nummer")
    day = today + timedelta(days=10)
    services.unit_move(
        actor=municipal_admin,
        unit=refresh(tree.blovstrod),
        new_parent=tree.skole,
        effective_date=day,
        reason="Flyttes",
    )
    return day


def history_url(unit):
    return reverse("hierarchy:unit_history", args=[unit.sor_id])


def withdraw_url(unit):
    return reverse("hierarchy:unit_withdraw", args=[unit.sor_id])


def withdraw_data(unit, **data):
    """What the history page posts, with the revision it was opened at."""
    return {**data, "expected_revision": str(refresh(unit).revision)}


# --- Historik -------------------------------------------------------------------------------


def test_history_shows_past_now_and_future(admin_client, tree, planned):
    response = admin_client.get(history_url(tree.blovstrod))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index(">Fortid<") < content.index(">Nu<") < content.index(">Fremtid<")
    groups = {g["key"]: g["items"] for g in response.context["groups"]}
    assert [len(groups[k]) for k in ("past", "current", "future")] == [1, 1, 1]
    assert ("Telefonnummer", "48 10 01 00", "48 10 22 22") in groups["current"][0]["change"].changes
    assert "admin.test" in content and "Nyt nummer" in content and "Flyttes" in content
    assert f"Gældende fra {d(planned)}" in content and "Overliggende enhed" in content
    assert "Tilbagetræk ændringen" in content and "Begrundelse" in content


def test_details_page_links_to_history(admin_client, tree):
    content = admin_client.get(
        reverse("hierarchy:unit_detail", args=[tree.blovstrod.sor_id])
    ).content.decode()
    assert history_url(tree.blovstrod) in content and "Historik" in content


def test_support_sees_history_without_withdraw_form(client, support_user, tree, planned):
    client.force_login(support_user)
    response = client.get(history_url(tree.blovstrod))
    assert response.status_code == 200 and "Tilbagetræk" not in response.content.decode()
    response = client.post(
        withdraw_url(tree.blovstrod), {"what": "change", "valid_from": d(planned), "reason": "x"}
    )
    assert response.status_code == 403


def test_anonymous_history_goes_to_login(client, tree):
    response = client.get(history_url(tree.blovstrod))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_withdraw_future_change_in_own_kommune(admin_client, tree, planned):
    response = admin_client.post(
        withdraw_url(tree.blovstrod),
        withdraw_data(tree.blovstrod, what="change", valid_from=d(planned), reason="Fortrudt"),
    )
    assert response.status_code == 303 and response["Location"] == history_url(tree.blovstrod)
    unit = refresh(tree.blovstrod)
    assert not unit.versions.filter(valid_from=planned).exists()
    assert AuditEvent.objects.get(action="hierarchy.unit.withdraw_change").reason == "Fortrudt"
    groups = {g["key"]: g["items"] for g in admin_client.get(history_url(unit)).context["groups"]}
    assert groups["future"] == []


def test_withdraw_without_reason_is_refused_in_danish(admin_client, tree, planned):
    response = admin_client.post(
        withdraw_url(tree.blovstrod),
        withdraw_data(tree.blovstrod, what="change", valid_from=d(planned), reason=""),
    )
    assert response.status_code == 422
    assert "Angiv en begrundelse." in response.content.decode()
    assert refresh(tree.blovstrod).versions.filter(valid_from=planned).exists()


def test_withdraw_of_a_date_without_pending_change_shows_service_error(admin_client, tree, planned, today):
    day = today + timedelta(days=20)
    response = admin_client.post(
        withdraw_url(tree.blovstrod),
        withdraw_data(tree.blovstrod, what="change", valid_from=d(day), reason="x"),
    )
    assert response.status_code == 422
    assert f"Der er ingen planlagt ændring pr. {d(day)}, som kan tilbagetrækkes." in response.content.decode()


def test_withdraw_pending_close(admin_client, tree, municipal_admin, today):
    services.unit_close(actor=municipal_admin, unit=tree.lillerod, reason="Lukker")
    assert refresh(tree.lillerod).valid_to is not None
    content = admin_client.get(history_url(tree.lillerod)).content.decode()
    assert "Planlagt lukning" in content and "Tilbagetræk lukningen" in content
    response = admin_client.post(
        withdraw_url(tree.lillerod), withdraw_data(tree.lillerod, what="close", reason="Fortsætter")
    )
    assert response.status_code == 303
    assert refresh(tree.lillerod).valid_to is None


def test_withdraw_in_another_kommune_is_refused_and_changes_nothing(
    admin_client, other_kommune, sds_user, today
):
    unit = factories.oe(factories.si(other_kommune), "Aarhus-enhed")
    day = today + timedelta(days=10)
    data = services.UnitData.from_unit(unit)
    data.name = "Aarhus-enhed, nyt navn"
    services.unit_update(actor=sds_user, unit=unit, data=data, effective_date=day, reason="Omdøbes")
    events = AuditEvent.objects.count()
    assert "Tilbagetræk" not in admin_client.get(history_url(unit)).content.decode()
    response = admin_client.post(
        withdraw_url(unit), withdraw_data(unit, what="change", valid_from=d(day), reason="Nej")
    )
    assert response.status_code == 403
    assert refresh(unit).versions.filter(valid_from=day, name="Aarhus-enhed, nyt navn").exists()
    assert AuditEvent.objects.count() == events


# --- Vis pr. dato ---------------------------------------------------------------------------


def tree_section(response) -> str:
    content = response.content.decode()
    start = content.index('id="as-of-tree"')
    return content[start : content.index("</section>", start)]


def parent_in_tree(section: str, parent: str, child: str) -> bool:
    """Is `child` inside the <ul> that follows `parent` in the nested list?"""
    start = section.index(f">{parent}<")
    depth, i = 0, start
    end = len(section)
    while i < len(section):
        if section.startswith("<ul>", i):
            depth += 1
        elif section.startswith("</ul>", i):
            depth -= 1
            if depth == 0:
                end = i
                break
        elif section.startswith("</li>", i) and depth == 0:
            end = i
            break
        i += 1
    return f">{child}<" in section[start:end]


def test_as_of_shows_a_future_move_only_from_its_date(admin_client, tree, planned, today):
    url = reverse("hierarchy:as_of")
    for day, under_new in (
        (today, False),
        (planned - timedelta(days=1), False),
        (planned, True),
        (planned + timedelta(days=5), True),
    ):
        response = admin_client.get(url, {"kommune": tree.ie.sor_id, "dato": d(day)})
        assert response.status_code == 200
        section = tree_section(response)
        assert section.count(">Tandplejen Blovstrød Skole<") == 1
        assert parent_in_tree(section, "Blovstrød Skole", "Tandplejen Blovstrød Skole") is under_new
        assert (
            parent_in_tree(section, "Allerød Kommunes Tandpleje", "Tandplejen Blovstrød Skole")
            is not under_new
        )


def test_as_of_defaults_to_own_kommune_and_today(admin_client, tree):
    response = admin_client.get(reverse("hierarchy:as_of"))
    assert response.status_code == 200
    assert f"{tree.ie.name} pr. 02-03-2026" in response.content.decode()


def test_as_of_bad_date_is_an_error(admin_client, tree):
    response = admin_client.get(reverse("hierarchy:as_of"), {"kommune": tree.ie.sor_id, "dato": "31-02-2026"})
    assert response.status_code == 422
    assert "Datoen 31-02-2026 findes ikke. Kontrollér dag og måned." in response.content.decode()


def test_compare_two_dates_and_download_csv(admin_client, tree, planned, today):
    response = admin_client.get(
        reverse("hierarchy:as_of"), {"kommune": tree.ie.sor_id, "fra": d(today), "til": d(planned)}
    )
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert [(a.parent, b.parent) for a, b in comparison.moved] == [(tree.tand, tree.skole)]
    csv_url = response.context["csv_url"]
    assert csv_url in response.content.decode().replace("&amp;", "&")
    download = admin_client.get(csv_url)
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Ændring", "SOR-kode", f"Navn {d(today)}", f"Navn {d(planned)}"]
    assert ["Flyttet", tree.blovstrod.sor_id] == rows[1][:2]
    assert rows[1][4:] == [tree.tand.sor_id, tree.skole.sor_id, "", "", ""]  # + Felt, Værdi, Værdi


def test_compare_refuses_reversed_dates(admin_client, tree, today):
    params = {"kommune": tree.ie.sor_id, "fra": d(today), "til": d(today - timedelta(days=1))}
    assert admin_client.get(reverse("hierarchy:as_of"), params).status_code == 422
    assert admin_client.get(reverse("hierarchy:as_of_compare_csv"), params).status_code == 400


def test_as_of_without_own_kommune_shows_the_empty_form(client, support_user, tree):
    client.force_login(support_user)
    response = client.get(reverse("hierarchy:as_of"))
    assert response.status_code == 200 and "Der er problemer" not in response.content.decode()
    response = client.get(reverse("hierarchy:as_of"), {"kommune": tree.ie.sor_id, "dato": "02-03-2026"})
    assert "Tandplejen Blovstrød Skole" in tree_section(response)


def test_history_shows_a_correction_of_a_version_not_yet_started(admin_client, tree, municipal_admin, today):
    """Opret OE from today + 7, then Rediger OE with its default date (the unit's first day):
    Historik shows the one version and, as a correction of it, what the edit changed."""
    data = services.UnitData.from_unit(tree.blovstrod)
    data.name = "Tandplejen Engholm"
    unit = services.unit_create(
        actor=municipal_admin, kind="OE", parent=tree.tand, data=data, reason="Ny klinik"
    )
    assert unit.valid_from == today + timedelta(days=7)
    edit_url = reverse("hierarchy:unit_edit", args=[unit.sor_id])
    form = admin_client.get(edit_url).context["form"]
    assert form.initial["effective_date"] == unit.valid_from
    from tests.hierarchy.test_views_actions import edit_data

    response = admin_client.post(
        edit_url, edit_data(unit, name="Tandplejen Engholm Skole", reason="Stavefejl")
    )
    assert response.status_code == 303
    content = admin_client.get(history_url(unit)).content.decode()
    assert content.count('class="sor-history-version"') == 1
    assert "Rettelse af versionen" in content and "Stavefejl" in content and "Ny klinik" in content
    correction = content[content.index("Rettelse af versionen") :]
    assert "<td>Tandplejen Engholm</td><td>Tandplejen Engholm Skole</td>" in correction
    assert AuditEvent.objects.filter(action="hierarchy.unit.update", object_id=unit.sor_id).count() == 1


def test_compare_names_every_kind_of_change(admin_client, tree, municipal_admin, today):
    """Issue 23 item 6: a change of enhedstype, telephone or address is shown under its own
    name, on the screen and in the CSV, never missing and never as "Omdøbt"."""
    later = today + timedelta(days=5)
    data = services.UnitData.from_unit(tree.blovstrod)
    data.unit_type = UnitType.objects.get(code=factories.PLEJEHJEM)
    data.phone = "48 10 33 33"
    data.postal_address = factories.address(number="8")
    services.unit_update(
        actor=municipal_admin, unit=tree.blovstrod, data=data, effective_date=later, reason="Ny klinik"
    )
    params = {"kommune": tree.ie.sor_id, "fra": d(today), "til": d(later)}
    response = admin_client.get(reverse("hierarchy:as_of"), params)
    comparison = response.context["comparison"]
    assert comparison.renamed == [] and comparison.moved == []
    changed = {label: (old, new) for _a, _b, label, old, new in comparison.changed}
    tandpleje = UnitType.objects.get(code=factories.TANDPLEJEKLINIK).name
    plejehjem = UnitType.objects.get(code=factories.PLEJEHJEM).name
    assert changed["Enhedstype"] == (tandpleje, plejehjem)
    assert changed["Telefonnummer"] == ("48 10 01 00", "48 10 33 33")
    assert changed["Postadresse"][1].startswith("Bjarkesvej 8")
    assert set(changed) == {"Enhedstype", "Telefonnummer", "Postadresse"}
    content = response.content.decode()
    assert "<td>Enhedstype ændret</td>" in content and "<td>Telefonnummer ændret</td>" in content
    assert "Omdøbt" not in content
    body = admin_client.get(reverse("hierarchy:as_of_compare_csv"), params).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][6:] == ["Felt", f"Værdi {d(today)}", f"Værdi {d(later)}"]
    by_field = {row[6]: row for row in rows[1:]}
    assert by_field["Telefonnummer"][:2] == ["Telefonnummer ændret", tree.blovstrod.sor_id]
    assert by_field["Telefonnummer"][7:] == ["48 10 01 00", "48 10 33 33"]
    assert by_field["Enhedstype"][7:] == [tandpleje, plejehjem]
    assert "Omdøbt" not in {row[0] for row in rows}
