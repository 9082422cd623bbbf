"""manage.py validate_addresses: addresses typed while the service was down get their DAR ids."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from addresses.models import Address
from addresses.services import AddressInput, address_get_or_create
from audit.models import AuditEvent

from .conftest import answer_gadekaeret

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("validate_addresses", *args, stdout=out)
    return out.getvalue()


def typed_while_down(av, **parts):
    av.answer("/husnumre/soeg", b"", status=503)
    address = address_get_or_create(AddressInput("3540", "Ved Gadekæret", **parts), field="postal_address")
    cache.clear()
    assert address.dar_label == "Ikke valideret"
    return address


def test_offline_provider_has_nothing_to_validate():
    assert "Ingen adresseservice er sat op" in run()


def test_validates_once_audits_and_is_idempotent(av_settings, av):
    address = typed_while_down(av, house_number="15A", floor="2", door="222")
    unknown = typed_while_down(av, house_number="99")
    answer_gadekaeret(av)

    dry = run("--dry-run")
    assert "Ville blive valideret: 1" in dry
    assert not Address.objects.get(pk=address.pk).is_dar_validated

    out = run()
    assert "Kontrolleret: 2. Valideret: 1. Ikke fundet i DAR: 1." in out
    address.refresh_from_db()
    assert (address.validation, address.dar_house_number_id, address.dar_id) == (
        Address.Validation.PROVIDER,
        "6c1d2b0e-3a7f-4c1e-9d41-2f0b5e8a7c15",
        "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e22",
    )
    assert (address.street_name, address.house_number, address.floor, address.door) == (
        "Ved Gadekæret",
        "15A",
        "2",
        "222",
    )
    (event,) = AuditEvent.objects.filter(action="addresses.address.validate")
    assert (event.object_id, event.before["dar_id"], event.after["dar_id"]) == (
        str(address.pk),
        "",
        "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e22",
    )
    assert event.source == "command:validate_addresses"

    again = run()
    assert "Kontrolleret: 1. Valideret: 0. Ikke fundet i DAR: 1." in again
    assert AuditEvent.objects.filter(action="addresses.address.validate").count() == 1
    assert not Address.objects.get(pk=unknown.pk).is_dar_validated


def test_stops_when_the_service_is_down(av_settings, av):
    typed_while_down(av, house_number="15A")
    av.answer("/husnumre/soeg", b"", status=500)
    out = run()
    assert "Adresseservicen svarer ikke" in out
    assert "Valideret: 0" in out
    assert not AuditEvent.objects.filter(action="addresses.address.validate").exists()
