"""Log ind med MitID Erhverv (OpenID Connect through the broker), and logout for every user.
The flow and the checks of the provider's answer are Authlib's (accounts/oidc.py); what the
claims mean for SOR is accounts/services.py."""

import logging

import requests
from authlib.integrations.base_client.errors import OAuthError
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from joserfc.errors import JoseError

from sor_admin.throttling import client_ip_address
from sor_admin.ui.forms import LoginForm

from . import oidc, services

log = logging.getLogger(__name__)

SESSION_NEXT = "sor_oidc_next"
SESSION_ID_TOKEN = "sor_oidc_id_token"
METHOD_OIDC = "OpenID Connect"
METHOD_PASSWORD = "Adgangskode"

MSG_PROVIDER_DOWN = (
    "Identitetsudbyderen svarer ikke lige nu, så du kan ikke logge ind. Prøv igen om lidt; "
    "fortsætter fejlen, så kontakt support."
)
MSG_ANSWER_REFUSED = (
    "Svaret fra identitetsudbyderen kunne ikke godkendes, så du er ikke logget ind. Start forfra "
    "med «{label}»."
)
# What went wrong, by the kind of error Authlib raised (kept in the audit event).
PROVIDER_ERRORS = (requests.RequestException, ValueError, KeyError, RuntimeError)


def _refused(request, message: str, *, status: int, heading: str = "Du er ikke logget ind"):
    return render(request, "accounts/refused.html", {"heading": heading, "message": message}, status=status)


def _require_enabled() -> None:
    if not settings.SOR_OIDC_ISSUER:
        raise Http404("Log ind hos en identitetsudbyder er ikke sat op.")


@require_GET
def oidc_login(request):
    """Send the browser to the identity provider (state, nonce and PKCE verifier kept in the
    session by Authlib)."""
    _require_enabled()
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[SESSION_NEXT] = next_url
    else:
        request.session.pop(SESSION_NEXT, None)
    redirect_uri = request.build_absolute_uri(reverse("accounts:oidc_callback"))
    try:
        return oidc.client().authorize_redirect(request, redirect_uri)
    except PROVIDER_ERRORS as exc:
        log.warning("OIDC discovery failed: %s", exc)
        return _refused(request, MSG_PROVIDER_DOWN, status=502)


def _pending_states(request) -> list[str]:
    """The session keys of the logins started in this browser and not yet answered (Authlib
    keeps each one's state, nonce and PKCE verifier under `_state_<name>_<state>`)."""
    prefix = f"_state_{oidc.NAME}_"
    return [key for key in request.session.keys() if key.startswith(prefix)]


@require_GET
def oidc_callback(request):
    """The provider's answer: the code is exchanged for tokens, the id_token checked (signature,
    issuer, audience, expiry, nonce), then the claims decide the user's roles and kommuner.

    Anyone can send this URL, logged in or not, so what it may write is bounded: an answer is
    logged only while a login started in this browser waits for it, and an answer that is an
    error or does not carry that login's state ends every waiting login of the browser, so one
    started login gives at most one `auth.login_failed` event (and services.login_failed cuts
    the provider's texts and throttles the events per client address)."""
    _require_enabled()
    label = settings.SOR_OIDC_LOGIN_LABEL
    refused_answer = MSG_ANSWER_REFUSED.format(label=label)
    pending = _pending_states(request)
    if not pending:
        # No login waits in this browser: nothing to check and nothing to log.
        return _refused(request, refused_answer, status=400)
    address = client_ip_address(request)
    state = request.GET.get("state", "")
    error = request.GET.get("error")
    if error or f"_state_{oidc.NAME}_{state}" not in pending:
        for key in pending:
            request.session.pop(key, None)
        if error:
            reason, message = error, request.GET.get("error_description") or error
        else:
            reason, message = "mismatching_state", "Svaret hører ikke til et log ind, der venter (state)."
        services.login_failed(
            reason=reason, message=message, issuer=settings.SOR_OIDC_ISSUER, address=address
        )
        return _refused(request, refused_answer, status=400)
    try:
        token = oidc.client().authorize_access_token(request)
        claims = token.get("userinfo")
        if not claims:
            raise OAuthError(error="no_id_token", description="Svaret indeholdt intet id_token.")
    except OAuthError as exc:
        reason = exc.error or "oauth_error"
        services.login_failed(
            reason=reason,
            message=exc.description or str(exc),
            issuer=settings.SOR_OIDC_ISSUER,
            address=address,
        )
        return _refused(request, refused_answer, status=400)
    except JoseError as exc:
        services.login_failed(
            reason=f"id_token: {exc.error}",
            message=exc.description or str(exc),
            issuer=settings.SOR_OIDC_ISSUER,
            address=address,
        )
        return _refused(request, refused_answer, status=400)
    except PROVIDER_ERRORS as exc:
        log.warning("OIDC token exchange failed: %s", exc)
        services.login_failed(
            reason="provider_error", message=str(exc), issuer=settings.SOR_OIDC_ISSUER, address=address
        )
        return _refused(request, MSG_PROVIDER_DOWN, status=502)
    try:
        user = services.sign_in(issuer=settings.SOR_OIDC_ISSUER, claims=dict(claims), address=address)
    except services.LoginRefused as refused:
        heading = (
            "Du har ingen rolle i SOR"
            if refused.code in {"no_role", "no_kommune"}
            else "Du er ikke logget ind"
        )
        return _refused(request, refused.message, status=403, heading=heading)
    next_url = request.session.pop(SESSION_NEXT, "") or settings.LOGIN_REDIRECT_URL
    auth.login(request, user, backend="accounts.backends.PasswordBackend")
    request.session[SESSION_ID_TOKEN] = token.get("id_token", "")
    return HttpResponseRedirect(next_url)


class LoginView(auth_views.LoginView):
    """The login page: the identity provider's button (when SOR_OIDC_ISSUER is set) and the
    password form (when SOR_PASSWORD_LOGIN is on). A password login is an audit event too."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_login(user=form.get_user())
        return response


class LogoutView(auth_views.LogoutView):
    """Log ud (POST only): the session ends here, the logout is an audit event, and a federated
    session also ends at the identity provider when it offers an end-session endpoint."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        user = request.user if request.user.is_authenticated else None
        id_token = request.session.get(SESSION_ID_TOKEN, "")
        response = super().post(request, *args, **kwargs)
        if user is not None:
            services.logged_out(user=user, method=METHOD_OIDC if id_token else METHOD_PASSWORD)
        if id_token and settings.SOR_OIDC_ISSUER:
            end_session = self._end_session_url(request, id_token)
            if end_session:
                return HttpResponseRedirect(end_session)
        return response

    @staticmethod
    def _end_session_url(request, id_token: str) -> str | None:
        try:
            client = oidc.client()
            if not client.load_server_metadata().get("end_session_endpoint"):
                return None
            after = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
            return client.create_logout_url(post_logout_redirect_uri=after, id_token_hint=id_token)["url"]
        except PROVIDER_ERRORS + (OAuthError,) as exc:
            log.warning("OIDC end-session URL unavailable: %s", exc)
            return None
