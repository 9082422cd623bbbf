"""Concurrent mixed writes through the services, then the register's invariants.

Run by `manage.py stress_writes` (PostgreSQL; see README). Each worker process opens its own
database connection and performs creates, edits, moves and closes as municipal administrators
of a few kommuner, so writes collide on the same trees and units; some edits deliberately carry
a stale revision. Every write runs under its own request id, so afterwards each one can be
matched to its audit events: a committed write must have them, a refused one must have none.
"""

import random
import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

OK, REFUSED, FAILED = "ok", "refused", "failed"


def _pick_ops(rng, units, today):
    from hierarchy import services

    kind = rng.choices(["create", "edit", "stale_edit", "move", "close"], weights=[3, 3, 1, 2, 1])[0]
    unit = rng.choice(units)
    if kind == "create":
        data = services.UnitData.from_unit(unit)
        data.name = f"Stress {uuid.uuid4().hex[:8]}"
        return kind, lambda actor: services.unit_create(
            actor=actor,
            kind="OE",
            parent=unit,
            data=data,
            valid_from=today + timedelta(days=rng.randint(0, 30)),
            reason="Benchmark",
        )
    if kind in ("edit", "stale_edit"):
        data = services.UnitData.from_unit(unit)
        data.phone = f"48 10 {rng.randint(10, 99)} {rng.randint(10, 99)}"
        revision = unit.revision - 1 if kind == "stale_edit" else None
        return kind, lambda actor: services.unit_update(
            actor=actor,
            unit=unit,
            data=data,
            effective_date=today + timedelta(days=rng.randint(0, 20)),
            expected_revision=revision,
            reason="Benchmark",
        )
    if kind == "move":
        target = rng.choice(units)
        return kind, lambda actor: services.unit_move(
            actor=actor,
            unit=unit,
            new_parent=target,
            effective_date=today + timedelta(days=rng.randint(1, 60)),
            reason="Stresstest",
            confirm_impact=True,
        )
    return kind, lambda actor: services.unit_close(
        actor=actor,
        unit=unit,
        closing_date=today + timedelta(days=rng.randint(7, 90)),
        reason="Stresstest",
        confirm_impact=True,
    )


def worker(worker_no: int, writes: int, usernames: list[str], seed: int) -> list[tuple]:
    """Runs in a spawned process. Returns (request_id, kind, outcome, message) per write."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from audit.context import audit_context
    from hierarchy import permissions, services
    from hierarchy.models import Unit

    rng = random.Random(seed * 1000 + worker_no)
    users = list(get_user_model().objects.filter(username__in=usernames))
    results = []
    try:
        for _ in range(writes):
            actor = rng.choice(users)
            scope_trees = list(permissions.scope_tree_ids(actor))
            units = list(
                Unit.objects.filter(
                    node__tree_id__in=scope_trees,
                    kind="OE",
                    valid_to__isnull=True,
                    is_municipal_communication=False,
                ).select_related("unit_type", "postal_address", "visiting_address", "activity_address")
            )
            kind, op = _pick_ops(rng, units, services.today())
            request_id = str(uuid.uuid4())
            try:
                with audit_context(source="command:stress_writes", request_id=request_id):
                    op(actor)
                results.append((request_id, kind, OK, ""))
            except (ValidationError, PermissionDenied) as exc:
                message = " ".join(getattr(exc, "messages", [str(exc)]))
                results.append((request_id, kind, REFUSED, message))
            except Exception as exc:  # an unclear error is exactly what we report
                results.append((request_id, kind, FAILED, f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()
    return results


def overlapping_versions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT COUNT(*) FROM hierarchy_unitversion a
            JOIN hierarchy_unitversion b ON a.unit_id = b.unit_id AND a.id < b.id
            WHERE a.valid_from <= COALESCE(b.valid_to, DATE '9999-12-31')
              AND b.valid_from <= COALESCE(a.valid_to, DATE '9999-12-31')
            """
        )
        return cursor.fetchone()[0]


def check_invariants(results) -> list[str]:
    from audit.chain import verify
    from audit.models import AuditEvent
    from hierarchy.integrity import tree_problems

    problems = [f"træ: {p}" for p in tree_problems()]
    overlaps = overlapping_versions()
    if overlaps:
        problems.append(f"{overlaps} par af overlappende versioner")
    _, chain_problem = verify(AuditEvent.objects.order_by("seq").iterator(chunk_size=2000))
    if chain_problem:
        problems.append(f"ændringslog: {chain_problem}")
    audited = set(
        AuditEvent.objects.filter(source="command:stress_writes").values_list("request_id", flat=True)
    )
    for request_id, kind, outcome, message in results:
        if outcome == FAILED:
            problems.append(f"{kind} fejlede uden klar besked: {message}")
        elif outcome == OK and request_id not in audited:
            problems.append(f"{kind} {request_id} blev gemt uden hændelse i ændringsloggen")
        elif outcome == REFUSED and request_id in audited:
            problems.append(f"{kind} {request_id} blev afvist, men har en hændelse i ændringsloggen")
        elif outcome == REFUSED and not message.strip():
            problems.append(f"{kind} {request_id} blev afvist uden besked")
    return problems
