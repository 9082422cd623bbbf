"""Security headers for every response, including a strict Content-Security-Policy: the
templates use no inline scripts or styles, so only our own origin is allowed."""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

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


MSG_NUL_FHIR = "Forespørgslen indeholder ugyldige tegn (NUL). Fjern dem."


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
            if request.path.startswith("/fhir/"):  # FHIR answers every error as an OperationOutcome
                issue = {"severity": "error", "code": "invalid", "diagnostics": MSG_NUL_FHIR}
                return JsonResponse(
                    {"resourceType": "OperationOutcome", "issue": [issue]},
                    status=400,
                    content_type="application/fhir+json; charset=utf-8",
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
    enough for an 8-hour limit. Sits after SessionMiddleware, which then saves the change.

    Every answer to a logged-in user tells the browser how many seconds the session has left
    (header SOR-Session-Seconds; base.html's data-session-seconds for a whole page), so that
    static/js/app.js can warn a few minutes before it ends."""

    RENEWED_AT = "_sor_session_renewed_at"
    INTERVAL = 60  # seconds
    HEADER = "SOR-Session-Seconds"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request has read anyway (so no extra query) and that holds a login.
        if session is not None and session.accessed and not session.is_empty():
            if time.time() - session.get(self.RENEWED_AT, 0) >= self.INTERVAL:
                self.renew(session)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                response[self.HEADER] = str(self.seconds_left(session))
        return response

    @classmethod
    def seconds_left(cls, session) -> int:
        """Seconds until the session ends, counting the renewal this request will make."""
        renewed_at = session.get(cls.RENEWED_AT, 0)
        now = time.time()
        if now - renewed_at >= cls.INTERVAL:
            return settings.SESSION_COOKIE_AGE
        return min(settings.SESSION_COOKIE_AGE, max(0, int(renewed_at + settings.SESSION_COOKIE_AGE - now)))

    @classmethod
    def renew(cls, session):
        session[cls.RENEWED_AT] = int(time.time())  # modifies it: SessionMiddleware saves it

    @classmethod
    def renewed_at_login(cls, sender, request, user, **kwargs):
        """A login writes the session anyway; marking it renewed spares the next request a
        second write (user_logged_in receiver, connected in apps.py)."""
        cls.renew(request.session)


class HtmxLoginRedirectMiddleware:
    """After the session has ended, an htmx request (a click in the tree, a form) would get
    login_required's redirect, follow it and swap the login page into a panel. Instead the
    browser is sent to the login page as a whole (HX-Redirect), with `next` the page the user
    was on (HX-Current-URL), so that logging in again brings them back there. Sits after
    HtmxMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.status_code != 302:
            return response
        login_path = resolve_url(settings.LOGIN_URL)
        if urlsplit(response.get("Location", "")).path != login_path:
            return response
        return HttpResponseClientRedirect(redirect_to_login(self.page_of(request), login_path)["Location"])

    @staticmethod
    def page_of(request) -> str:
        """The path and query of the page the browser shows, if it is ours; else the front page."""
        current = request.htmx.current_url or ""
        if current and url_has_allowed_host_and_scheme(
            current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(current)
            return parts.path + (f"?{parts.query}" if parts.query else "")
        return "/"
