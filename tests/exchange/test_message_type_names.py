"""Issue 23 item 7: MedCom can tell every message type apart. The CSV
(data/sor/medcom-edi-meddelelsestyper.csv) has two "hospitalnotification" 3.0, format fhir, with
the same name; only their URNs differ (a StructureDefinition and a message definition)."""

import csv
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from exchange import location_numbers
from hierarchy.models import EdiMessageType, LocationNumber

GLN = "5790000123117"
CSV = Path(settings.BASE_DIR) / "data" / "sor" / "medcom-edi-meddelelsestyper.csv"
MESSAGE_URN = (
    "urn:dk:healthcare:medcom:messaging:fhir:structuredefinition::hospitalnotification-message"
    "##urn:dk:medcom:fhir:hospitalnotification-message::3.0"
)
PROFILE_URN = "urn:dk:healthcare:medcom:messaging:fhir:structuredefinition:hospitalnotification:3.0"


@pytest.fixture
def twins(db):
    return EdiMessageType.objects.get(urn=PROFILE_URN), EdiMessageType.objects.get(urn=MESSAGE_URN)


def test_every_message_type_of_the_csv_has_its_own_name(db):
    with CSV.open(encoding="utf-8") as f:
        urns = [row["urn"] for row in csv.DictReader(f)]
    names = [str(t) for t in EdiMessageType.objects.filter(urn__in=urns)]
    assert len(names) == len(urns) == len(set(names))


def test_the_two_hospitalnotifications_are_named_by_their_urn(twins):
    profile, message = twins
    assert str(profile) == "hospitalnotification (3.0)"
    assert str(message) == "hospitalnotification (3.0, hospitalnotification-message)"
    # Types whose URN says no more than the code keep their short name.
    assert str(EdiMessageType.objects.get(code="XDIS19")) == "XDIS19 (XD1934C)"


def test_the_gui_page_tells_them_apart(client, tree, medcom_user, twins):
    number = location_numbers.location_number_create(
        actor=None, unit=tree.tand, gln=GLN, message_types=list(twins), reason="Testændring"
    )
    client.force_login(medcom_user)
    page = client.get(reverse("exchange_gui:location_number", args=[GLN])).content.decode()
    # The list of the number's types and the checkboxes MedCom ticks.
    assert (
        f'<abbr title="{MESSAGE_URN}">hospitalnotification (3.0, hospitalnotification-message)</abbr>' in page
    )
    assert f'<abbr title="{PROFILE_URN}">hospitalnotification (3.0)</abbr>' in page
    assert page.count("hospitalnotification (3.0, hospitalnotification-message)") == 2
    assert LocationNumber.objects.get(pk=number.pk).message_types.count() == 2


def test_the_unit_panel_tells_them_apart(client, tree, municipal_admin, twins):
    location_numbers.location_number_create(
        actor=None, unit=tree.tand, gln=GLN, message_types=list(twins), reason="Testændring"
    )
    client.force_login(municipal_admin)
    page = client.get(reverse("hierarchy:unit_detail", args=[tree.tand.sor_id])).content.decode()
    assert "hospitalnotification (3.0, hospitalnotification-message)</abbr>" in page
    assert "hospitalnotification (3.0)</abbr>" in page


def test_the_admin_list_shows_the_urn(client, medcom_user, twins):
    client.force_login(medcom_user)
    page = client.get(
        reverse("admin:hierarchy_edimessagetype_changelist"), {"q": "hospitalnotification-message"}
    ).content.decode()
    assert MESSAGE_URN in page and PROFILE_URN not in page
    page = client.get(reverse("admin:hierarchy_edimessagetype_changelist"), {"q": "hospitalnotification"})
    assert MESSAGE_URN in page.content.decode() and PROFILE_URN in page.content.decode()
