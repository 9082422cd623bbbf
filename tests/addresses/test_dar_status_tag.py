"""{% dar_status %} beside an address in the unit panel."""

import pytest
from django.template import Context, Template

from addresses.services import AddressInput, address_get_or_create

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load addresses %}{% dar_status address %}")


def render(address) -> str:
    return TEMPLATE.render(Context({"address": address})).strip()


def test_validated_unvalidated_and_offline(settings):
    address = address_get_or_create(AddressInput("3540", "Ved Gadekæret", "15A"), field="postal_address")
    assert render(address) == ""  # offline provider: nothing can be validated, nothing is said
    settings.ADDRESS_PROVIDER = "adressevaelger"
    assert render(address) == '<span class="sor-note sor-dar sor-dar--pending">Ikke valideret</span>'
    address.dar_house_number_id = "6c1d2b0e-3a7f-4c1e-9d41-2f0b5e8a7c15"
    assert render(address) == '<span class="sor-note sor-dar sor-dar--ok">Valideret i DAR</span>'
    assert render(None) == ""
