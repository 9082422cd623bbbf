"""Ændringslog: the audit review for support and SDS staff (README.md). Read-only: filter the
events, page back through them by seq (keyset), open one event's before/after diff, export the
filtered events as CSV, and see how far the hash chain was last verified."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit import registry
from audit.models import AuditEvent
from audit.selectors import AuditFilter, audit_page, event_diff, filtered_events
from audit.verification import chain_status
from hierarchy import permissions
from sor_admin import authority
from sor_admin.csvexport import CsvWriter

from .forms import AuditFilterForm, parse_before_seq

PAGE_SIZE = 50
CSV_MAX_ROWS = 100_000
BEFORE_PARAM = "før"
FILTER_PARAMS = (
    "kommune",
    "sor_kode",
    "bruger",
    "handling",
    "dato_fra",
    "dato_til",
    "begrundelse",
    "log_ind",
)
# Object types whose object_id is only a database key (a user's, a run's, a token's): the log
# names such an object by its type and name, never by the number ("support 5" said nothing).
DATABASE_KEY_TYPES = frozenset(
    {"auth.user", "quality.run", "quality.deviation", "exchange.system_token", "addresses.address"}
)


def _require_reviewer(user) -> None:
    if not permissions.can_review_audit(user):
        raise PermissionDenied(authority.fill("Ændringsloggen kan kun ses af support og {authority}."))


def _filter_params(request) -> dict:
    return {k: request.GET[k] for k in FILTER_PARAMS if request.GET.get(k, "").strip()}


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%d-%m-%Y %H:%M") if dt else ""


def chain_state() -> dict:
    """{"ok": bool, "text": str} for the line above the table. Never "verificeret" when the
    last verified head has since gone or changed, even before the next verify_audit run."""
    checkpoint, head_problem = chain_status()
    if head_problem:
        return {
            "ok": False,
            "text": f"Kæden er brudt: {head_problem} Kør manage.py verify_audit, og undersøg hvem "
            "der har ændret ændringsloggen.",
        }
    if checkpoint is None or (checkpoint.ok and checkpoint.through_seq is None):
        return {"ok": True, "text": "Kæden er endnu ikke verificeret"}
    if not checkpoint.ok:
        text = "Kæden er brudt"
        if checkpoint.through_seq is not None:
            text += f" efter hændelse {checkpoint.through_seq}"
        if checkpoint.problem:
            text += f": {checkpoint.problem}"
        return {"ok": False, "text": text}
    return {
        "ok": True,
        "text": f"Kæden er verificeret til hændelse {checkpoint.through_seq}, "
        f"tidspunkt {_local(checkpoint.through_occurred_at)}",
    }


def _form_and_filter(request) -> tuple[AuditFilterForm, AuditFilter | None]:
    form = AuditFilterForm(_filter_params(request) or None)
    if not form.is_bound:
        return form, AuditFilter()
    return form, form.to_filter()


@login_required
@require_GET
def log(request):
    _require_reviewer(request.user)
    form, audit_filter = _form_and_filter(request)
    status = 200 if audit_filter is not None else 422
    try:
        before_seq = parse_before_seq(request.GET.get(BEFORE_PARAM, ""))
    except ValidationError as exc:
        if not form.is_bound:  # only a bound (and cleaned) form takes an error
            form = AuditFilterForm({})
        form.is_valid()
        form.add_error(None, exc)
        audit_filter, before_seq, status = None, None, 400
    events, next_before = ([], None)
    if audit_filter is not None:
        events, next_before = audit_page(audit_filter, before_seq=before_seq, size=PAGE_SIZE)
    params = _filter_params(request)
    query = urlencode(params)
    context = {
        "form": form,
        "events": [
            {
                "event": e,
                "label": registry.action_label(e.action),
                "object_type": registry.object_type_label(e.object_type),
                "object_code": _object_code(e),
            }
            for e in events
        ],
        "older_url": f"?{urlencode({**params, BEFORE_PARAM: next_before})}" if next_before else "",
        # also after a refused cursor: the message tells the reviewer to go to the newest page
        "newest_url": f"?{query}" if before_seq is not None or status == 400 else "",
        "csv_query": f"?{query}" if query else "",
        "query": f"?{query}" if query else "",
        "chain": chain_state(),
        "sor_user_scope": permissions.user_scope_label(request.user),
    }
    return render(request, "audit/log.html", context, status=status)


# Events that record a move as "from_X"/"to_X" beside the snapshots (a move's snapshots are
# today's, so one dated later has the same parent before and after): shown as one row of X.
MOVE_KEYS = {"from_parent": ("to_parent", "parent")}


def _object_code(event: AuditEvent) -> str:
    """The object's code as the log shows it beside its name: a SOR-kode, GLN or case number;
    nothing for a database key or a composite key ("user:IE")."""
    if event.object_type in DATABASE_KEY_TYPES or ":" in event.object_id:
        return ""
    return event.object_id


def _changes(event: AuditEvent, diff) -> list[dict]:
    """The diff's rows in the reviewer's words: Danish field labels and rendered values. A move's
    "Fra/Til overliggende enhed" become the Før and Efter of one "Overliggende enhed" row."""
    object_type, rows = event.object_type, []
    after_values = event.after or {}
    keys = {key for key, _before, _after in diff}
    paired = set()
    for from_key, (to_key, field_key) in MOVE_KEYS.items():
        if from_key in after_values and to_key in after_values:
            paired |= {from_key, to_key}
            if field_key not in keys:
                field = registry.field_info(object_type, field_key)
                rows.append(
                    {
                        "key": field_key,
                        "label": field.label,
                        "before": registry.render_value(
                            object_type, from_key, after_values[from_key], event.after
                        ),
                        "after": registry.render_value(
                            object_type, to_key, after_values[to_key], event.after
                        ),
                    }
                )
    for key, before, after in diff:
        field = registry.field_info(object_type, key)
        if not field.hidden and key not in paired:
            rows.append(
                {
                    "key": key,
                    "label": field.label,
                    "before": registry.render_value(object_type, key, before, event.before),
                    "after": registry.render_value(object_type, key, after, event.after),
                }
            )
    return rows


@login_required
@require_GET
def event_detail(request, seq):
    _require_reviewer(request.user)
    event = AuditEvent.objects.filter(seq=seq).first()
    if event is None:
        raise Http404("Der findes ingen hændelse med dette løbenummer.")
    diff = event_diff(event)
    context = {
        "event": event,
        "label": registry.action_label(event.action),
        "object_type": registry.object_type_label(event.object_type),
        "object_code": _object_code(event),
        "scope_name": registry.scope_name(event.scope_id),
        "diff": diff,
        "changes": _changes(event, diff),
        "back_query": urlencode(_filter_params(request)),
        "sor_user_scope": permissions.user_scope_label(request.user),
    }
    return render(request, "audit/event.html", context)


CSV_HEADER = [
    "Løbenummer",
    "Tidspunkt",
    "Bruger",
    "Handling",
    "Kode",
    "Objekttype",
    "Objekt-id",
    "Objekt",
    "Institutionsejer",
    "Gældende fra",
    "Begrundelse",
    "Kilde",
]


def _csv_rows(audit_filter: AuditFilter):
    writer = CsvWriter()
    yield writer.header_row(CSV_HEADER)
    qs = filtered_events(audit_filter)[:CSV_MAX_ROWS]
    for e in qs.iterator(chunk_size=2000):
        yield writer.row(
            [
                e.seq,
                _local(e.occurred_at),
                e.actor_name,
                registry.action_label(e.action),
                e.action,
                e.object_type,
                e.object_id,
                e.object_repr,
                e.scope_id,
                e.effective_date.strftime("%d-%m-%Y") if e.effective_date else "",
                e.reason,
                e.source,
            ]
        )


@login_required
@require_GET
def log_csv(request):
    _require_reviewer(request.user)
    form, audit_filter = _form_and_filter(request)
    if audit_filter is None:
        return render(
            request,
            "audit/log.html",
            {"form": form, "events": [], "chain": chain_state(), "query": ""},
            status=422,
        )
    response = StreamingHttpResponse(_csv_rows(audit_filter), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="aendringslog-{stamp}.csv"'
    return response
