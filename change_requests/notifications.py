"""E-mail on every step of a request, to the requester and to the deciding team's address,
through Django's mail framework (settings: EMAIL_*, SOR_REQUESTS_*; README, "Anmodninger").
Sent after the transaction commits, so no mail tells of a step that was rolled back. A mail
names the request, its unit, its status and people by name only: no e-mail addresses of others,
no free text (a Begrundelse or an answer may hold anything), just a link to the request."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse

from . import audit_actions as codes
from .models import ChangeRequest

logger = logging.getLogger(__name__)

SUBJECT = "SOR: anmodning {number} om {kind} – {unit} – {status}"
EVENT_TEXT = {
    codes.FILE: "Anmodningen er modtaget.",
    codes.TAKE: "Anmodningen er taget under behandling.",
    codes.ASK: "Behandleren har brug for flere oplysninger. Svar på anmodningens side.",
    codes.REPLY: "Anmoderen har svaret på behandlerens spørgsmål.",
    codes.REJECT: "Anmodningen er afvist. Se svaret på anmodningens side.",
    codes.APPROVE: "Anmodningen er godkendt, og ændringen er registreret i SOR.",
    codes.WITHDRAW: "Anmodningen er trukket tilbage af anmoderen.",
}


def team_address(team: str) -> str:
    address: str = (
        settings.SOR_REQUESTS_SDS_EMAIL
        if team == ChangeRequest.Team.SDS
        else settings.SOR_REQUESTS_MEDCOM_EMAIL
    )
    return address


def request_url(request: ChangeRequest) -> str:
    base: str = settings.SOR_BASE_URL
    return base.rstrip("/") + reverse("change_requests:detail", args=[request.pk])


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def message_text(request: ChangeRequest, action: str) -> tuple[str, str]:
    """The subject and body of the mail about `action` on `request`."""
    unit = request.unit
    status = request.get_status_display()
    if request.status == ChangeRequest.Status.PARTLY_APPROVED:
        status = "Delvist godkendt"
    subject = SUBJECT.format(
        number=request.number, kind=request.get_kind_display().lower(), unit=unit.name, status=status
    )
    lines = [
        EVENT_TEXT[action],
        "",
        f"Anmodning: {request.number} ({request.get_kind_display()})",
        f"Enhed: {unit.name} ({unit.sor_id})",
        f"Kommune: {request.owner.name if request.owner is not None else '–'}",
        f"Status: {status}",
        f"Anmoder: {_name(request.requester)}",
        f"Behandles af: {request.get_team_display()}"
        + (f" ({_name(request.reviewer)})" if request.reviewer_id else ""),
        "",
        f"Se anmodningen: {request_url(request)}",
        "",
        "Denne e-mail er sendt automatisk af SOR Admin. Svar ikke på den: svar på anmodningens side.",
    ]
    return subject, "\n".join(lines) + "\n"


def send(request_id: int, action: str) -> int:
    """Send the mails of one step; returns how many went. A mail server that fails is logged,
    not raised: the step is committed, and the request's page shows it anyway."""
    request = ChangeRequest.objects.select_related("unit", "owner", "requester", "reviewer").get(
        pk=request_id
    )
    subject, body = message_text(request, action)
    recipients = [address for address in (request.requester.email, team_address(request.team)) if address]
    sent = 0
    for address in dict.fromkeys(recipients):  # one mail each: no one sees another's address
        try:
            sent += EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
        except Exception:  # any failure of the mail server or connection
            logger.exception("Anmodning %s: mail om %s kunne ikke sendes", request_id, action)
    return sent


_SILENT: ContextVar[bool] = ContextVar("change_requests_silent", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """No mail for the steps taken inside (the demo data of seed_demo)."""
    token = _SILENT.set(True)
    try:
        yield
    finally:
        _SILENT.reset(token)


def notify(request: ChangeRequest, action: str) -> None:
    if _SILENT.get():
        return
    request_id = request.pk
    transaction.on_commit(lambda: send(request_id, action))
