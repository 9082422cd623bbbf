"""R6: lokationsnumre are unique, GS1-valid, maintained by SDS (numbers) and MedCom (message
types) only, and inherited down the tree with all their message types."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from exchange import location_numbers
from hierarchy import services
from hierarchy.models import LocationNumber
from tests.factories import refresh

GLN = "5790000123117"


@pytest.fixture
def carrier(tree):
    return location_numbers.location_number_create(
        actor=None,
        unit=tree.tand,
        gln=GLN,
        message_types=services.message_types_by_code("XDIS19", "DIS91"),
        reason="Testændring",
    )


def test_sds_creates_a_gln(tree, sds_user):
    number = location_numbers.location_number_create(actor=sds_user, unit=tree.si, gln=GLN, reason="Ny EOJ")
    assert number.unit == tree.si
    assert AuditEvent.objects.get(action="exchange.location_number.create").object_id == GLN


def test_municipal_admin_cannot_create_a_gln(tree, municipal_admin):
    with pytest.raises(PermissionDenied, match="Lokationsnumre vedligeholdes af Sundhedsdatastyrelsen"):
        location_numbers.location_number_create(
            actor=municipal_admin, unit=tree.tand, gln=GLN, reason="Testændring"
        )
    assert not LocationNumber.objects.exists()


def test_medcom_cannot_create_a_gln(tree, medcom_user):
    with pytest.raises(PermissionDenied):
        location_numbers.location_number_create(
            actor=medcom_user, unit=tree.tand, gln=GLN, reason="Testændring"
        )


def test_gln_must_pass_the_gs1_check(tree, sds_user):
    with pytest.raises(ValidationError) as exc:
        location_numbers.location_number_create(
            actor=sds_user, unit=tree.tand, gln="5790000123118", reason="Testændring"
        )
    assert "kontrolciffer" in exc.value.message_dict["gln"][0]


def test_a_closed_gln_is_never_handed_out_again(tree, carrier, sds_user, today):
    from datetime import timedelta

    from exchange.location_numbers import location_number_close

    location_number_close(
        actor=sds_user, location_number=carrier, closing_date=today - timedelta(days=1), reason="Nedlagt"
    )
    assert not LocationNumber.objects.filter(gln=GLN).exists()  # off the register
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        location_numbers.location_number_create(actor=sds_user, unit=tree.skole, gln=GLN, reason="Genbrug")
    assert exc.value.message_dict["gln"] == [
        f"Lokationsnummeret {GLN} har været brugt og er lukket pr. "
        f"{(today - timedelta(days=1)):%d-%m-%Y}; det kan ikke genbruges."
    ]
    assert not LocationNumber.objects.filter(gln=GLN).exists()
    assert AuditEvent.objects.count() == events_before
    # another, never used GLN is still fine on the same unit
    assert (
        location_numbers.location_number_create(
            actor=sds_user, unit=tree.skole, gln="5790000123124", reason="Testændring"
        ).unit
        == tree.skole
    )


def test_gln_is_unique_across_the_register(tree, carrier, sds_user):
    with pytest.raises(ValidationError) as exc:
        location_numbers.location_number_create(
            actor=sds_user, unit=tree.skole, gln=GLN, reason="Testændring"
        )
    assert exc.value.message_dict["gln"] == [f"Lokationsnummeret {GLN} er allerede i brug i SOR."]


def test_an_ie_may_carry_a_gln_as_in_real_sor_data(tree, sds_user):
    """The XSD gives InstitutionOwner an optional EanLocationCodeEntity, and the real pharmacy
    sample (data/sor: Værløse Apotek) carries one on its IE."""
    assert (
        location_numbers.location_number_create(
            actor=sds_user, unit=tree.ie, gln=GLN, reason="Testændring"
        ).unit
        == tree.ie
    )


def test_unit_without_own_gln_inherits_nearest_ancestors_with_all_types(tree, carrier):
    inherited = services.inherited_location_number(refresh(tree.blovstrod))
    assert inherited.gln == GLN and inherited.unit == tree.tand
    assert {t.code for t in inherited.message_types.all()} == {"XDIS19", "DIS91"}
    assert services.inherited_location_number(refresh(tree.skole)) is None


def test_own_gln_wins_over_the_inherited_one(tree, carrier):
    location_numbers.location_number_create(
        actor=None, unit=tree.blovstrod, gln="5790002508226", reason="Testændring"
    )
    assert services.inherited_location_number(refresh(tree.blovstrod)).gln == "5790002508226"
    assert services.inherited_location_number(refresh(tree.lillerod)).gln == GLN


def test_medcom_maintains_message_types(carrier, medcom_user):
    location_numbers.location_number_set_message_types(
        actor=medcom_user,
        location_number=carrier,
        message_types=services.message_types_by_code("XDIS15"),
        reason="Afslutningsnotat",
    )
    assert [t.code for t in refresh(carrier).message_types.all()] == ["XDIS15"]
    event = AuditEvent.objects.get(action="exchange.location_number.set_message_types")
    assert len(event.before["message_types"]) == 2 and len(event.after["message_types"]) == 1


def test_municipal_admin_cannot_change_message_types(carrier, municipal_admin):
    with pytest.raises(PermissionDenied):
        location_numbers.location_number_set_message_types(
            actor=municipal_admin, location_number=carrier, message_types=[], reason="Testændring"
        )
    assert refresh(carrier).message_types.count() == 2


def test_setting_the_same_message_types_writes_nothing(carrier, medcom_user):
    events = AuditEvent.objects.count()
    with pytest.raises(services.NoChanges):
        location_numbers.location_number_set_message_types(
            actor=medcom_user,
            location_number=carrier,
            message_types=services.message_types_by_code("DIS91", "XDIS19"),
            reason="Uændret",
        )
    assert AuditEvent.objects.count() == events


def test_message_types_changed_since_opened_are_not_overwritten(carrier, medcom_user):
    opened = set(carrier.message_types.values_list("pk", flat=True))
    location_numbers.location_number_set_message_types(
        actor=None,
        location_number=carrier,
        message_types=services.message_types_by_code("DIS91"),
        reason="Testændring",
    )
    with pytest.raises(ValidationError) as exc:
        location_numbers.location_number_set_message_types(
            actor=medcom_user,
            location_number=carrier,
            message_types=services.message_types_by_code("XDIS15"),
            expected_message_types=opened,
            reason="Testændring",
        )
    assert exc.value.code == "stale"
    assert {t.code for t in refresh(carrier).message_types.all()} == {"DIS91"}
