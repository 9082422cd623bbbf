"""R4 (move rules) and R7 (Kommunens kommunikation, lokationsnummer impact)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from exchange import location_numbers
from hierarchy import services
from hierarchy.models import Unit
from tests import factories
from tests.factories import refresh


def move(actor, unit, new_parent, day, **kwargs):
    kwargs.setdefault("reason", "Omorganisering")
    return services.unit_move(actor=actor, unit=unit, new_parent=new_parent, effective_date=day, **kwargs)


def test_move_tomorrow_is_the_earliest(tree, municipal_admin, today):
    tomorrow = today + timedelta(days=1)
    unit = move(municipal_admin, tree.blovstrod, tree.skole, tomorrow)
    assert unit.parent == tree.tand  # still under the old parent today
    assert unit.versions.get(valid_from=tomorrow).parent == tree.skole


def test_move_dated_today_is_refused(tree, municipal_admin, today):
    with pytest.raises(ValidationError) as exc:
        move(municipal_admin, tree.blovstrod, tree.skole, today)
    assert exc.value.message_dict["effective_date"] == [
        "Dato for flytning skal tidligst være i morgen (03-03-2026)."
    ]
    assert tree.blovstrod.versions.count() == 1


def test_move_any_later_date_is_allowed(tree, municipal_admin, today):
    day = today + timedelta(days=400)
    unit = move(municipal_admin, tree.blovstrod, tree.skole, day)
    assert unit.versions.get(valid_from=day).parent == tree.skole


def test_move_outside_own_kommune_is_refused(tree, other_kommune, municipal_admin, today):
    target = factories.oe(factories.si(other_kommune), "Aarhus-enhed")
    with pytest.raises(ValidationError) as exc:
        move(municipal_admin, tree.blovstrod, target, today + timedelta(days=1))
    assert "Flytning skal foretages inden for egen kommune" in exc.value.message_dict["new_parent"][0]
    assert tree.blovstrod.versions.count() == 1


def test_move_of_other_kommunes_unit_is_refused(tree, other_kommune, municipal_admin, today):
    other_si = factories.si(other_kommune)
    foreign = factories.oe(other_si, "Fremmed")
    with pytest.raises(PermissionDenied):
        move(municipal_admin, foreign, other_si, today + timedelta(days=1))


def test_move_under_itself_or_a_descendant_is_refused(tree, municipal_admin, today):
    day = today + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        move(municipal_admin, tree.tand, tree.tand, day)
    assert exc.value.message_dict["new_parent"] == [services.MSG_MOVE_SELF]
    with pytest.raises(ValidationError) as exc:
        move(municipal_admin, tree.tand, tree.blovstrod, day)
    assert "en af sine egne underenheder" in exc.value.message_dict["new_parent"][0]


def test_move_under_a_future_descendant_is_refused(tree, municipal_admin, today):
    """Blovstrød Skole becomes a child of Tandpleje in 10 days; moving Tandpleje under it in 20
    days would make a cycle then."""
    move(municipal_admin, tree.skole, tree.tand, today + timedelta(days=10))
    with pytest.raises(ValidationError) as exc:
        move(municipal_admin, refresh(tree.tand), tree.skole, today + timedelta(days=20))
    assert "underenheder" in exc.value.message_dict["new_parent"][0]


def test_move_under_the_ie_is_refused_for_an_oe(tree, municipal_admin, today):
    with pytest.raises(ValidationError) as exc:
        move(municipal_admin, tree.blovstrod, tree.ie, today + timedelta(days=1))
    assert exc.value.message_dict["new_parent"] == [services.MSG_PARENT_KIND]


def test_new_parent_must_be_active_on_the_move_date(tree, municipal_admin, today):
    future = factories.oe(tree.si, "Kommende enhed", valid_from=today + timedelta(days=30))
    with pytest.raises(ValidationError) as exc:
        move(municipal_admin, tree.blovstrod, future, today + timedelta(days=1))
    assert "er ikke aktiv pr. 03-03-2026" in exc.value.message_dict["new_parent"][0]
    assert move(municipal_admin, tree.blovstrod, future, today + timedelta(days=30))


def test_new_parent_closing_before_the_unit_is_refused(tree, municipal_admin, today):
    closing = factories.oe(tree.si, "Lukker snart")
    services.unit_close(
        actor=municipal_admin, unit=closing, closing_date=today + timedelta(days=7), reason="Lukkes"
    )
    with pytest.raises(ValidationError) as exc:
        move(municipal_admin, tree.blovstrod, closing, today + timedelta(days=1))
    assert "lukker pr. 09-03-2026" in exc.value.message_dict["new_parent"][0]


def test_move_requires_a_reason(tree, municipal_admin, today):
    with pytest.raises(ValidationError) as exc:
        move(municipal_admin, tree.blovstrod, tree.skole, today + timedelta(days=1), reason=" ")
    assert exc.value.message_dict["reason"] == [services.MSG_REASON_REQUIRED]


def test_move_is_audited_with_from_and_to(tree, municipal_admin, today):
    move(municipal_admin, tree.blovstrod, tree.skole, today + timedelta(days=1))
    event = AuditEvent.objects.get(action="hierarchy.unit.move")
    assert event.after["from_parent"] == tree.tand.sor_id
    assert event.after["to_parent"] == tree.skole.sor_id
    assert event.effective_date == today + timedelta(days=1)
    assert event.reason == "Omorganisering"


class TestKommunensKommunikation:
    """R7: units of Kommunens kommunikation stay as they are for municipal administrators."""

    @pytest.fixture
    def advis(self, tree):
        unit = factories.oe(tree.si, "Sygehusadviser, Allerød Kommune", is_municipal_communication=True)
        location_numbers.location_number_create(
            actor=None,
            unit=unit,
            gln="5790000173624",
            message_types=services.message_types_by_code("DIS20"),
            reason="Testændring",
        )
        return refresh(unit)

    def test_municipal_admin_cannot_move_it(self, tree, advis, municipal_admin, today):
        with pytest.raises(PermissionDenied, match="Kommunens kommunikation"):
            move(municipal_admin, advis, tree.tand, today + timedelta(days=1), confirm_impact=True)
        assert refresh(advis).versions.count() == 1

    def test_municipal_admin_cannot_close_it(self, advis, municipal_admin, today):
        with pytest.raises(PermissionDenied, match="Kommunens kommunikation"):
            services.unit_close(actor=municipal_admin, unit=advis, reason="Ryd op", confirm_impact=True)
        assert refresh(advis).valid_to is None

    def test_sds_can_move_it_after_confirming_the_impact(self, tree, advis, sds_user, today):
        with pytest.raises(services.ImpactConfirmationRequired) as exc:
            move(sds_user, advis, tree.tand, today + timedelta(days=1))
        assert exc.value.impact["own"]["gln"] == "5790000173624"
        assert move(sds_user, advis, tree.tand, today + timedelta(days=1), confirm_impact=True)


class TestLocationNumberImpact:
    @pytest.fixture
    def carrier(self, tree):
        location_numbers.location_number_create(
            actor=None,
            unit=tree.tand,
            gln="5790002508226",
            message_types=services.message_types_by_code("XDIS19", "DIS91"),
            reason="Testændring",
        )
        return refresh(tree.tand)

    def test_moving_a_unit_with_its_own_gln_needs_confirmation(self, tree, carrier, municipal_admin, today):
        day = today + timedelta(days=1)
        with pytest.raises(services.ImpactConfirmationRequired) as exc:
            move(municipal_admin, carrier, tree.skole, day)
        impact = exc.value.impact
        assert impact["own"]["gln"] == "5790002508226"
        assert sorted(impact["own"]["message_types"]) == ["DIS91 (D9134L)", "XDIS19 (XD1934C)"]
        assert {u["name"] for u in impact["subunits"]} == {
            "Tandplejen Blovstrød Skole",
            "Tandplejen Lillerød Skole",
        }
        assert carrier.versions.count() == 1
        move(municipal_admin, carrier, tree.skole, day, confirm_impact=True)
        event = AuditEvent.objects.get(action="hierarchy.unit.move")
        assert event.after["impact"]["own"]["gln"] == "5790002508226"

    def test_moving_away_from_an_inherited_gln_needs_confirmation(
        self, tree, carrier, municipal_admin, today
    ):
        with pytest.raises(services.ImpactConfirmationRequired) as exc:
            move(municipal_admin, tree.blovstrod, tree.skole, today + timedelta(days=1))
        assert exc.value.impact["before"]["gln"] == "5790002508226"
        assert exc.value.impact["after"] is None

    def test_moving_without_any_gln_involved_needs_no_confirmation(self, tree, municipal_admin, today):
        assert move(municipal_admin, tree.blovstrod, tree.skole, today + timedelta(days=1))


def test_sds_can_move_between_kommuner(tree, other_kommune, sds_user, today):
    other_si = factories.si(other_kommune)
    unit = move(sds_user, tree.lillerod, other_si, today)
    assert unit.parent == other_si and unit.tree_id == other_kommune.tree_id
    assert Unit.objects.get(pk=tree.tand.pk).node.get_descendant_count() == 1


def test_municipal_admin_cannot_create_under_a_communication_unit(tree, municipal_admin, today):
    advis = factories.oe(tree.si, "Sygehusadviser, Allerød Kommune", is_municipal_communication=True)
    data = services.UnitData.from_unit(tree.blovstrod)
    with pytest.raises(PermissionDenied, match="Kommunens kommunikation"):
        services.unit_create(actor=municipal_admin, kind="OE", parent=advis, data=data, reason="Testændring")
    assert not advis.node.get_children().exists() and not advis.children.exists()


class TestNoNewChildrenUnderKommunensKommunikation:
    """R7: a Kommunens kommunikation unit takes no new children, by create or by move."""

    @pytest.fixture
    def advis(self, tree):
        return factories.oe(tree.si, "Sygehusadviser, Allerød Kommune", is_municipal_communication=True)

    def test_municipal_admin_cannot_move_an_oe_under_it(self, tree, advis, municipal_admin, today):
        with pytest.raises(ValidationError, match="Kommunens kommunikation") as exc:
            move(municipal_admin, tree.blovstrod, advis, today + timedelta(days=1), confirm_impact=True)
        assert "new_parent" in exc.value.message_dict
        assert refresh(tree.blovstrod).versions.count() == 1
        assert not AuditEvent.objects.filter(action="hierarchy.unit.move").exists()

    def test_municipal_admin_moves_an_oe_elsewhere(self, tree, advis, municipal_admin, today):
        assert move(municipal_admin, tree.blovstrod, tree.skole, today + timedelta(days=1))

    def test_sds_may_move_an_oe_under_it(self, tree, advis, sds_user, today):
        assert move(sds_user, tree.blovstrod, advis, today + timedelta(days=1), confirm_impact=True)


def test_validate_only_runs_the_checks_and_writes_nothing(tree, municipal_admin, today):
    unit = tree.blovstrod
    revision, events = unit.revision, AuditEvent.objects.count()
    checked = move(municipal_admin, unit, tree.skole, today + timedelta(days=1), validate_only=True)
    assert checked.pk == unit.pk
    assert refresh(unit).revision == revision and unit.versions.count() == 1
    assert refresh(unit).parent == tree.tand
    assert AuditEvent.objects.count() == events


def test_validate_only_still_refuses(tree, municipal_admin, today):
    with pytest.raises(ValidationError) as exc:
        move(municipal_admin, tree.blovstrod, tree.blovstrod, today + timedelta(days=1), validate_only=True)
    assert exc.value.message_dict["new_parent"] == [services.MSG_MOVE_SELF]
    with pytest.raises(ValidationError) as exc:
        move(municipal_admin, tree.blovstrod, tree.skole, today, reason="", validate_only=True)
    assert set(exc.value.message_dict) == {"effective_date", "reason"}
    assert not AuditEvent.objects.filter(action="hierarchy.unit.move").exists()
