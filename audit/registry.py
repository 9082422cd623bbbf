"""The audit vocabulary: every action code the apps may write, with its Danish label, and how the
Ændringslog names an object type, a before/after key and shows its value.

Each app registers its own words from its AppConfig.ready() (as Wagtail registers log actions),
so audit imports no other app, the Ændringslog can offer every code, and `audit.services.record`
refuses a code that nobody registered."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.dateparse import parse_datetime

# (value, the snapshot it is part of) -> text; the snapshot lets a code be shown by the name
# written beside it at the time of the change.
Renderer = Callable[[Any, dict[str, Any]], str]
Namer = Callable[[str], str]


@dataclass(frozen=True)
class FieldInfo:
    label: str
    render: Renderer | None = None
    hidden: bool = False  # repeats another key (a name beside its code): not a row of its own


_actions: dict[str, str] = {}
_legacy: dict[str, str | None] = {}  # a code no longer written -> the code that replaced it
_object_types: dict[str, str] = {}
_fields: dict[str, dict[str, FieldInfo]] = {}
_scope_namer: Namer | None = None


def register_action(code: str, label: str, *, legacy: bool = False, replaced_by: str | None = None) -> None:
    """Register an action code with its Danish label. A `legacy` code is one the code base no
    longer writes: events already stored with it keep their label (and are found by the filter
    of the code that `replaced_by` names), but `record` refuses to write it again."""
    known = _actions.get(code)
    if known is not None and known != label:
        raise ImproperlyConfigured(f"Audit action {code!r} is registered twice, as {known!r} and {label!r}.")
    if replaced_by is not None and not legacy:
        raise ImproperlyConfigured(f"Audit action {code!r}: only a legacy code is replaced by another.")
    _actions[code] = label
    if legacy:
        _legacy[code] = replaced_by
    else:
        _legacy.pop(code, None)


def is_registered(code: str) -> bool:
    """May events be written with `code`? (Registered and not legacy.)"""
    return code in _actions and code not in _legacy


def is_legacy(code: str) -> bool:
    return code in _legacy


def actions() -> dict[str, str]:
    """Every code that may be written and its Danish label, in registration order (the
    Ændringslog's action filter)."""
    return {code: label for code, label in _actions.items() if code not in _legacy}


def action_codes(code: str) -> list[str]:
    """The stored codes an action filter for `code` matches: itself and the legacy codes it
    replaced."""
    return [code, *(old for old, new in _legacy.items() if new == code)]


def action_label(code: str) -> str:
    return _actions.get(code, code)


def register_object_type(object_type: str, label: str) -> None:
    _object_types[object_type] = label


def object_type_label(object_type: str) -> str:
    return _object_types.get(object_type, object_type)


def register_fields(
    object_type: str,
    labels: dict[str, str],
    *,
    renderers: dict[str, Renderer] | None = None,
    hidden: tuple[str, ...] = (),
) -> None:
    """Labels (and value renderers) for the before/after keys of an object type. Several apps
    may add keys to one object type (exchange adds SOR-tillæg to a lokationsnummer)."""
    renderers = renderers or {}
    unknown = (set(renderers) | set(hidden)) - set(labels)
    if unknown:
        raise ImproperlyConfigured(f"Audit keys without a label for {object_type}: {sorted(unknown)}")
    fields = _fields.setdefault(object_type, {})
    for key, label in labels.items():
        fields[key] = FieldInfo(str(label), renderers.get(key), key in hidden)


def field_info(object_type: str, key: str) -> FieldInfo:
    return _fields.get(object_type, {}).get(key) or FieldInfo(key)


def field_label(object_type: str, key: str) -> str:
    return field_info(object_type, key).label


def field_names(object_type: str) -> Renderer:
    """A renderer for a list of keys of the object type (the "changed_fields" of an update)."""
    return lambda keys, _snapshot: ", ".join(field_label(object_type, key) for key in keys or ())


def register_scope_namer(namer: Namer) -> None:
    """How the IE behind an event's scope_id (a SOR-ID) is named on the event page."""
    global _scope_namer
    _scope_namer = namer


def scope_name(scope_id: str) -> str:
    if not scope_id or _scope_namer is None:
        return scope_id
    return _scope_namer(scope_id)


# Snapshots hold dates and times as ISO strings (JSON has no date type).
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*")


def _plain(value: Any) -> str:
    if isinstance(value, str):
        try:
            if _ISO_DATE.fullmatch(value):
                return date.fromisoformat(value).strftime("%d-%m-%Y")
            if _ISO_DATETIME.fullmatch(value) and (moment := parse_datetime(value)) is not None:
                if timezone.is_aware(moment):
                    moment = timezone.localtime(moment)
                return moment.strftime("%d-%m-%Y %H:%M")
        except ValueError:  # looks like a date but is none: shown as written
            return value
        return value
    return str(value)


def render_value(object_type: str, key: str, value: Any, snapshot: dict[str, Any] | None = None) -> str:
    """A before/after value as the reviewer reads it: Ja/Nej, dd-mm-åååå, names for codes, lists
    and nested records spelt out with their labels."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    render = field_info(object_type, key).render
    if render is not None:
        return render(value, snapshot or {})
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, dict):
        return "; ".join(
            f"{field_label(object_type, k)}: {shown}"
            for k, v in value.items()
            if not field_info(object_type, k).hidden and (shown := render_value(object_type, k, v, value))
        )
    if isinstance(value, list):
        return ", ".join(render_value(object_type, key, item, snapshot) for item in value)
    return _plain(value)
