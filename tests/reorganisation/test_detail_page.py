"""A stored omstrukturering's page (issue 23 item 4): its operations one by one, a summary that
includes the changes inside one IE, worded for a pending, an applied and a withdrawn package;
and the shipped Region Østdanmark plan on the demo register."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from hierarchy import services
from reorganisation.models import Reorganisation
from reorganisation.plan import read_plan
from reorganisation.report import impact_lines
from reorganisation.services import reorganisation_apply, reorganisation_preview, reorganisation_store

from .conftest import PLAN_FILE, plan_text

# A move of two units (two operations from one line of the plan), a rename and a move inside
# Region Hovedstaden, on top of the shipped plan's nine lines.
EXTRA = (
    {
        "op": "rename",
        "unit": {"kind": "SI", "name": "Herlev Hospital"},
        "name": "Herlev og Gentofte Hospital",
    },
    {
        "op": "move",
        "unit": {"kind": "OE", "name": "Team 1"},
        "to": {"kind": "SI", "name": "Herlev Hospital"},
    },
)


def _store(regions, sds_user, extra=EXTRA):
    return reorganisation_store(actor=sds_user, plan=read_plan(plan_text(extra_operations=extra)))


def _detail(client, sds_user, package) -> str:
    client.force_login(sds_user)
    response = client.get(reverse("reorganisation:detail", args=[package.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_lists_every_operation_with_its_line_in_the_plan(client, regions, sds_user):
    package = _store(regions, sds_user)
    html = _detail(client, sds_user, package)
    table = html.split('id="package-operations"')[1].split("</table>")[0]
    # The shipped plan moves "every SI under" each region: Rigshospitalet and Herlev Hospital are
    # two operations from line 2 of the plan.
    assert f"<td>2</td><td>Flyt Rigshospitalet ({regions.rigs.sor_id}) til Region Østdanmark" in table
    assert f"<td>2</td><td>Flyt Herlev Hospital ({regions.herlev.sor_id}) til Region Østdanmark" in table
    assert (
        f"<td>6</td><td>Luk Region Hovedstaden ({regions.hovedstaden.sor_id}) (sidste dag 31-12-2026)"
        in table
    )
    assert f"Omdøb Herlev Hospital ({regions.herlev.sor_id}) til «Herlev og Gentofte Hospital»" in table
    assert table.count("<tr>") == len(package.operations) + 1  # + the header row
    # Eleven lines in the plan; Region Sjælland has no administrators, so line 5 (move_scopes)
    # gives no operation.
    lines = {op["source"] for op in package.operations}
    assert lines == set(range(1, 12)) - {5} and len(package.operations) > len(lines)
    assert f"<dd>{len(package.operations)} (fra {len(lines)} af planens operationer:" in html


def test_the_summary_includes_renames_and_moves_inside_one_ie(client, regions, sds_user):
    # Only changes inside Region Hovedstaden: no unit changes IE.
    plan = read_plan(plan_text(operations=list(EXTRA)))
    package = reorganisation_store(actor=sds_user, plan=plan)
    assert package.impact["units_changing_ie"] == 0 and package.impact["ies"] == []
    renamed = package.impact["renamed"]
    assert renamed == [
        {"sor_id": regions.herlev.sor_id, "before": "Herlev Hospital", "after": "Herlev og Gentofte Hospital"}
    ]
    # Team 1 moves from Hjertecentret (Rigshospitalet) to Herlev Hospital, both in Region
    # Hovedstaden: before this summary said nothing about it.
    within = {row["sor_id"]: row for row in package.impact["moved_within_ie"]}
    assert regions.team.sor_id in within
    assert within[regions.team.sor_id]["from_parent"] == "Hjertecentret"
    assert within[regions.team.sor_id]["to_parent"] == "Herlev og Gentofte Hospital"
    assert within[regions.team.sor_id]["ie"] == "Region Hovedstaden"
    html = _detail(client, sds_user, package)
    assert "Omdøbes (1)" in html and 'id="impact-renamed"' in html
    assert "Flyttes inden for samme institutionsejer" in html and 'id="impact-moved-within"' in html


def test_a_plan_without_such_changes_shows_no_such_lists(client, regions, sds_user):
    package = _store(regions, sds_user, extra=())
    assert package.impact["renamed"] == [] and package.impact["moved_within_ie"] == []
    html = _detail(client, sds_user, package)
    assert 'id="impact-renamed"' not in html and 'id="impact-moved-within"' not in html


def test_a_withdrawn_package_does_not_say_what_will_happen(client, regions, sds_user):
    package = _store(regions, sds_user, extra=())
    pending = _detail(client, sds_user, package)
    assert "Oprettes: Region Østdanmark" in pending and "Lukkes: Region Hovedstaden" in pending
    client.post(reverse("reorganisation:detail", args=[package.pk]), {"reason": "Udskudt"})
    assert Reorganisation.objects.get().status == "withdrawn"
    html = _detail(client, sds_user, package)
    summary = html.split("<h2>Enheder pr. institutionsejer</h2>")[1]
    assert "Oprettes:" not in summary and "Lukkes:" not in summary and "erstattes af" not in summary
    assert "Skulle være oprettet: Region Østdanmark" in html
    assert "Skulle være lukket: Region Hovedstaden" in html
    assert "Region Sjælland skulle være erstattet af Region Østdanmark" in html
    assert "Denne omstrukturering blev trukket tilbage" in html and "gennemføres ikke" in html


def test_an_applied_package_says_what_happened(client, regions, sds_user):
    package = _store(regions, sds_user, extra=())
    reorganisation_apply(package=package, on=package.effective_date)
    assert Reorganisation.objects.get().status == "applied"
    html = _detail(client, sds_user, package)
    assert "Oprettet: Region Østdanmark" in html and "Lukket: Region Hovedstaden" in html
    assert "Oprettes:" not in html


def _shipped_plan_shifted(day: date):
    """The shipped plan, moved to `day` so the test does not age after 1 January 2027."""
    text = PLAN_FILE.read_text(encoding="utf-8").replace("01-01-2027", f"{day:%d-%m-%Y}")
    return read_plan(text.replace("31-12-2026", f"{day - timedelta(days=1):%d-%m-%Y}"))


def test_the_shipped_plan_previews_on_the_demo_register(db, sds_user):
    call_command("seed_demo", stdout=StringIO())
    plan = _shipped_plan_shifted(services.today() + timedelta(days=30))
    operations, impact = reorganisation_preview(actor=sds_user, plan=plan)
    assert {op["op"] for op in operations} >= {"create", "move", "close", "replace"}
    ies = {row["name"]: (row["before"], row["after"]) for row in impact["ies"]}
    assert ies["Region Hovedstaden"][1] == 0 and ies["Region Sjælland"][1] == 0
    assert ies["Region Østdanmark"][1] > 2  # the new region and the hospitals below it
    assert impact["gln_moves_count"] >= 2  # the hospitals' lokationsnumre follow them
    assert [u["name"] for u in impact["closed"]] == ["Region Hovedstaden", "Region Sjælland"]


def test_without_the_regions_the_plan_is_refused_by_name(db, sds_user):
    from hierarchy import reference

    reference.load_all()
    plan = _shipped_plan_shifted(services.today() + timedelta(days=30))
    with pytest.raises(ValidationError) as refused:
        reorganisation_preview(actor=sds_user, plan=plan)
    assert any("ingen enhed matcher regionen med regionskoden 1085" in m for m in refused.value.messages)


def test_the_summary_names_units_that_share_a_name_under_one_parent_afterwards(client, regions, sds_user):
    """Opret OE's same-name warning, for a package: here a rename gives Herlev Hospital the name
    of its sibling Rigshospitalet (case aside)."""
    twin = {"op": "rename", "unit": {"kind": "SI", "name": "Herlev Hospital"}, "name": "rigshospitalet"}
    plan = read_plan(plan_text(operations=[twin]))
    package = reorganisation_store(actor=sds_user, plan=plan)
    assert package.impact["same_name_count"] == 1
    (group,) = package.impact["same_name"]
    assert group["parent"] == "Region Hovedstaden"
    # each by its name after the package: Herlev Hospital by the name it is given
    assert {(u["sor_id"], u["name"]) for u in group["units"]} == {
        (regions.rigs.sor_id, "Rigshospitalet"),
        (regions.herlev.sor_id, "rigshospitalet"),
    }
    html = _detail(client, sds_user, package)
    assert 'id="impact-same-name"' in html and "Samme navn under samme overliggende enhed (1)" in html
    lines = impact_lines(plan, package.impact)  # `manage.py reorganise`'s words
    assert "Samme navn under samme overliggende enhed: 1" in lines
    assert any(line.startswith("  Rigshospitalet under Region Hovedstaden: ") for line in lines)


def test_no_same_name_list_when_the_names_stay_apart(client, regions, sds_user):
    package = reorganisation_store(actor=sds_user, plan=read_plan(plan_text(operations=list(EXTRA))))
    assert package.impact["same_name"] == [] and package.impact["same_name_count"] == 0
    assert 'id="impact-same-name"' not in _detail(client, sds_user, package)
