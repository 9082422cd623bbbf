"""Administrator scopes: which IE a municipal administrator maintains (SDS only)."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from audit import services as audit

from .. import permissions
from ..models import AdministratorScope, Unit

# --- administrator scopes -------------------------------------------------------------------

MSG_SCOPE_IE = "Administratoransvar gives for en institutionsejer (IE)."


def _scope_snapshot(scope: AdministratorScope) -> dict[str, Any]:
    return {"user": scope.user.get_username(), "institution_owner": scope.institution_owner.sor_id}


def _audit_scope(
    actor: User | None,
    action: str,
    scope: AdministratorScope,
    reason: str,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="hierarchy.administrator_scope",
        object_id=f"{scope.user_id}:{scope.institution_owner.sor_id}",
        object_repr=f"{scope.user.get_username()} → {scope.institution_owner.name}",
        scope_id=scope.institution_owner.sor_id,
        reason=reason,
        before=before,
        after=after,
    )


def administrator_scope_add(
    *, actor: User | None, user: User, institution_owner: Unit, reason: str = ""
) -> AdministratorScope:
    """Make `user` a municipal administrator of the IE (SDS only)."""
    if actor is not None:
        permissions.require_sds(actor)
    if institution_owner.kind != Unit.Kind.INSTITUTION_OWNER:
        raise ValidationError({"institution_owner": MSG_SCOPE_IE})
    with transaction.atomic():
        scope, created = AdministratorScope.objects.get_or_create(
            user=user, institution_owner=institution_owner
        )
        if created:
            _audit_scope(
                actor, "hierarchy.scope.add", scope, reason, before=None, after=_scope_snapshot(scope)
            )
    return scope


def administrator_scope_remove(*, actor: User | None, scope: AdministratorScope, reason: str = "") -> None:
    if actor is not None:
        permissions.require_sds(actor)
    with transaction.atomic():
        _audit_scope(
            actor, "hierarchy.scope.remove", scope, reason, before=_scope_snapshot(scope), after=None
        )
        scope.delete()
