"""The demo register's Anmodninger (seed_demo): a few requests in each state, made through the
services as the demo users would, so a new user sees the whole flow. Safe to run again: nothing
is added once the demo has requests."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction

from hierarchy.dates import today
from hierarchy.models import EdiMessageType, LocationNumber, Unit

from . import notifications, services
from .models import ChangeRequest

Kind = ChangeRequest.Kind


def _first_child(parent: Unit, kind: str) -> Unit | None:
    children = Unit.objects.filter(
        parent=parent, kind=kind, valid_to__isnull=True, is_municipal_communication=False
    )
    return children.order_by("name").first()


def seed_requests(*, allerod: User, aarhus: User, sds: User, medcom: User) -> int:
    """Requests from admin.allerod and admin.aarhus in every state; returns how many were made."""
    if ChangeRequest.objects.exists():
        return 0
    allerod_ie = Unit.objects.get(municipality_id="0201")
    aarhus_ie = Unit.objects.get(municipality_id="0751")
    allerod_si = _first_child(allerod_ie, Unit.Kind.HEALTH_INSTITUTION)
    aarhus_si = _first_child(aarhus_ie, Unit.Kind.HEALTH_INSTITUTION)
    if allerod_si is None or aarhus_si is None:
        return 0
    aarhus_oe = (
        Unit.objects.filter(
            kind=Unit.Kind.ORGANISATIONAL_UNIT,
            node__tree_id=aarhus_ie.tree_id,
            valid_to__isnull=True,
            is_municipal_communication=False,
        )
        .order_by("name")
        .first()
    )
    soon = today() + timedelta(days=14)
    file = services.request_file
    with transaction.atomic(), notifications.silenced():
        # Modtaget: a new name for Allerød's SI, waiting in SDS's queue.
        file(
            actor=allerod,
            unit=allerod_si,
            kind=Kind.EDIT,
            proposed={"name": "Center for Sundhed, Omsorg og Ældre"},
            effective_date=soon,
            reason="Centret har fået ældreområdet med fra næste måned (byrådsbeslutning).",
        )
        # Under behandling, with a question to the requester.
        asked = file(
            actor=aarhus,
            unit=aarhus_si,
            kind=Kind.EDIT,
            proposed={"website": "https://www.aarhus.dk/sundhed"},
            effective_date=soon,
            reason="Ny hjemmeside for sundhedsområdet.",
        )
        services.request_ask(
            actor=sds, request=asked, question="Gælder den nye hjemmeside også for de underliggende enheder?"
        )
        # Delvist godkendt: the phone number, not the website.
        partly = file(
            actor=allerod,
            unit=allerod_si,
            kind=Kind.EDIT,
            proposed={"phone": "48 10 01 01", "website": "https://www.alleroed.dk/sundhed"},
            effective_date=soon,
            reason="Nyt hovednummer og ny hjemmeside.",
        )
        services.request_take(actor=sds, request=partly)
        services.request_approve(actor=sds, request=partly, fields=["phone"], answer="Hjemmesiden må vente.")
        # Afvist: closing the SI while its OEs are open is refused at filing, so ask for a
        # new SI instead, which SDS rejects.
        rejected = file(
            actor=aarhus,
            unit=aarhus_ie,
            kind=Kind.CREATE,
            proposed={
                "kind": "SI",
                "name": "Sundhed og Omsorg Aarhus Syd",
                "unit_type": allerod_si.unit_type_id,
            },
            effective_date=soon,
            reason="Syd skal være en selvstændig institution.",
        )
        services.request_reject(
            actor=sds,
            request=rejected,
            answer="Opret Syd som en organisatorisk enhed under den eksisterende sundhedsinstitution.",
        )
        # Trukket tilbage.
        withdrawn = file(
            actor=allerod,
            unit=allerod_ie,
            kind=Kind.CREATE,
            proposed={
                "kind": "SI",
                "name": "Allerød Kommunes Rehabiliteringscenter",
                "unit_type": allerod_si.unit_type_id,
            },
            effective_date=soon,
            reason="Nyt rehabiliteringscenter.",
        )
        services.request_withdraw(actor=allerod, request=withdrawn)
        made = 5
        # Godkendt by MedCom: one more message type on Allerød's SI's lokationsnummer.
        number = LocationNumber.objects.filter(unit=allerod_si).prefetch_related("message_types").first()
        if number is not None:
            current = {t.urn for t in number.message_types.all()}
            extra = EdiMessageType.objects.exclude(urn__in=current).order_by("code").first()
            if extra is not None:
                approved = file(
                    actor=allerod,
                    unit=allerod_si,
                    kind=Kind.MESSAGE_TYPES,
                    proposed={"message_types": sorted(current | {extra.urn})},
                    effective_date=None,
                    reason=f"Centret skal kunne modtage {extra.code}.",
                )
                services.request_approve(actor=medcom, request=approved)
                made += 1
        if aarhus_oe is not None:
            # Modtaget: a move to another kommune, which only SDS may make.
            file(
                actor=aarhus,
                unit=aarhus_oe,
                kind=Kind.MOVE,
                proposed={"new_parent": allerod_si.sor_id},
                effective_date=soon,
                reason="Enheden overgår til Allerød Kommune efter aftale mellem kommunerne.",
            )
            made += 1
    return made
