"""Notifications: a mail to the requester and one to the team on every step, with names and
units only; once through Django's in-memory outbox and once through a real SMTP server
(aiosmtpd) that the test starts on 127.0.0.1, to prove the SMTP settings work."""

import socket
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ValidationError

from change_requests import notifications, services

pytestmark = pytest.mark.django_db

REASON = "Byrådet besluttede det på mødet, hvor Jens Hansen (tlf. 12 34 56 78) deltog."


def file_rename(actor, unit, today):
    return services.request_file(
        actor=actor,
        unit=unit,
        kind="rediger",
        proposed={"name": "Center for Sundhed og Ældre"},
        effective_date=today + timedelta(days=5),
        reason=REASON,
    )


def test_filing_mails_the_requester_and_the_team(
    demo, allerod, today, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SOR_REQUESTS_SDS_EMAIL = "sorpost@sds.example"
    settings.SOR_BASE_URL = "https://sor.example"
    with django_capture_on_commit_callbacks(execute=True):
        request = file_rename(allerod, demo.si, today)
    assert sorted(m.to[0] for m in mailoutbox) == ["anne@allerod.example", "sorpost@sds.example"]
    for mail in mailoutbox:
        assert len(mail.to) == 1 and not mail.cc and not mail.bcc  # no one sees another's address
        assert mail.subject == (
            f"SOR: anmodning nr. {request.pk} om rediger – Center for Sundhed og Omsorg – Modtaget"
        )
        assert f"https://sor.example/anmodninger/{request.pk}/" in mail.body
        assert "Anmoder: Anne Andersen" in mail.body
        assert f"Enhed: Center for Sundhed og Omsorg ({demo.si.sor_id})" in mail.body
        # No free text and no addresses of people: the Begrundelse stays in the register.
        assert "Jens Hansen" not in mail.body and "anne@allerod.example" not in mail.body


def test_every_step_mails_with_its_status(
    demo, allerod, sds, today, mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        request = file_rename(allerod, demo.si, today)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_take(actor=sds, request=request)
    assert {m.subject.rsplit(" – ", 1)[1] for m in mailoutbox} == {"Under behandling"}
    assert "Behandles af: Sundhedsdatastyrelsen (Sofie SDS)" in mailoutbox[0].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_reject(actor=sds, request=request, answer="Ring til Jens Hansen")
    assert len(mailoutbox) == 2
    assert all(m.subject.endswith("– Afvist") and "Jens Hansen" not in m.body for m in mailoutbox)


def test_no_mail_for_a_refused_step(demo, allerod, today, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.request_file(
            actor=allerod,
            unit=demo.si,
            kind="rediger",
            proposed={"phone": "1"},
            effective_date=today,
            reason="r",
        )
    assert mailoutbox == []


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.SOR_REQUESTS_SDS_EMAIL = "sorpost@sds.example"
    yield inbox
    controller.stop()


def test_mail_through_a_real_smtp_server(
    demo, allerod, sds, today, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = file_rename(allerod, demo.si, today)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_approve(actor=sds, request=request)
    received = [(to, str(make_header(decode_header(m["Subject"])))) for to, m in smtp_server.messages]
    assert received == [
        (
            ["anne@allerod.example"],
            f"SOR: anmodning nr. {request.pk} om rediger – Center for Sundhed og Omsorg – Modtaget",
        ),
        (
            ["sorpost@sds.example"],
            f"SOR: anmodning nr. {request.pk} om rediger – Center for Sundhed og Omsorg – Modtaget",
        ),
        (
            ["anne@allerod.example"],
            f"SOR: anmodning nr. {request.pk} om rediger – Center for Sundhed og Omsorg – Godkendt",
        ),
        (
            ["sorpost@sds.example"],
            f"SOR: anmodning nr. {request.pk} om rediger – Center for Sundhed og Omsorg – Godkendt",
        ),
    ]
    body = smtp_server.messages[-1][1].get_payload(decode=True).decode("utf-8")
    assert "Anmodningen er godkendt" in body and f"/anmodninger/{request.pk}/" in body


def test_a_failing_mail_server_does_not_undo_the_step(
    demo, allerod, today, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with django_capture_on_commit_callbacks(execute=True):
        request = file_rename(allerod, demo.si, today)
    request.refresh_from_db()
    assert request.status == "modtaget"
    assert "kunne ikke sendes" in caplog.text
    assert notifications.send(request.pk, "requests.request.file") == 0
