"""The demo register's requests (seed_demo calls change_requests.demo.seed_requests)."""

import pytest

from change_requests.demo import seed_requests
from change_requests.models import ChangeRequest
from exchange import location_numbers
from hierarchy.identifiers import make_gln

pytestmark = pytest.mark.django_db


def test_every_state_once_and_not_twice(demo, allerod, aarhus, sds, medcom, types, mailoutbox):
    location_numbers.location_number_create(
        actor=None, unit=demo.si, gln=make_gln("579000999001"), message_types=types[:1], reason="Demo"
    )
    made = seed_requests(allerod=allerod, aarhus=aarhus, sds=sds, medcom=medcom)
    statuses = set(ChangeRequest.objects.values_list("status", flat=True))
    assert statuses == set(ChangeRequest.Status.values)
    assert made == ChangeRequest.objects.count() == 7
    assert ChangeRequest.objects.filter(awaiting_reply=True).exists()
    assert seed_requests(allerod=allerod, aarhus=aarhus, sds=sds, medcom=medcom) == 0
    assert mailoutbox == []
