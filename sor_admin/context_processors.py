"""What every page of the product shows around its content: the support contacts in the footer,
the time left of the session (for its warning). The user's kommune in the header is the
register's (`hierarchy.context_processors.user_scope`): sor_admin imports no app."""

from django.conf import settings

from sor_admin import authority


def support_contacts() -> dict:
    """The support contacts of the settings (no database: the 500 page uses them too)."""
    return {
        "email": settings.SOR_SUPPORT_EMAIL,
        "phone": settings.SOR_SUPPORT_PHONE,
        "phone_hours": settings.SOR_SUPPORT_PHONE_HOURS,
        "technical_email": settings.SOR_TECHNICAL_SUPPORT_EMAIL,
        "medcom_email": settings.SOR_MEDCOM_EMAIL,
        # The authority's and MedCom's names (SOR_AUTHORITY_NAME, SOR_MEDCOM_NAME).
        "authority": authority.authority_name(),
        "authority_s": authority.genitive(authority.authority_name()),
        "medcom": authority.medcom_name(),
    }


def product(request) -> dict:
    def session_seconds() -> int:
        from sor_admin.middleware import SlidingSessionMiddleware

        return SlidingSessionMiddleware.seconds_left(request.session)

    return {
        "sor_support": support_contacts(),
        "sor_session_seconds": session_seconds,
        "sor_session_warning_seconds": settings.SOR_SESSION_WARNING_SECONDS,
    }
