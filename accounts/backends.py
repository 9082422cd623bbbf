from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Django's password check, switched off by SOR_PASSWORD_LOGIN (off in production by default,
    where users sign in at the identity provider). Sessions of federated users are still read
    through it (`get_user`), so it stays in AUTHENTICATION_BACKENDS either way."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.SOR_PASSWORD_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
