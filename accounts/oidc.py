"""The OpenID Connect client: Authlib's Django integration (authorization code flow with PKCE
S256, state and nonce kept in the session, discovery from the issuer's
/.well-known/openid-configuration, the id_token's signature checked against the issuer's JWKS and
its iss, aud, exp and nonce claims checked). Nothing of JWT or OIDC is handled by hand here; see
ARCHITECTURE.md for why Authlib."""

from urllib.parse import urlsplit

from authlib.integrations.django_client import OAuth
from django.conf import settings

NAME = "sor"
_clients: dict[tuple, object] = {}


def issuer_problem(issuer: str) -> str | None:
    """Why an issuer URL cannot be used, or None. Plain http only while DEBUG is on."""
    parts = urlsplit(issuer)
    if parts.scheme == "https" and parts.netloc:
        return None
    if parts.scheme == "http" and parts.netloc and settings.DEBUG:
        return None
    if parts.scheme == "http" and parts.netloc:
        return (
            f"SOR_OIDC_ISSUER {issuer!r} bruger http uden TLS; det er kun tilladt med DEBUG slået til. "
            "Brug identitetsudbyderens https-adresse."
        )
    return f"SOR_OIDC_ISSUER {issuer!r} er ikke en https-adresse."


def client():
    """The client for the configured issuer, made once per set of settings (the discovery
    document and the keys are then cached in it; an unknown key id makes Authlib fetch the keys
    again, so a key rotation at the provider needs no restart)."""
    key = (
        settings.SOR_OIDC_ISSUER,
        settings.SOR_OIDC_CLIENT_ID,
        settings.SOR_OIDC_CLIENT_SECRET,
        settings.SOR_OIDC_SCOPES,
        settings.SOR_OIDC_TIMEOUT,
    )
    if key not in _clients:
        problem = issuer_problem(settings.SOR_OIDC_ISSUER)
        if problem:
            raise RuntimeError(problem)
        kwargs = {
            "scope": settings.SOR_OIDC_SCOPES,
            "code_challenge_method": "S256",
            "timeout": settings.SOR_OIDC_TIMEOUT,
        }
        if not settings.SOR_OIDC_CLIENT_SECRET:
            kwargs["token_endpoint_auth_method"] = "none"  # a public client: PKCE alone
        oauth = OAuth()
        _clients[key] = oauth.register(
            name=NAME,
            client_id=settings.SOR_OIDC_CLIENT_ID,
            client_secret=settings.SOR_OIDC_CLIENT_SECRET or None,
            server_metadata_url=f"{settings.SOR_OIDC_ISSUER}/.well-known/openid-configuration",
            client_kwargs=kwargs,
        )
    return _clients[key]
