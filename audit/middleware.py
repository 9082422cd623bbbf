import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import audit_context, new_request_id

# What a proxy's request id looks like (a UUID, a hex or base64url token). Anything else is the
# client's text, which would be stored in every audit event of the request, so it is replaced.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestIdMiddleware:
    """Gives every request an id (kept from X-Request-ID when it is a short plain token)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID.fullmatch(incoming) else new_request_id()
        request.id = request_id  # type: ignore[attr-defined]  # read by views and error pages
        source = "admin" if request.path.startswith("/admin/") else "web"
        with audit_context(source=source, request_id=request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
