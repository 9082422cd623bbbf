"""What every page of the product shows around its content: the user's name and kommune in the
header, the support contacts in the footer, the time left of the session (for its warning)."""

from django.conf import settings


def support_contacts() -> dict:
    """The support contacts of the settings (no database: the 500 page uses them too)."""
    return {
        "email": settings.SOR_SUPPORT_EMAIL,
        "phone": settings.SOR_SUPPORT_PHONE,
        "phone_hours": settings.SOR_SUPPORT_PHONE_HOURS,
        "technical_email": settings.SOR_TECHNICAL_SUPPORT_EMAIL,
        "medcom_email": settings.SOR_MEDCOM_EMAIL,
    }


def product(request) -> dict:
    def user_scope() -> str:
        # Looked up only if a page shows it and its view has not given it already.
        from hierarchy.permissions import user_scope_label

        user = getattr(request, "user", None)
        return user_scope_label(user) if user is not None and user.is_authenticated else ""

    def session_seconds() -> int:
        from sor_admin.middleware import SlidingSessionMiddleware

        return SlidingSessionMiddleware.seconds_left(request.session)

    return {
        "sor_support": support_contacts(),
        "sor_user_scope": user_scope,
        "sor_session_seconds": session_seconds,
        "sor_session_warning_seconds": settings.SOR_SESSION_WARNING_SECONDS,
    }
