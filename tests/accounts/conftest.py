import pytest

from accounts import oidc

from .provider import LocalProvider


@pytest.fixture
def provider(settings):
    """A running test OpenID provider, and the app's settings pointed at it (plain http to
    127.0.0.1 is allowed only with DEBUG on, as in development)."""
    op = LocalProvider()
    op.thread.start()
    settings.DEBUG = True
    settings.SOR_OIDC_ISSUER = op.issuer
    settings.SOR_OIDC_CLIENT_ID = op.client_id
    settings.SOR_OIDC_CLIENT_SECRET = op.client_secret
    oidc._clients.clear()
    yield op
    oidc._clients.clear()
    op.server.shutdown()
    op.server.server_close()
