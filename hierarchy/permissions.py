"""Who may do what. The one place roles are defined; services call these checks, so no path
(GUI, admin, command) gets around them."""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from sor_admin import authority

from .models import AdministratorScope, Unit

# A request's user (anonymous before login), or None: the system (commands, imports, jobs).
AnyUser = User | AnonymousUser | None

GROUP_MUNICIPAL_ADMIN = "Kommunal SOR-administrator"
GROUP_SDS = "SDS"
GROUP_MEDCOM = "MedCom"
GROUP_SUPPORT = "Support"

MSG_NOT_ADMIN = "Du har ikke en SOR-administratorrolle. Kontakt din lokale brugeradministrator."
MSG_OUT_OF_SCOPE = (
    "Enheden {unit} ligger uden for din kommunes organisation. "
    "Du kan kun ændre enheder under din egen kommune."
)
# The authority's name and addresses are settings (sor_admin/authority.py), filled in when shown.
MSG_SDS_ONLY = authority.text(
    "Institutionsejere (IE) og sundhedsinstitutioner (SI) vedligeholdes af {authority}. "
    "Skriv til {support_email}."
)
MSG_COMMUNICATION_UNIT = authority.text(
    "Enheden {unit} hører til Kommunens kommunikation (lokationsnumre til korrespondancemodul og "
    "sygehusadviser) og skal forblive, som den er. Kontakt {medcom_or_authority}."
)
MSG_COMMUNICATION_PARENT = authority.text(
    "{unit} hører til Kommunens kommunikation og kan ikke få nye underenheder, da de ville arve "
    "dens lokationsnummer. Vælg en anden overliggende enhed, eller kontakt {authority}."
)
MSG_LOCATION_NUMBERS = authority.text(
    "Lokationsnumre vedligeholdes af {authority} og meddelelsestyper af {medcom}. "
    "Skriv til {support_or_medcom_email}."
)


def _in_group(user: AnyUser, name: str) -> bool:
    if not user or not user.is_authenticated:
        return False
    cache: set[str] | None = getattr(user, "_sor_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        setattr(user, "_sor_groups", cache)  # noqa: B010  # per-request cache on the user object
    return name in cache


def is_sds(user: AnyUser) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or _in_group(user, GROUP_SDS)))


def is_medcom(user: AnyUser) -> bool:
    return _in_group(user, GROUP_MEDCOM)


def is_support(user: AnyUser) -> bool:
    return _in_group(user, GROUP_SUPPORT)


def is_municipal_admin(user: AnyUser) -> bool:
    return _in_group(user, GROUP_MUNICIPAL_ADMIN)


def scope_tree_ids(user: AnyUser) -> set[int]:
    """The MPTT tree ids of the IEs the user administers."""
    if not is_municipal_admin(user) or not isinstance(user, User):
        return set()
    cache: set[int] | None = getattr(user, "_sor_scope_trees", None)
    if cache is None:
        cache = set(
            AdministratorScope.objects.filter(user=user).values_list(
                "institution_owner__node__tree_id", flat=True
            )
        )
        setattr(user, "_sor_scope_trees", cache)  # noqa: B010  # per-request cache
    return cache


def in_scope(user: AnyUser, unit: Unit) -> bool:
    return unit.tree_id in scope_tree_ids(user)


def may_place_under(user: AnyUser, parent: Unit) -> bool:
    """May the user give `parent` a new child, by create or by move (R7)? A unit below a
    Kommunens kommunikation unit would inherit its protected lokationsnummer, so only SDS may."""
    return is_sds(user) or not parent.is_municipal_communication


def require_can_create_under(user: AnyUser, parent: Unit | None, kind: str) -> None:
    if is_sds(user):
        return
    if not is_municipal_admin(user):
        raise PermissionDenied(MSG_NOT_ADMIN)
    if kind != Unit.Kind.ORGANISATIONAL_UNIT:
        raise PermissionDenied(MSG_SDS_ONLY)
    if parent is not None and not in_scope(user, parent):
        raise PermissionDenied(MSG_OUT_OF_SCOPE.format(unit=parent.name))
    if parent is not None and not may_place_under(user, parent):
        raise PermissionDenied(MSG_COMMUNICATION_UNIT.format(unit=parent.name))


def require_can_maintain(user: AnyUser, unit: Unit) -> None:
    if is_sds(user):
        return
    if not is_municipal_admin(user):
        raise PermissionDenied(MSG_NOT_ADMIN)
    if unit.kind != Unit.Kind.ORGANISATIONAL_UNIT:
        raise PermissionDenied(MSG_SDS_ONLY)
    if not in_scope(user, unit):
        raise PermissionDenied(MSG_OUT_OF_SCOPE.format(unit=unit.name))
    if unit.is_municipal_communication:
        raise PermissionDenied(MSG_COMMUNICATION_UNIT.format(unit=unit.name))


MSG_SDS_STAFF_ONLY = authority.text("Kun {authority_s} medarbejdere kan gøre dette.")


def require_sds(user: AnyUser) -> None:
    if not is_sds(user):
        raise PermissionDenied(MSG_SDS_STAFF_ONLY)


def require_can_manage_location_numbers(user: AnyUser) -> None:
    if not is_sds(user):
        raise PermissionDenied(MSG_LOCATION_NUMBERS)


def require_can_manage_message_types(user: AnyUser) -> None:
    if not (is_sds(user) or is_medcom(user)):
        raise PermissionDenied(MSG_LOCATION_NUMBERS)


def can_review_audit(user: AnyUser) -> bool:
    return is_sds(user) or is_support(user)


def user_scope_label(user: AnyUser) -> str:
    """The kommune(r) shown next to the user's name in the header."""
    if is_sds(user):
        return authority.authority_name()
    if not is_municipal_admin(user) or not isinstance(user, User):
        return ""
    owners = AdministratorScope.objects.filter(user=user).values("institution_owner_id")
    return ", ".join(Unit.objects.filter(pk__in=owners).order_by("name").values_list("name", flat=True))
