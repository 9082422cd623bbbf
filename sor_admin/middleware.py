"""Security headers for every response, including a strict Content-Security-Policy: the
templates use no inline scripts or styles, so only our own origin is allowed."""

from django.http import HttpResponseBadRequest
from django.utils.cache import patch_cache_control, patch_vary_headers

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
            return HttpResponseBadRequest(
                "Forespørgslen indeholder ugyldige tegn.", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class PrivatePagesMiddleware:
    """What a logged-in user (or a system with an API token) sees is theirs and changes with
    every write: browsers and proxies must not store it (nor show it from the back button after
    Log ud). Views answer an
    htmx request with a fragment and a normal one with the whole page at the same URL, so HTML
    varies on HX-Request, or a cache could hand one where the other belongs. Static files never
    get here: WhiteNoise answers them further up, with their own long caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ["HX-Request"])
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, no_store=True, private=True)
        return response
