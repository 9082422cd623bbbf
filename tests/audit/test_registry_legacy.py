"""Legacy action codes: codes the code base no longer writes (the lokationsnummer writes moved to
exchange.location_number.*). Events stored with them keep their Danish label and are found by the
filter of the code that replaced them; record() refuses to write them again."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse

from audit import registry
from audit.models import AuditEvent
from audit.services import record

OLD = "hierarchy.location_number.create"
NEW = "exchange.location_number.create"


def test_a_legacy_code_keeps_its_label_but_is_not_writable():
    assert registry.is_legacy(OLD) and not registry.is_registered(OLD)
    assert registry.action_label(OLD) == "Lokationsnummer oprettet"
    assert OLD not in registry.actions() and NEW in registry.actions()
    assert registry.action_codes(NEW) == [NEW, OLD]
    assert registry.action_codes("hierarchy.unit.move") == ["hierarchy.unit.move"]


def test_only_a_legacy_code_is_replaced():
    with pytest.raises(ImproperlyConfigured):
        registry.register_action("x.y.z", "Noget", replaced_by=NEW)
    assert not registry.is_registered("x.y.z") and registry.action_label("x.y.z") == "x.y.z"


@pytest.mark.django_db
def test_record_refuses_a_legacy_code():
    with pytest.raises(ImproperlyConfigured, match=OLD), transaction.atomic():
        record(
            actor=None, action=OLD, object_type="hierarchy.location_number", object_id="1", object_repr="x"
        )
    assert not AuditEvent.objects.exists()


@pytest.fixture
def old_event(db, monkeypatch):
    """An event written before the codes changed (as existing databases hold them)."""
    with monkeypatch.context() as m:
        m.setattr(registry, "is_registered", lambda code: True)
        with transaction.atomic():
            record(
                actor=None,
                action=OLD,
                object_type="hierarchy.location_number",
                object_id="5790000123117",
                object_repr="5790000123117 på Tandplejen",
                before=None,
                after={"gln": "5790000123117"},
            )
    return AuditEvent.objects.get(action=OLD)


def test_the_aendringslog_shows_and_finds_an_old_event(client, support_user, old_event):
    client.force_login(support_user)
    listing = client.get(reverse("audit:log"), {"handling": NEW}).content.decode()
    assert "Lokationsnummer oprettet" in listing and "5790000123117" in listing
    assert f'<option value="{OLD}">' not in listing
    other = client.get(reverse("audit:log"), {"handling": "hierarchy.unit.move"}).content.decode()
    assert "5790000123117" not in other
    page = client.get(reverse("audit:event_detail", args=[old_event.seq])).content.decode()
    assert "Lokationsnummer oprettet" in page
