"""R1 (who may create) and R2 (the create rules)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from addresses.services import AddressInput
from audit.models import AuditEvent
from hierarchy import selectors, services
from hierarchy.identifiers import sor_id_problem
from hierarchy.models import Unit, UnitType, UnitVersion
from tests import factories
from tests.factories import UnitDataFactory


def create(actor, parent, **kwargs):
    kwargs.setdefault("data", UnitDataFactory(name="Tandplejen Engholm Skole"))
    kwargs.setdefault("reason", "Testændring")
    return services.unit_create(actor=actor, kind="OE", parent=parent, **kwargs)


def messages(exc_info, key):
    return exc_info.value.message_dict[key]


class TestCreatePermissions:
    def test_municipal_admin_creates_oe_under_own_kommune(self, tree, municipal_admin, today):
        unit = create(municipal_admin, tree.tand)
        assert unit.parent == tree.tand
        assert unit.tree_id == tree.ie.tree_id
        assert sor_id_problem(unit.sor_id) is None

    def test_municipal_admin_cannot_create_under_other_kommune(
        self, tree, other_kommune, municipal_admin, today
    ):
        other_si = factories.si(other_kommune)
        with pytest.raises(PermissionDenied, match="uden for din kommunes organisation"):
            create(municipal_admin, other_si)
        assert not Unit.objects.filter(name="Tandplejen Engholm Skole").exists()

    def test_municipal_admin_cannot_create_si(self, tree, municipal_admin, today):
        with pytest.raises(PermissionDenied, match="vedligeholdes af Sundhedsdatastyrelsen"):
            services.unit_create(
                actor=municipal_admin, kind="SI", parent=tree.ie, data=UnitDataFactory(), reason="Testændring"
            )

    def test_user_without_role_cannot_create(self, tree, support_user, today):
        with pytest.raises(PermissionDenied, match="ikke en SOR-administratorrolle"):
            create(support_user, tree.tand)

    def test_sds_creates_si_under_ie(self, tree, sds_user, today):
        data = UnitDataFactory(unit_type=UnitType.objects.get(code=factories.SUNDHEDSFORVALTNING))
        si = services.unit_create(actor=sds_user, kind="SI", parent=tree.ie, data=data, reason="Testændring")
        assert si.kind == "SI" and si.parent == tree.ie


class TestCreateRules:
    def test_default_valid_from_is_today_plus_7(self, tree, municipal_admin, today):
        unit = create(municipal_admin, tree.tand)
        assert unit.valid_from == today + timedelta(days=7)
        version = unit.versions.get()
        assert version.valid_from == today + timedelta(days=7) and version.valid_to is None

    def test_valid_from_today_is_allowed(self, tree, municipal_admin, today):
        assert create(municipal_admin, tree.tand, valid_from=today).valid_from == today

    def test_valid_from_in_the_past_is_refused_for_municipal_admin(self, tree, municipal_admin, today):
        with pytest.raises(ValidationError) as exc:
            create(municipal_admin, tree.tand, valid_from=today - timedelta(days=1))
        assert messages(exc, "valid_from") == ["Datoen må ikke ligge før dags dato (02-03-2026)."]

    def test_parent_must_be_si_or_oe(self, tree, municipal_admin, today):
        with pytest.raises(ValidationError) as exc:
            create(municipal_admin, tree.ie)
        assert "sundhedsinstitution (SI) eller en anden organisatorisk enhed" in messages(exc, "parent")[0]

    def test_parent_must_be_active_on_the_date(self, tree, municipal_admin, today):
        future_parent = factories.oe(tree.si, "Ny enhed", valid_from=today + timedelta(days=30))
        with pytest.raises(ValidationError) as exc:
            create(municipal_admin, future_parent, valid_from=today + timedelta(days=7))
        assert "er ikke aktiv pr. 09-03-2026" in messages(exc, "parent")[0]
        assert (
            create(municipal_admin, future_parent, valid_from=today + timedelta(days=30)).parent
            == future_parent
        )

    @pytest.mark.parametrize("name", ["", "   ", "x" * 61])
    def test_name_is_1_to_60_characters(self, tree, municipal_admin, today, name):
        with pytest.raises(ValidationError) as exc:
            create(municipal_admin, tree.tand, data=UnitDataFactory(name=name))
        assert messages(exc, "name") == [services.MSG_NAME]

    def test_sixty_character_name_is_accepted(self, tree, municipal_admin, today):
        assert create(municipal_admin, tree.tand, data=UnitDataFactory(name="x" * 60)).name == "x" * 60

    def test_enhedstype_must_be_a_unit_type_not_an_owner_type(self, tree, municipal_admin, today):
        kommune_type = UnitType.objects.get(code=factories.KOMMUNE)
        with pytest.raises(ValidationError) as exc:
            create(municipal_admin, tree.tand, data=UnitDataFactory(unit_type=kommune_type))
        assert messages(exc, "unit_type") == [services.MSG_UNIT_TYPE]
        with pytest.raises(ValidationError):
            create(municipal_admin, tree.tand, data=UnitDataFactory(unit_type=None))

    def test_telephone_is_mandatory(self, tree, municipal_admin, today):
        with pytest.raises(ValidationError) as exc:
            create(municipal_admin, tree.tand, data=UnitDataFactory(phone=""))
        assert messages(exc, "phone") == ["Telefonnummer er obligatorisk."]
        assert not Unit.objects.filter(name="Tandplejen Engholm Skole").exists()

    @pytest.mark.parametrize("phone", ["123", "48 10 ab 00", "1" * 21])
    def test_telephone_format(self, tree, municipal_admin, today, phone):
        with pytest.raises(ValidationError) as exc:
            create(municipal_admin, tree.tand, data=UnitDataFactory(phone=phone))
        assert messages(exc, "phone") == [services.MSG_PHONE_FORMAT]

    def test_email_and_website_are_optional_but_validated(self, tree, municipal_admin, today):
        unit = create(municipal_admin, tree.tand, data=UnitDataFactory(email="", website="www.alleroed.dk"))
        assert unit.email == "" and unit.website == "https://www.alleroed.dk"
        with pytest.raises(ValidationError) as exc:
            create(municipal_admin, tree.tand, data=UnitDataFactory(email="ikke-en-mail", website="http://"))
        assert messages(exc, "email") == [services.MSG_EMAIL]
        assert messages(exc, "website") == [services.MSG_WEBSITE]

    def test_postal_address_is_required(self, tree, municipal_admin, today):
        with pytest.raises(ValidationError) as exc:
            create(municipal_admin, tree.tand, data=UnitDataFactory(postal_address=None))
        assert messages(exc, "postal_address") == ["Postadresse er obligatorisk."]

    def test_unknown_postal_code_is_refused(self, tree, municipal_admin, today):
        bad = AddressInput(postal_code="0000", street_name="Bjarkesvej", house_number="2")
        with pytest.raises(ValidationError) as exc:
            create(municipal_admin, tree.tand, data=UnitDataFactory(postal_address=bad))
        assert "0000 findes ikke" in messages(exc, "postal_address_postal_code")[0]

    def test_same_as_addresses(self, tree, municipal_admin, today):
        unit = create(municipal_admin, tree.tand)
        assert unit.visiting_address is None and unit.activity_address is None
        details = selectors.unit_details(unit)
        assert details.visiting_address.value == unit.postal_address
        assert details.activity_address.value == unit.postal_address

    def test_own_visiting_and_activity_addresses(self, tree, municipal_admin, today):
        data = UnitDataFactory(
            visiting_same_as_postal=False,
            visiting_address=factories.address("3540", "Ved Gadekæret", "15A"),
            activity_same_as_visiting=False,
            activity_address=None,
        )
        with pytest.raises(ValidationError) as exc:
            create(municipal_admin, tree.tand, data=data)
        assert messages(exc, "activity_address") == [services.MSG_ACTIVITY_REQUIRED]
        data.activity_same_as_visiting = True
        unit = create(municipal_admin, tree.tand, data=data)
        details = selectors.unit_details(unit)
        assert details.activity_address.value.street_name == "Ved Gadekæret"
        assert details.visiting_address.value.postal_code_id == "3540"

    def test_refused_create_writes_nothing(self, tree, municipal_admin, today):
        counts = (Unit.objects.count(), UnitVersion.objects.count(), AuditEvent.objects.count())
        with pytest.raises(ValidationError):
            create(municipal_admin, tree.tand, data=UnitDataFactory(phone="", name=""))
        assert counts == (Unit.objects.count(), UnitVersion.objects.count(), AuditEvent.objects.count())

    def test_create_is_audited(self, tree, municipal_admin, today):
        unit = create(municipal_admin, tree.tand, reason="Ny skole")
        event = AuditEvent.objects.get(action="hierarchy.unit.create", object_id=unit.sor_id)
        assert event.actor == municipal_admin and event.actor_name == "admin.test"
        assert event.reason == "Ny skole" and event.effective_date == unit.valid_from
        assert event.scope_id == tree.ie.sor_id
        assert event.before is None and event.after["name"] == "Tandplejen Engholm Skole"
        assert not {"lft", "rght", "tree_id", "level"} & set(event.after)

    def test_given_sor_id_must_be_valid_and_unused(self, tree, sds_user, today):
        with pytest.raises(ValidationError) as exc:
            create(sds_user, tree.tand, sor_id="311000016008")
        assert "kontrolciffer" in messages(exc, "sor_id")[0]
        with pytest.raises(ValidationError) as exc:
            create(sds_user, tree.tand, sor_id=tree.ie.sor_id)
        assert "allerede i brug" in messages(exc, "sor_id")[0]

    def test_generated_sor_ids_are_unique_and_valid(self, tree, municipal_admin, today):
        ids = {create(municipal_admin, tree.tand).sor_id for _ in range(5)}
        assert len(ids) == 5 and all(sor_id_problem(i) is None for i in ids)


def test_unknown_street_error_keeps_its_code_for_the_gui(tree, municipal_admin, today):
    unknown = AddressInput(postal_code="3450", street_name="Opdigtet Vej", house_number="1")
    with pytest.raises(ValidationError) as exc:
        create(municipal_admin, tree.tand, data=UnitDataFactory(postal_address=unknown))
    assert [e.code for e in exc.value.error_dict["postal_address_street_name"]] == ["unknown_street"]
    confirmed = AddressInput(
        postal_code="3450", street_name="Opdigtet Vej", house_number="1", confirm_unknown_street=True
    )
    assert create(municipal_admin, tree.tand, data=UnitDataFactory(postal_address=confirmed)).postal_address
