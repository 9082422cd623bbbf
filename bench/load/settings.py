"""The production settings (sor_admin.settings.prod) for a load test on loopback, over plain
HTTP: only what needs TLS is turned off (secure cookies and the redirect to https; locust's
client, like a browser, keeps a Secure cookie away from an http:// address). Everything else,
DEBUG off, password hashing, WhiteNoise's manifest, the middleware, is production's."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "load-test-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SOR_PASSWORD_LOGIN", "true")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

from sor_admin.settings.prod import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
