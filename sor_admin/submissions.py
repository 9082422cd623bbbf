"""One submit of an opened form is one change, whatever the browser does (a double click, a
resent request): every GUI form that changes the register carries a key issued when it was
rendered (`sor_admin.ui.forms.form_key_field`), and the service claims it in the transaction of
its change, under its lock. A key claimed before, by the same user, is a repeat: the service
raises `AlreadySubmitted` with the first submit's result and writes nothing, and the view answers
as it answered the first (the same redirect and message).

The claim is an INSERT against a unique (user, key) constraint (`FormSubmission`): on PostgreSQL
a second transaction's INSERT of the same key waits for the first to end, then fails if the first
was kept, or goes on if it was rolled back; so two parallel submits cannot both pass even where no
other lock orders them. A refused change rolls its claim back with it: the user can correct the
form and send it again with the same key.

A used key is kept for `KEEP` (a week); the nightly run (`apply_due_changes`) deletes older
ones (`prune`). A double click or a resent request comes within seconds; what a week leaves
unprotected is a form left open for more than a week in a session kept alive all that time
(SOR_SESSION_HOURS is an idle timeout, renewed by every request), sent again after its first
submit: it makes a second change, as a newly opened form would."""

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import FormSubmission

MSG_KEY_OTHER_ACTION = (
    "Formularen er allerede brugt til en anden ændring, så intet er gemt. Åbn formularen igen, "
    "og gentag ændringen."
)


class AlreadySubmitted(Exception):
    """The form's key was used before: nothing is written; `result` is what the first submit
    made (a SOR-kode, a package's id)."""

    def __init__(self, action: str, result: str):
        super().__init__(f"{action}: {result}")
        self.action, self.result = action, result


def _applies(actor, key) -> bool:
    # Only people submit forms; a call without a key (commands, imports, scripts) is not a form.
    return key is not None and actor is not None and actor.pk is not None


def _earlier(actor, key, action: str) -> FormSubmission | None:
    earlier = FormSubmission.objects.filter(user=actor, key=key).first()
    if earlier is not None and earlier.action != action:
        raise ValidationError(MSG_KEY_OTHER_ACTION, code="form_used")
    return earlier


def check(actor, key, action: str) -> None:
    """Before any work: raise AlreadySubmitted if the key has already made its change. A
    cheap early answer only; `claim` is what decides."""
    if _applies(actor, key) and (earlier := _earlier(actor, key, action)) is not None:
        raise AlreadySubmitted(action, earlier.result)


def earlier_result(actor, posted_key: str | None, action: str) -> str | None:
    """For a view, before its own checks: the result of the change this posted key (as sent)
    already made, or None (no key, not a key, unused, or used for another change: the form and
    the service say so)."""
    try:
        check(actor, uuid.UUID(posted_key or ""), action)
    except AlreadySubmitted as exc:
        return exc.result
    except (ValueError, ValidationError):
        pass
    return None


def claim(actor, key, action: str, *, result: str = "") -> FormSubmission | None:
    """Inside the change's transaction, under its lock: take the key for this change (its
    `result` now, or later through `done`), or raise AlreadySubmitted when it was taken."""
    if not _applies(actor, key):
        return None
    if not connection.in_atomic_block:
        raise RuntimeError("A form key is claimed in the transaction of the change it guards.")
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(user=actor, key=key, action=action, result=result)
    except IntegrityError:
        pass  # taken, and the taker's transaction was kept
    earlier = _earlier(actor, key, action)
    raise AlreadySubmitted(action, earlier.result if earlier is not None else "")


def done(submission: FormSubmission | None, result: str) -> None:
    """Record what the claimed key's change made, in the same transaction."""
    if submission is not None:
        submission.result = result
        submission.save(update_fields=["result"])


KEEP = timedelta(days=7)


def prune(*, now=None) -> int:
    """Delete the used keys older than `KEEP`; the number deleted."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _ = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
