"""Token authentication for consuming systems: `Authorization: Token <token>`."""

from datetime import timedelta
from functools import wraps

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils import timezone

from audit import services as audit
from hierarchy.models import Unit
from hierarchy.permissions import is_sds
from sor_admin import authority
from sor_admin.text import text_problem

from .models import SystemToken, hash_token

MSG_NO_TOKEN = "Angiv et systemtoken i headeren Authorization: Token <token>."
MSG_BAD_TOKEN = "Ukendt eller tilbagekaldt systemtoken."
# Writing last_used_at on every call would turn each read into a write; once a minute is enough.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def _unauthorized(message: str, code: str) -> JsonResponse:
    response = JsonResponse(
        {"error": message, "code": code}, status=401, json_dumps_params={"ensure_ascii": False}
    )
    response["WWW-Authenticate"] = 'Token realm="SOR API"'
    return response


def token_from_request(request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "token" or not value.strip():
        return None
    return value.strip()


class ApiScope:
    """What the token may see: every IE tree (`tree_ids` None) or those of its kommuner."""

    def __init__(self, token: SystemToken):
        self.token = token
        codes = list(token.municipalities.values_list("code", flat=True))
        if codes:
            owners = Unit.objects.filter(municipality__code__in=codes, kind=Unit.Kind.INSTITUTION_OWNER)
            self.tree_ids = set(owners.values_list("node__tree_id", flat=True))
            self.owner_sor_ids = set(owners.values_list("sor_id", flat=True))
        else:
            self.tree_ids = None
            self.owner_sor_ids = None

    @property
    def limited(self) -> bool:
        return self.tree_ids is not None

    def allows(self, unit: Unit) -> bool:
        return self.tree_ids is None or unit.tree_id in self.tree_ids


def token_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        raw = token_from_request(request)
        if raw is None:
            return _unauthorized(MSG_NO_TOKEN, "token_missing")
        token = SystemToken.objects.filter(key_hash=hash_token(raw), revoked_at__isnull=True).first()
        if token is None:
            return _unauthorized(MSG_BAD_TOKEN, "token_invalid")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
            SystemToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request.api_scope = ApiScope(token)
        return view(request, *args, **kwargs)

    return wrapper


MSG_TOKEN_RIGHTS = authority.text(
    "Kun {authority_s} medarbejdere kan udstede og tilbagekalde systemtokens til API'et. "
    "Kontakt {authority}, hvis et system skal have adgang."
)
MSG_TOKEN_NAME_MISSING = "Skriv systemets navn, fx 'FMK test'."
MSG_TOKEN_NAME_LENGTH = "Systemets navn må højst være {max} tegn; det er {length}. Skriv et kortere navn."
MSG_TOKEN_NAME_TAKEN = (
    "Der findes allerede et token for {name}. Vælg et andet navn, eller tilbagekald det gamle."
)
TOKEN_NAME_MAX = SystemToken._meta.get_field("name").max_length


def require_can_manage_tokens(actor: User | None) -> None:
    """Who may issue and revoke system tokens: the system itself (`actor` None: the management
    commands, run by the operator) and SDS staff (the SDS group or a superuser, as
    `hierarchy.permissions.is_sds` says); a token reads the whole register or whole kommuner,
    which no kommune, MedCom or Support role may hand out."""
    if actor is not None and not (actor.is_active and is_sds(actor)):
        raise PermissionDenied(MSG_TOKEN_RIGHTS)


def token_name_problem(name) -> str | None:
    """None if `name` may name a system token, else the Danish message (checked before any query
    with it: PostgreSQL refuses NUL in a query parameter, and the column holds 100 characters)."""
    if not isinstance(name, str) or not name.strip():
        return MSG_TOKEN_NAME_MISSING
    name = name.strip()
    if len(name) > TOKEN_NAME_MAX:
        return MSG_TOKEN_NAME_LENGTH.format(max=TOKEN_NAME_MAX, length=len(name))
    return text_problem(name, what="Systemets navn")


def token_issue(
    *, actor: User | None, name: str, municipalities=(), reason: str = ""
) -> tuple[SystemToken, str]:
    """Create a token for a system; returns it and the raw token, which is never stored.
    PermissionDenied for an actor who may not (require_can_manage_tokens), ValidationError with
    a Danish message for a name that is not allowed or taken."""
    require_can_manage_tokens(actor)
    problem = token_name_problem(name)
    if problem:
        raise ValidationError(problem, code="name")
    name = name.strip()
    raw = SystemToken.new_raw_token()
    taken = ValidationError(MSG_TOKEN_NAME_TAKEN.format(name=name), code="name_taken")
    with transaction.atomic():
        if SystemToken.objects.filter(name=name).exists():
            raise taken
        token = SystemToken(name=name)
        token.set_token(raw)
        try:
            with transaction.atomic():  # the unique name decides a race between two issues
                token.save()
        except IntegrityError as exc:
            raise taken from exc
        token.municipalities.set(municipalities)
        audit.record(
            actor=actor,
            action="exchange.token.issue",
            object_type="exchange.system_token",
            object_id=str(token.pk),
            object_repr=str(token),
            reason=reason,
            before=None,
            after={"name": name, "prefix": token.prefix, "kommuner": sorted(m.code for m in municipalities)},
        )
    return token, raw


def token_revoke(*, actor: User | None, token: SystemToken, reason: str = "") -> SystemToken:
    require_can_manage_tokens(actor)
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="exchange.token.revoke",
            object_type="exchange.system_token",
            object_id=str(token.pk),
            object_repr=str(token),
            reason=reason,
            before={"name": token.name, "prefix": token.prefix},
            after={"revoked_at": token.revoked_at.isoformat()},
        )
    return token
