from django.apps import AppConfig


class SorAdminConfig(AppConfig):
    """The project package as an app only to connect its signal receivers at start-up."""

    name = "sor_admin"
    verbose_name = "SOR Admin"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import SlidingSessionMiddleware

        user_logged_in.connect(SlidingSessionMiddleware.renewed_at_login, dispatch_uid="sor-session-login")
