"""A plan's selectors turned into SOR-koder, as the register stands for the effective date: the
operations that are stored with the package (and applied on its date). Reads only."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from hierarchy.asof import versions_on
from hierarchy.models import AdministratorScope, Municipality, Unit
from hierarchy.periods import open_on

from .plan import MAX_OPERATIONS, MSG_TOO_MANY_RESOLVED, Plan, parse_day, where

MSG_NO_MATCH = "{where}: ingen enhed matcher {selector}."
MSG_MANY = (
    "{where}: {count} enheder matcher {selector}; gør udpegningen entydig (fx med «under» eller «sor_id»)."
)
MSG_NO_CHILDREN = "{where}: {parent} har ingen underenheder af typen {kind} pr. {day}."
MSG_NO_USER = "{where}: brugeren «{user}» findes ikke."


def _describe(selector: dict) -> str:
    if "sor_id" in selector:
        return f"SOR-koden {selector['sor_id']}"
    if "region_code" in selector:
        return f"regionen med regionskoden {selector['region_code']}"
    text = f"{selector.get('kind')} «{selector.get('name')}»"
    if "under" in selector:
        text += f" under {_describe(selector['under'])}"
    return text


class Resolver:
    def __init__(self, plan: Plan):
        self.day = plan.effective_date
        self.errors: list[str] = []

    def unit(self, selector: dict, at: str) -> dict | None:
        """{"ref": ...} stays as it is; anything else becomes {"sor_id": ...} or an error."""
        if "ref" in selector:
            return {"ref": selector["ref"]}
        found = self._match(selector)
        if len(found) != 1:
            message = MSG_NO_MATCH if not found else MSG_MANY
            self.errors.append(message.format(where=at, selector=_describe(selector), count=len(found)))
            return None
        return {"sor_id": found[0].sor_id}

    def _match(self, selector: dict) -> list[Unit]:
        units = Unit.objects.all()
        if "sor_id" in selector:
            return list(units.filter(sor_id=selector["sor_id"]))
        if "region_code" in selector:
            names = Municipality.objects.filter(region_code=selector["region_code"]).values("region_name")
            selector = {"kind": Unit.Kind.INSTITUTION_OWNER, "name": names[:1]}
        # Still in force the day before the reorganisation (a unit it closes then is included).
        units = units.filter(kind=selector["kind"], name=selector["name"]).filter(
            open_on(self.day - timedelta(days=1))
        )
        if "under" in selector:
            parents = self._match(selector["under"])
            units = units.filter(parent__in=parents)
        return list(units[:10])

    def children(self, spec: dict, at: str) -> list[dict]:
        parent = self._match(spec["children_of"]) if "ref" not in spec["children_of"] else []
        if len(parent) != 1:
            self.unit(spec["children_of"], at)  # reports the problem
            return []
        kind = spec.get("kind")
        ids = versions_on(self.day).filter(parent=parent[0]).values("unit_id")
        children = Unit.objects.filter(pk__in=ids).order_by("name", "sor_id")
        if kind:
            children = children.filter(kind=kind)
        if not children:
            self.errors.append(
                MSG_NO_CHILDREN.format(
                    where=at, parent=parent[0].name, kind=kind or "alle", day=f"{self.day:%d-%m-%Y}"
                )
            )
        return [{"sor_id": sor_id} for sor_id in children.values_list("sor_id", flat=True)]

    def user(self, username: str, at: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            self.errors.append(MSG_NO_USER.format(where=at, user=username))
        return user


def resolve(plan: Plan) -> list[dict]:
    """The operations with every unit as {"sor_id"} or {"ref"}; a move of many units becomes one
    move per unit, "move_scopes" one scope_add and scope_remove per administrator. Raises a
    ValidationError listing every selector that does not name exactly one unit."""
    resolver = Resolver(plan)
    resolved: list[dict] = []
    for index, op in enumerate(plan.operations, start=1):
        at = where(index, op)
        kind = op["op"]
        base = {
            k: v
            for k, v in op.items()
            if k not in ("unit", "units", "to", "by", "parent", "copy_from", "ie", "from")
        }
        base["source"] = index
        if kind == "move":
            targets = [op["unit"]] if "unit" in op else op["units"] if isinstance(op["units"], list) else None
            units = (
                [resolver.unit(t, at) for t in targets]
                if targets is not None
                else resolver.children(op["units"], at)
            )
            to = resolver.unit(op["to"], at)
            resolved += [{**base, "unit": unit, "to": to} for unit in units]
        elif kind == "move_scopes":
            old, new = resolver.unit(op["from"], at), resolver.unit(op["to"], at)
            if old is not None and "sor_id" in old:
                users = AdministratorScope.objects.filter(institution_owner__sor_id=old["sor_id"]).order_by(
                    "user__username"
                )
                for user_id, username in users.values_list("user_id", "user__username"):
                    who = {"user": username, "user_id": user_id}
                    resolved.append({"op": "scope_add", "source": index, **who, "ie": new})
                    resolved.append({"op": "scope_remove", "source": index, **who, "ie": old})
        else:
            item = dict(base)
            for key in ("unit", "to", "by", "parent", "copy_from", "ie"):
                if key in op:
                    item[key] = resolver.unit(op[key], at)
            if kind in ("scope_add", "scope_remove"):
                # kept by id, so a user renamed before the date is still the one named here
                user = resolver.user(op["user"], at)
                item["user_id"] = user.pk if user is not None else None
            if kind == "close":
                last = (
                    parse_day(op["last_day"]) if "last_day" in op else plan.effective_date - timedelta(days=1)
                )
                item["last_day"] = last.isoformat()
            resolved.append(item)
    if resolver.errors:
        raise ValidationError(resolver.errors)
    if len(resolved) > MAX_OPERATIONS:
        raise ValidationError(MSG_TOO_MANY_RESOLVED.format(count=len(resolved), limit=MAX_OPERATIONS))
    return resolved
