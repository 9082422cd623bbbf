"""The three real SOR XML fragments (samples/README.md) import field by field."""

from datetime import date

import pytest

from audit.models import AuditEvent
from exchange.models import LocationNumberExtra, SorExtra
from hierarchy.models import LocationNumber, Unit, UnitVersion

from .helpers import run_import, sample

PRIVAT = "550891000005100"


def unit(sor_id) -> Unit:
    return Unit.objects.select_related(
        "unit_type", "parent", "postal_address__postal_code", "owner_type", "sor_extra"
    ).get(sor_id=sor_id)


def test_sygehus_private_eye_clinic(db):
    result = run_import(sample("sygehus"))
    assert (result.created, result.changed, result.units) == (4, 0, 4)

    ie = unit("347801000016001")
    assert (ie.kind, ie.name, ie.unit_type_id, ie.owner_type_id) == (
        "IE",
        "Roskilde Øjenklinik",
        PRIVAT,
        PRIVAT,
    )
    assert ie.parent is None and ie.municipality is None
    assert ie.postal_address.as_dict() == {
        "street_name": "Hestetorvet",
        "house_number": "8",
        "floor": "",
        "door": "",
        "postal_code": "4000",
    }
    assert ie.postal_address.postal_code.name == "Roskilde"
    assert ie.visiting_same_as_postal
    assert (ie.phone, ie.email, ie.website) == (
        "46361266",
        "J.Thulesen@dadlnet.dk",
        "https://www.roskildeojenklinik.dk",
    )
    assert (ie.valid_from, ie.valid_to) == (date(2009, 10, 8), None)
    assert ie.sor_extra.updated_at == date(2009, 10, 1)

    si = unit("347811000016004")
    assert (si.kind, si.name, si.unit_type_id, si.parent) == ("SI", "Roskilde Øjenklinik", "22232009", ie)
    assert si.sor_extra.shak == "2529"
    assert si.sor_extra.geographical_parent_relation == 1
    assert si.postal_address is None and si.phone == ""  # inherited from the IE, as SOR says

    department = unit("347821000016008")
    assert (department.kind, department.unit_type_id, department.parent) == ("OE", "550811000005108", si)
    assert department.sor_extra.shak == "252901"
    assert department.sor_extra.unit_information == {
        "ambulant": False,
        "patients_admitted": False,
        "reporting_level": False,
    }
    # FirstFromDate 2009-10-07 lies before its SI's start: registered from the SI's date, with
    # SOR's own dates kept beside it and a warning.
    assert department.valid_from == date(2009, 10, 8)
    assert department.sor_extra.first_from_date == date(2009, 10, 7)
    assert any("347821000016008" in w and "2009-10-07" in w for w in result.warnings)

    section = unit("347831000016005")
    assert (section.name, section.unit_type_id, section.parent) == (
        "Roskilde Øjenklinik, beh. afsnit",
        "550851000005109",
        department,
    )
    assert section.sor_extra.shak == "2529010"
    assert section.sor_extra.specialities == [{"code": "394594003", "type": "51000095001"}]
    assert section.sor_extra.unit_information["patients_admitted"] is True
    assert section.phone == "" and section.postal_address is None
    assert not LocationNumber.objects.exists()


def test_apotek_pharmacy_with_gln_and_edi_attributes(db):
    run_import(sample("apotek"))
    ie = unit("306011000016003")
    assert (ie.name, ie.unit_type_id) == ("Værløse Apotek", PRIVAT)
    assert ie.postal_address.as_dict()["street_name"] == "Bymidten"
    assert ie.postal_address.as_dict()["postal_code"] == "3500"
    assert ie.phone == "42482209"
    assert ie.sor_extra.fax == "42484748"

    number = LocationNumber.objects.get(gln="5790000173624")
    assert number.unit == ie
    assert (number.system_supplier, number.communication_supplier, number.only_internal) == (
        "1001000055001",
        "41000035001",
        False,
    )
    extra = LocationNumberExtra.objects.get(location_number=number)
    assert (extra.system_type, extra.region_code, extra.edi_administrator, extra.non_active) == (
        "221000045007",
        "1084",
        "106",
        False,
    )
    assert (extra.first_from_date, extra.updated_at) == (date(1995, 2, 20), date(2009, 4, 2))

    si = unit("306021000016007")
    assert (si.unit_type_id, si.parent) == ("264372000", ie)
    pharmacy = unit("306031000016009")
    assert pharmacy.sor_extra.pharmacy_id == "362,1"
    # No UnitType in SOR: the SI's institution type (apotek), flagged as inferred.
    assert pharmacy.unit_type_id == "264372000"
    assert pharmacy.sor_extra.unit_type_inferred is True
    assert pharmacy.valid_from == date(1995, 2, 20)


def test_praksis_gp_with_provider_number_and_speciality(db):
    run_import(sample("praksis"))
    ie = unit("8321000016007")
    assert (ie.name, ie.phone, ie.sor_extra.fax) == ("Michael Filtenborg", "48300204", "48300109")
    assert ie.postal_address.as_dict()["street_name"] == "Vesterbrogade"
    assert ie.postal_address.as_dict()["postal_code"] == "3250"
    number = LocationNumber.objects.get(gln="5790000141227")
    assert (number.unit, number.system_supplier, number.communication_supplier) == (
        ie,
        "641000055002",
        "41000035001",
    )
    assert number.sor_extra.system_type == "1611000045003"
    assert number.sor_extra.edi_administrator == "116"

    si = unit("8331000016009")
    assert (si.name, si.unit_type_id) == ("Michael Filtenborg & co", "394761003")
    practice = unit("8341000016002")
    assert practice.sor_extra.provider_id == "019062"
    assert practice.sor_extra.specialities == [{"code": "408443003", "type": "51000095001"}]
    assert practice.unit_type_id == "394761003" and practice.sor_extra.unit_type_inferred
    assert (practice.valid_from, practice.valid_to) == (date(1999, 3, 25), None)


@pytest.mark.parametrize("name", ["sygehus", "apotek", "praksis"])
def test_importing_the_same_file_twice_changes_nothing(db, name):
    first = run_import(sample(name))
    events = AuditEvent.objects.count()
    versions = UnitVersion.objects.count()
    revisions = dict(Unit.objects.values_list("sor_id", "revision"))
    second = run_import(sample(name))
    assert (second.created, second.changed, second.closed) == (0, 0, 0)
    assert second.unchanged == first.created
    assert (second.gln_created, second.gln_changed, second.gln_moved, second.gln_closed) == (0, 0, 0, 0)
    assert UnitVersion.objects.count() == versions
    assert dict(Unit.objects.values_list("sor_id", "revision")) == revisions
    # Only the import event itself is new.
    assert AuditEvent.objects.count() == events + 1


def test_import_is_audited_as_one_import_event_with_counts(db):
    run_import(sample("apotek"), name="ONE_APOTEK.xml")
    event = AuditEvent.objects.get(action="exchange.sor_xml.import")
    assert event.source == "test"
    assert event.object_repr == "ONE_APOTEK.xml"
    assert event.after["created"] == 3 and event.after["gln_created"] == 1
    assert len(event.after["sha256"]) == 64
    # Each service call also wrote its own event, in the same trail.
    assert AuditEvent.objects.filter(action="hierarchy.unit.create").count() == 3
    assert AuditEvent.objects.filter(action="exchange.location_number.create").count() == 1


def test_all_three_samples_together(db):
    for name in ("sygehus", "apotek", "praksis"):
        run_import(sample(name))
    assert Unit.objects.count() == 10
    assert SorExtra.objects.count() == 10
