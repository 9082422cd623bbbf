"""Federated sign-in: the identity provider's claims decide the user's SOR roles and kommuner at
every login (added and removed), so a role withdrawn at the provider is gone at the next login.
The account is keyed by issuer + `sub`. Every login, refused login and logout is an audit event
in the chain, with the claims that decided it."""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.models import AuditEvent
from hierarchy import permissions
from hierarchy import services as hierarchy_services
from hierarchy.models import AdministratorScope, Unit
from sor_admin.text import safe_text, text_problem

from .audit_actions import USER
from .models import FederatedIdentity

log = logging.getLogger(__name__)

SCOPE_REASON = "Fra log ind hos identitetsudbyderen"

MSG_NO_ROLE = (
    "Du er logget ind hos identitetsudbyderen, men du har ingen rolle i SOR. Rollen tildeles i "
    "sundhedsvæsenets brugeradministration: bed din lokale brugeradministrator om rollen "
    "«Kommunal SOR-administrator» for din kommune (eller SDS', MedComs eller supportens rolle), "
    "og log derefter ind igen."
)
MSG_NO_KOMMUNE = (
    "Din rolle som kommunal SOR-administrator angiver ingen kommune, som findes i SOR "
    "(kommunekoder: {codes}). Bed din lokale brugeradministrator om at tilknytte din kommune."
)
MSG_NO_SUBJECT = "Identitetsudbyderens svar mangler brugerens id (sub). Prøv igen, eller kontakt support."
MSG_BAD_CLAIMS = (
    "Identitetsudbyderens svar indeholder et bruger-id (sub), et navn eller en e-mailadresse, som "
    "SOR ikke kan bruge (tegn, som ikke er tilladt, eller et for langt bruger-id), så du er ikke "
    "logget ind. Kontakt support, og oplys tidspunktet."
)

# The claims that become the account (FederatedIdentity.subject, the user's name and e-mail)
# and the name on every event of the user: checked by the one text check, the sub also for its
# column's length (the name and e-mail are cut to theirs, as before).
CHECKED_CLAIMS = ("sub", "name", "preferred_username", "email")
SUBJECT_MAX_LENGTH = FederatedIdentity._meta.get_field("subject").max_length
# What a refused login's event may hold of what came from outside: each text cut, each list of
# roles or kommunekoder at most this long.
RECORDED_TEXT = 200
RECORDED_ITEMS = 20
# At most this many auth.login_failed events per client address, and in all, per window: an
# event needs a login started in the browser, but starting one needs no account, so without a
# bound anyone could fill the trail. Beyond it a refusal is only logged to the server log.
LOGIN_FAILED_WINDOW = timedelta(minutes=15)
LOGIN_FAILED_PER_ADDRESS = 10
LOGIN_FAILED_IN_ALL = 200


def role_groups() -> dict[str, str]:
    """The role values the provider sends (settings) → the SOR group each gives."""
    return {
        settings.SOR_OIDC_ROLE_KOMMUNE_ADMIN: permissions.GROUP_MUNICIPAL_ADMIN,
        settings.SOR_OIDC_ROLE_SDS: permissions.GROUP_SDS,
        settings.SOR_OIDC_ROLE_MEDCOM: permissions.GROUP_MEDCOM,
        settings.SOR_OIDC_ROLE_SUPPORT: permissions.GROUP_SUPPORT,
    }


SOR_GROUPS = (
    permissions.GROUP_MUNICIPAL_ADMIN,
    permissions.GROUP_SDS,
    permissions.GROUP_MEDCOM,
    permissions.GROUP_SUPPORT,
)
STAFF_GROUPS = {permissions.GROUP_SDS, permissions.GROUP_MEDCOM}  # they work in the Django admin


