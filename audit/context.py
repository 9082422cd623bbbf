"""Who is acting and in which request, for code that has no request at hand.

The middleware fills it for web requests; management commands and jobs open it themselves with
`audit_context(...)`, so no write is ever audited without saying where it came from."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    request_id: str
    source: str  # "web", "admin", "command:<name>", "job:<name>"


_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def new_request_id() -> str:
    return str(uuid.uuid4())


def current() -> AuditContext:
    ctx = _current.get()
    if ctx is None:
        # A write outside any declared context still gets a unique id, marked as such.
        return AuditContext(request_id=new_request_id(), source="unspecified")
    return ctx


@contextmanager
def audit_context(*, source: str, request_id: str | None = None) -> Iterator[AuditContext]:
    token = _current.set(AuditContext(request_id=request_id or new_request_id(), source=source))
    try:
        yield current()
    finally:
        _current.reset(token)
