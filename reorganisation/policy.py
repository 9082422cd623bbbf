"""Who may do what with omstruktureringer, in one place (issue 27 item 8: the rules were in the
views and the services): SDS and municipal administrators author packages; a municipal
administrator sees and withdraws only the packages he or she stored, SDS every package. The
rules of each operation are the unit services' own, checked as the author when the package is
applied (reorganisation/engine.py)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from hierarchy import permissions
from sor_admin import authority

from .models import Reorganisation

MSG_NOT_YOURS = authority.text(
    "Kun {authority} og den, der registrerede omstruktureringen, kan tilbagetrække den."
)


def may_author(user) -> bool:
    """May build, preview, store and list packages (None: the system, a command)."""
    return user is None or permissions.is_sds(user) or permissions.is_municipal_admin(user)


def require_author(user) -> None:
    if not may_author(user):
        raise PermissionDenied(permissions.MSG_NOT_ADMIN)


def visible_packages(user) -> QuerySet[Reorganisation]:
    """The packages the user sees: every one for SDS, the own for a municipal administrator."""
    packages = Reorganisation.objects.select_related("created_by")
    return packages if permissions.is_sds(user) else packages.filter(created_by=user)


def require_may_withdraw(actor, package: Reorganisation) -> None:
    if actor is not None and not permissions.is_sds(actor) and package.created_by_id != actor.pk:
        raise PermissionDenied(MSG_NOT_YOURS)
