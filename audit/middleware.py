from .context import AuditContext, _current, new_request_id


class RequestIdMiddleware:
    """Gives every request an id (kept from X-Request-ID when a proxy set a sane one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if 8 <= len(incoming) <= 64 and incoming.isascii() else new_request_id()
        source = "admin" if request.path.startswith("/admin/") else "web"
        token = _current.set(AuditContext(request_id=request.id, source=source))
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request.id
        return response
