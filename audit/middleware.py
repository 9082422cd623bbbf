import re

from .context import AuditContext, _current, new_request_id

# What a proxy's request id looks like (a UUID, a hex or base64url token). Anything else is the
# client's text, which would be stored in every audit event of the request, so it is replaced.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestIdMiddleware:
    """Gives every request an id (kept from X-Request-ID when it is a short plain token)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if REQUEST_ID.fullmatch(incoming) else new_request_id()
        source = "admin" if request.path.startswith("/admin/") else "web"
        token = _current.set(AuditContext(request_id=request.id, source=source))
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request.id
        return response
