"""Item 7 of issue 11: after a good `verify_audit`, a trail cut short, emptied or re-chained
is detected, by the last verified head kept in the database and in a file outside it."""

import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from audit import services as audit_services
from audit.chain import GENESIS_HASH, event_hash
from audit.models import AuditEvent, ChainCheckpoint
from auditlog.views import chain_state
from hierarchy import services
from tests.factories import UnitDataFactory


@pytest.fixture
def verified(tree):
    """A register whose trail was verified once; returns the verified head."""
    call_command("verify_audit")
    return AuditEvent.objects.order_by("-seq").first()


def _as_owner(*statements):
    """Run SQL as the table's owner would, with the append-only trigger out of the way (on
    PostgreSQL the test user is a superuser; SQLite has no trigger)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
        for sql, params in statements:
            cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER ALL")


def _truncate():
    if connection.vendor == "postgresql":
        return ("TRUNCATE audit_auditevent", [])
    return ("DELETE FROM audit_auditevent", [])


def _append(n=1):
    for i in range(n):
        with transaction.atomic():
            audit_services.record(
                actor=None,
                action="hierarchy.unit.update",
                object_type="unit",
                object_id="1",
                object_repr=f"x{i}",
            )


def _anchor_file():
    return json.loads(settings.SOR_AUDIT_ANCHOR_FILE.read_text())


def _run(*args):
    call_command("verify_audit", *args)


@pytest.mark.parametrize("args", [(), ("--since-checkpoint",)])
def test_truncated_trail_fails_after_a_good_run(verified, args):
    _as_owner(_truncate())
    with pytest.raises(CommandError, match=f"Hændelse nr. {verified.seq} \\(sidst verificerede hoved.*tom"):
        _run(*args)
    # and again: a failed run does not move the anchor
    with pytest.raises(CommandError, match=f"Hændelse nr. {verified.seq}"):
        _run(*args)


def test_truncated_trail_and_checkpoints_fail_through_the_file(verified):
    """Whoever can empty the trail can empty the checkpoints too: the file still knows."""
    _as_owner(_truncate(), ("DELETE FROM audit_chaincheckpoint", []))
    with pytest.raises(CommandError, match=f"Hændelse nr. {verified.seq} \\(sidst verificerede hoved"):
        _run()


@pytest.mark.parametrize("args", [(), ("--since-checkpoint",)])
def test_lost_newest_events_fail(verified, args):
    _as_owner(("DELETE FROM audit_auditevent WHERE seq > %s", [verified.seq - 3]))
    with pytest.raises(
        CommandError,
        match=f"Hændelse nr. {verified.seq} \\(sidst verificerede hoved.*slutter ved nr. {verified.seq - 3}",
    ):
        _run(*args)


@pytest.mark.parametrize("args", [(), ("--since-checkpoint",)])
def test_middle_event_deleted_is_a_gap(verified, args):
    _append(2)
    _run()  # a good run whose anchor is after the gap to come
    _as_owner(("DELETE FROM audit_auditevent WHERE seq = %s", [3]))
    with pytest.raises(CommandError, match="Hændelse 3 mangler"):
        _run(*args)


def _rechain(statements_before=()):
    """Rewrite one event and re-chain every hash after it, as an attacker with table access."""
    statements = list(statements_before)
    prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq"):
        if event.seq == 2:
            event.reason = "omskrevet"
        event.prev_hash = prev
        event.hash = event_hash(event)
        statements.append(
            (
                "UPDATE audit_auditevent SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [event.reason, event.prev_hash, event.hash, event.pk],
            )
        )
        prev = event.hash
    _as_owner(*statements)


@pytest.mark.parametrize("args", [(), ("--since-checkpoint",)])
def test_rechained_history_fails_by_the_anchor_hash(verified, args):
    _rechain()
    with pytest.raises(CommandError, match=f"Hændelse nr. {verified.seq} .*skrevet om"):
        _run(*args)


def test_rechained_history_fails_even_without_database_checkpoints(verified):
    _rechain([("DELETE FROM audit_chaincheckpoint", [])])
    with pytest.raises(CommandError, match=f"Hændelse nr. {verified.seq} .*skrevet om"):
        _run()


@pytest.mark.parametrize("args", [(), ("--since-checkpoint",)])
def test_new_events_after_a_good_run_verify_and_move_the_anchor(
    verified, municipal_admin, tree, args, capsys
):
    services.unit_create(
        actor=municipal_admin, kind="OE", parent=tree.tand, data=UnitDataFactory(), reason="Testændring"
    )
    _append(2)
    head = AuditEvent.objects.order_by("-seq").first()
    assert head.seq > verified.seq
    _run(*args)
    assert f"Kæden er verificeret til hændelse {head.seq}" in capsys.readouterr().out
    (anchor,) = _anchor_file()["anchors"].values()
    assert (anchor["seq"], anchor["hash"]) == (head.seq, head.hash)
    assert chain_state()["ok"]


def test_anchor_file_is_written_atomically_next_to_nothing_else(verified):
    folder = settings.SOR_AUDIT_ANCHOR_FILE.parent
    assert [p.name for p in folder.iterdir()] == ["audit-anchor.json"]


def test_corrupt_anchor_file_fails_and_says_what_to_do(verified):
    settings.SOR_AUDIT_ANCHOR_FILE.write_text("{ikke json")
    with pytest.raises(CommandError, match=r"Ankerfilen .* kan ikke læses"):
        _run()


def test_banner_is_red_when_the_verified_head_is_gone(verified, support_user, client):
    assert chain_state()["ok"]
    _as_owner(("DELETE FROM audit_auditevent WHERE seq > %s", [verified.seq - 2]))
    state = chain_state()
    assert not state["ok"] and "verificeret" not in state["text"].replace("sidst verificerede", "")
    assert f"Hændelse nr. {verified.seq} (sidst verificerede hoved" in state["text"]
    client.force_login(support_user)
    content = client.get("/aendringslog/").content.decode()
    assert 'class="alert alert-error' in content


def test_banner_is_red_when_trail_and_checkpoints_were_emptied(verified):
    _as_owner(_truncate(), ("DELETE FROM audit_chaincheckpoint", []))
    assert ChainCheckpoint.objects.count() == 0
    state = chain_state()
    assert not state["ok"] and f"Hændelse nr. {verified.seq}" in state["text"]


def test_banner_is_red_when_history_was_rechained(verified):
    _rechain()
    state = chain_state()
    assert not state["ok"] and "skrevet om" in state["text"]
