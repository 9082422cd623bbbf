from django.conf import settings


def login_options(request) -> dict:
    """What the login page offers: the identity provider's button and/or the password form."""
    return {
        "sor_oidc_enabled": bool(settings.SOR_OIDC_ISSUER),
        "sor_oidc_login_label": settings.SOR_OIDC_LOGIN_LABEL,
        "sor_password_login": settings.SOR_PASSWORD_LOGIN,
    }
