"""Security headers for every response, including a strict Content-Security-Policy: the
templates use no inline scripts or styles, so only our own origin is allowed."""

from django.http import HttpResponseBadRequest, JsonResponse

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault("Referrer-Policy", "same-origin")
        return response


class RejectNulBytesMiddleware:
    """A NUL byte in the path or the query string can never be valid input, and PostgreSQL
    refuses it in text columns; answer 400 before any view passes it to the database. (Form
    posts are covered by Django's own ProhibitNullCharactersValidator.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value for key, value in request.GET.items()
        ):
            if request.path.startswith("/api/"):  # the API answers JSON, as its schema documents
                return JsonResponse(
                    {
                        "error": "Forespørgslen indeholder ugyldige tegn (NUL). Fjern dem.",
                        "code": "invalid_characters",
                    },
                    status=400,
                    json_dumps_params={"ensure_ascii": False},
                )
            return HttpResponseBadRequest(
                "Forespørgslen indeholder ugyldige tegn.", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