def _as_list(value) -> list[str]:
    """A claim that may be one string (space or comma separated) or a list of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.replace(",", " ").split() if v]
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


class LoginRefused(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Decision:
    """What the claims give: SOR groups and, for municipal administrators, the IEs."""

    roles: list[str]
    kommunekoder: list[str]
    groups: set[str] = field(default_factory=set)
    institution_owners: list[Unit] = field(default_factory=list)


def decide(claims: dict) -> Decision:
    """Map the claims to SOR roles and scope, or refuse (LoginRefused) with a Danish message."""
    roles = _as_list(claims.get(settings.SOR_OIDC_ROLE_CLAIM))
    codes = _as_list(claims.get(settings.SOR_OIDC_KOMMUNE_CLAIM))
    mapping = role_groups()
    decision = Decision(roles=roles, kommunekoder=codes, groups={mapping[r] for r in roles if r in mapping})
    if not decision.groups:
        raise LoginRefused("no_role", MSG_NO_ROLE)
    if permissions.GROUP_MUNICIPAL_ADMIN in decision.groups:
        wanted = [c.zfill(4) for c in codes if c.isdigit() and len(c) <= 4]
        decision.institution_owners = list(
            Unit.objects.filter(kind=Unit.Kind.INSTITUTION_OWNER, municipality__code__in=wanted).order_by(
                "name"
            )
        )
        if not decision.institution_owners:
            if decision.groups == {permissions.GROUP_MUNICIPAL_ADMIN}:
                raise LoginRefused("no_kommune", MSG_NO_KOMMUNE.format(codes=", ".join(codes) or "ingen"))
            decision.groups.discard(permissions.GROUP_MUNICIPAL_ADMIN)
    return decision


def _username(issuer: str, subject: str) -> str:
    digest = hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:20]
    return f"oidc-{digest}"


def claims_problem(claims: dict) -> str | None:
    """Why the claims that become the account cannot be stored (in Danish), or None."""
    for key in CHECKED_CLAIMS:
        value = claims.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            return f"Kravet «{key}» er ikke en tekst."
        if problem := text_problem(str(value), what=f"Kravet «{key}»"):
            return problem
    if len(str(claims.get("sub") or "")) > SUBJECT_MAX_LENGTH:
        return f"Kravet «sub» har mere end {SUBJECT_MAX_LENGTH} tegn."
    return None


def _safe_list(value) -> list[str]:
    return [safe_text(item, max_length=RECORDED_TEXT) for item in _as_list(value)[:RECORDED_ITEMS]]


def _claims_record(issuer: str, claims: dict, decision: Decision | None = None) -> dict:
    """The claims that decided, as the event records them: every text made safe (sor_admin.text
    `safe_text`), so whatever the provider sent can be stored and shown."""
    record = {
        "method": "OpenID Connect",
        "issuer": issuer,
        "subject": safe_text(claims.get("sub"), max_length=SUBJECT_MAX_LENGTH),
        "name": safe_text(claims.get("name"), max_length=RECORDED_TEXT),
        "roles": _safe_list(claims.get(settings.SOR_OIDC_ROLE_CLAIM)),
        "kommunekoder": _safe_list(claims.get(settings.SOR_OIDC_KOMMUNE_CLAIM)),
    }
    if decision is not None:
        record["groups"] = sorted(decision.groups)
        record["scopes"] = [ie.name for ie in decision.institution_owners]
    return record


def sign_in(*, issuer: str, claims: dict, address: str = ""):
    """The user for these verified claims, created or brought up to date (groups, kommune scope,
    name), with an `auth.login` event; LoginRefused (and an `auth.login_failed` event) if the
    claims cannot be stored or give no SOR role. `address`: the client's, for the throttle."""
    subject = str(claims.get("sub") or "")
    if not subject:
        login_failed(
            reason="no_subject", message=MSG_NO_SUBJECT, issuer=issuer, claims=claims, address=address
        )
        raise LoginRefused("no_subject", MSG_NO_SUBJECT)
    if problem := claims_problem(claims):
        login_failed(reason="bad_claims", message=problem, issuer=issuer, claims=claims, address=address)
        raise LoginRefused("bad_claims", MSG_BAD_CLAIMS)
    try:
        decision = decide(claims)
    except LoginRefused as refused:
        login_failed(
            reason=refused.code, message=refused.message, issuer=issuer, claims=claims, address=address
        )
        raise
    User = get_user_model()
    with transaction.atomic():
        identity = (
            FederatedIdentity.objects.select_for_update()
            .select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if identity is None:
            user = User.objects.create(username=_username(issuer, subject))
            user.set_unusable_password()
            identity = FederatedIdentity(user=user, issuer=issuer, subject=subject)
        user = identity.user
        user.first_name = str(claims.get("name") or claims.get("preferred_username") or "")[:150]
        user.last_name = ""
        user.email = str(claims.get("email") or "")[:254] if claims.get("email_verified", True) else ""
        user.is_staff = bool(decision.groups & STAFF_GROUPS)
        user.save()
        identity.last_login_at = timezone.now()
        identity.save()
        _set_groups(user, decision.groups)
        _set_scopes(user, decision.institution_owners)
        _record_user_event(user, "auth.login", _claims_record(issuer, claims, decision))
    return user


def _set_groups(user, wanted: set[str]) -> None:
    current = set(user.groups.filter(name__in=SOR_GROUPS).values_list("name", flat=True))
    for name in current - wanted:
        user.groups.remove(Group.objects.get(name=name))
    for name in wanted - current:
        group, _ = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    if hasattr(user, "_sor_scope_trees"):
        del user._sor_scope_trees


def _set_scopes(user, institution_owners: list[Unit]) -> None:
    """The administrator scopes, through the register's own (audited) scope services."""
    wanted = {ie.pk for ie in institution_owners}
    for scope in AdministratorScope.objects.filter(user=user).select_related("institution_owner", "user"):
        if scope.institution_owner_id not in wanted:
            hierarchy_services.administrator_scope_remove(actor=None, scope=scope, reason=SCOPE_REASON)
    for ie in institution_owners:
        hierarchy_services.administrator_scope_add(
            actor=None, user=user, institution_owner=ie, reason=SCOPE_REASON
        )


def _throttled(address: str) -> bool:
    """Whether the window already holds the most auth.login_failed events allowed (for this
    client address, or in all)."""
    recent = AuditEvent.objects.filter(
        action="auth.login_failed", occurred_at__gte=timezone.now() - LOGIN_FAILED_WINDOW
    )
    if recent.count() >= LOGIN_FAILED_IN_ALL:
        return True
    return bool(address) and recent.filter(after__address=address).count() >= LOGIN_FAILED_PER_ADDRESS


def login_failed(
    *, reason: str, message: str, issuer: str = "", claims: dict | None = None, address: str = ""
) -> None:
    """An `auth.login_failed` event: a refused or broken answer from the identity provider. What
    came from outside (the provider's error and description, the claims) is made safe and cut
    (`safe_text`), and beyond LOGIN_FAILED_PER_ADDRESS / LOGIN_FAILED_IN_ALL events in the window
    nothing is recorded but a line in the server log."""
    claims = claims or {}
    after = _claims_record(issuer, claims) if claims else {"method": "OpenID Connect", "issuer": issuer}
    after["reason"] = safe_text(f"{reason}: {message}", max_length=RECORDED_TEXT)
    address = safe_text(address, max_length=64)  # as recorded, so the throttle counts it so
    if address:
        after["address"] = address
    subject = safe_text(claims.get("sub"), max_length=SUBJECT_MAX_LENGTH)
    # Who the event names: the name claim, else the sub, when it is visible text.
    name = next(
        (
            text
            for text in (safe_text(claims.get("name"), max_length=RECORDED_TEXT).strip(), subject)
            if text and not text_problem(text)
        ),
        "",
    )
    with transaction.atomic():
        if _throttled(address):
            log.warning("auth.login_failed not recorded (throttled): %s from %s", after["reason"], address)
            return
        audit.record(
            actor=None,
            actor_name=safe_text(name or "ukendt", max_length=150),
            action="auth.login_failed",
            object_type=USER,
            object_id=safe_text(subject, max_length=40) or "-",
            object_repr=safe_text(name or "ukendt bruger", max_length=200),
            after=after,
        )


def _record_user_event(user, action: str, after: dict) -> None:
    name = user.get_full_name() or user.get_username()
    with transaction.atomic():
        audit.record(
            actor=user,
            actor_name=name,
            action=action,
            object_type=USER,
            object_id=user.pk,
            object_repr=name,
            after=after,
        )


def logged_out(*, user, method: str) -> None:
    _record_user_event(user, "auth.logout", {"method": method})


def password_login(*, user) -> None:
    """An `auth.login` event for a login with a local password (development, the demo, or where
    SOR_PASSWORD_LOGIN is on). Failed password logins are counted by django-axes, not logged
    here: anyone can send them, and the trail must not be filled by guessing."""
    groups = sorted(user.groups.filter(name__in=SOR_GROUPS).values_list("name", flat=True))
    _record_user_event(user, "auth.login", {"method": "Adgangskode", "groups": groups})
