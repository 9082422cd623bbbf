"""Start-up checks of the OpenID Connect settings (manage.py check, and check --deploy in CI)."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from .oidc import issuer_problem


@register()
def oidc_settings(app_configs, **kwargs):
    messages = []
    if settings.SOR_OIDC_ISSUER:
        problem = issuer_problem(settings.SOR_OIDC_ISSUER)
        if problem:
            messages.append(Error(problem, id="accounts.E001"))
        if not settings.SOR_OIDC_CLIENT_ID:
            messages.append(
                Error("SOR_OIDC_ISSUER er sat, men SOR_OIDC_CLIENT_ID mangler.", id="accounts.E002")
            )
    elif not settings.SOR_PASSWORD_LOGIN:
        messages.append(
            Warning(
                "Hverken SOR_OIDC_ISSUER eller SOR_PASSWORD_LOGIN er slået til: ingen kan logge ind.",
                id="accounts.W001",
            )
        )
    return messages
