"""check_tree compares today's tree with the versions in force today (issue 22 item 4): a
projection of a future date (what `apply_due_changes --on <future>` did) is reported, and
--rebuild shows today's versions again, audited."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from hierarchy import services
from hierarchy.integrity import projection_problems
from hierarchy.models import Unit, UnitVersion
from tests.factories import refresh


def run(*args):
    out = StringIO()
    call_command("check_tree", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def future(tree, today):
    """A move and a rename six days ahead, projected by a run for eight days ahead."""
    day = today + timedelta(days=6)
    services.unit_move(actor=None, unit=tree.blovstrod, new_parent=tree.skole, effective_date=day, reason="x")
    data = services.UnitData.from_unit(tree.lillerod)
    data.name = "Tandplejen Lillerød Nord"
    services.unit_update(actor=None, unit=tree.lillerod, data=data, effective_date=day, reason="x")
    return day


def test_a_register_whose_due_changes_are_applied_is_consistent(tree, future):
    assert projection_problems() == []
    assert "konsistente" in run()


def test_a_change_waiting_for_tonights_run_is_not_reported(tree, future):
    assert UnitVersion.objects.filter(unit=tree.lillerod, valid_from=future, applied=False).exists()
    assert projection_problems(on=future) == []  # due on that day, not yet projected: waiting


def test_the_future_written_into_todays_tree_is_reported_and_rebuilt(tree, future, today):
    services.apply_due_changes(on=future + timedelta(days=2))  # the old --on <future>
    assert refresh(tree.blovstrod).parent == tree.skole  # today's tree shows the future
    assert sorted(projection_problems()) == sorted(
        [
            f"{tree.blovstrod.sor_id}: viser ikke versionen, der gælder {today:%d-%m-%Y} (overliggende enhed)",
            f"{tree.lillerod.sor_id}: viser ikke versionen, der gælder {today:%d-%m-%Y} (navn)",
        ]
    )
    with pytest.raises(CommandError, match="Dagens træ afviger fra versionerne") as refused:
        run()
    assert tree.blovstrod.sor_id in str(refused.value) and "check_tree --rebuild" in str(refused.value)

    events = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    assert "2 enheder vist efter versionen" in run("--rebuild")
    assert (
        refresh(tree.blovstrod).parent == tree.tand and refresh(tree.blovstrod).node.parent_id == tree.tand.pk
    )
    assert refresh(tree.lillerod).name == "Tandplejen Lillerød Skole"
    assert (
        list(AuditEvent.objects.filter(seq__gt=events).values_list("action", flat=True))
        == ["hierarchy.unit.apply_due"] * 2
    )
    assert "konsistente" in run()
    # and on the day, the nightly run projects the changes as usual
    assert services.apply_due_changes(on=future) == 2
    assert refresh(tree.blovstrod).parent == tree.skole


def test_a_node_moved_alone_is_reported(tree):
    from hierarchy.models import UnitNode

    UnitNode.objects.filter(pk=tree.blovstrod.pk).update(parent_id=tree.skole.pk)
    Unit.objects.filter(pk=tree.blovstrod.pk).update(parent_id=tree.skole.pk)
    assert [p.split(":")[0] for p in projection_problems()] == [tree.blovstrod.sor_id]
