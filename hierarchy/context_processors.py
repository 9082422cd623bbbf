"""The user's scope in every page's header ("Allerød Kommune", "Sundhedsdatastyrelsen"): the
register's roles, so it is the register's context processor, not the project's."""

from collections.abc import Callable

from django.http import HttpRequest

from .permissions import user_scope_label


def user_scope(request: HttpRequest) -> dict[str, Callable[[], str]]:
    def label() -> str:
        # Looked up only if a page shows it and its view has not given it already.
        user = getattr(request, "user", None)
        return user_scope_label(user) if user is not None and user.is_authenticated else ""

    return {"sor_user_scope": label}
