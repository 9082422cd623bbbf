"""Token authentication for consuming systems: `Authorization: Token <token>`."""

from datetime import timedelta
from functools import wraps

from django.contrib.auth.models import User
from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone

from audit import services as audit
from hierarchy.models import Unit

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


def token_issue(
    *, actor: User | None, name: str, municipalities=(), reason: str = ""
) -> tuple[SystemToken, str]:
    """Create a token for a system; returns it and the raw token, which is never stored."""
    raw = SystemToken.new_raw_token()
    with transaction.atomic():
        token = SystemToken(name=name)
        token.set_token(raw)
        token.save()
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
