"""Security headers for every response, including a strict Content-Security-Policy: the
templates use no inline scripts or styles, so only our own origin is allowed."""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
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


def content_security_policy() -> str:
    """The policy, with the identity provider's origin allowed as a form target: "Log ud" posts
    here and is then redirected to the provider's end-session endpoint, and browsers apply
    form-action to that redirect too."""
    if not settings.SOR_OIDC_ISSUER:
        return CONTENT_SECURITY_POLICY
    issuer = urlsplit(settings.SOR_OIDC_ISSUER)
    return CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", f"form-action 'self' {issuer.scheme}://{issuer.netloc}"
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", content_security_policy())
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


class SlidingSessionMiddleware:
    """A session ends SESSION_COOKIE_AGE (a working day) after the user's last request, not
    after login. Renewing it means writing the session row and sending the cookie again; doing
    that on every request (SESSION_SAVE_EVERY_REQUEST) would make every page view a database
    write, which on SQLite queues behind the register's writers. Once a minute is precise
    enough for an 8-hour limit. Sits after SessionMiddleware, which then saves the change."""

    RENEWED_AT = "_sor_session_renewed_at"
    INTERVAL = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request has read anyway (so no extra query) and that holds a login.
        if session is not None and session.accessed and not session.is_empty():
            if time.time() - session.get(self.RENEWED_AT, 0) >= self.INTERVAL:
                self.renew(session)
        return response

    @classmethod
    def renew(cls, session):
        session[cls.RENEWED_AT] = int(time.time())  # modifies it: SessionMiddleware saves it

    @classmethod
    def renewed_at_login(cls, sender, request, user, **kwargs):
        """A login writes the session anyway; marking it renewed spares the next request a
        second write (user_logged_in receiver, connected in apps.py)."""
        cls.renew(request.session)
