"""Login throttling: after MAX_FAILURES failed logins for a user name, or from one address,
within WINDOW seconds, further attempts are refused until the window has passed, even with the
right password. Counters live in the Django cache (set CACHE_URL to a shared cache when several
processes serve the app)."""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

MAX_FAILURES = 5
WINDOW = 15 * 60
MSG_LOCKED = "For mange mislykkede forsøg på at logge ind. Vent 15 minutter, og prøv igen."


def _keys(request, username: str) -> list[str]:
    keys = [f"login-fail:user:{(username or '').strip().lower()}"]
    if request is not None:
        keys.append(f"login-fail:ip:{request.META.get('REMOTE_ADDR', '')}")
    return keys


def is_locked(request, username: str) -> bool:
    return any((cache.get(key) or 0) >= MAX_FAILURES for key in _keys(request, username))


def record_failure(request, username: str) -> None:
    for key in _keys(request, username):
        cache.add(key, 0, WINDOW)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW)


def reset(request, username: str) -> None:
    cache.delete(_keys(request, username)[0])


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("username")
        if is_locked(request, username):
            raise PermissionDenied(MSG_LOCKED)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(request, username)
        else:
            reset(request, username)
        return user
