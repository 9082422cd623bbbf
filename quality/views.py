"""/kvalitet/: the Kvalitetstjek page. A municipal administrator sees the own kommune's
findings; SDS and support see the whole register, with a kommune filter and a national
overview. The CSV holds the same findings as the page, through the one CSV writer; a run of a
kommune is started by POST (audited by the run service)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from hierarchy import permissions
from hierarchy.dates import today
from hierarchy.models import Municipality, Unit
from sor_admin import authority
from sor_admin.csvexport import CsvWriter, excel_text

from . import chart, selectors
from .deviations import deviation_accept, deviation_withdraw, may_decide
from .forms import DeviationForm
from .models import AcceptedDeviation
from .rules import PACK_OF, PACKS, RULES
from .runs import may_run, run_checks, user_kommuner

MSG_NO_ACCESS = authority.text(
    "Kvalitetstjekket kan ses af kommunale SOR-administratorer, support og {authority}. "
    "Kontakt din lokale brugeradministrator, hvis du skal have adgang."
)
MSG_UNKNOWN_KOMMUNE = "Vælg en kommune fra listen."
MSG_RUN_DONE = "Kvalitetstjekket af {scope} er kørt: {total} fund."

CSV_HEADER = [
    "Kommunekode",
    "Kommune",
    "Regelpakke",
    "Regel-id",
    "Regel",
    "Alvor",
    "SOR-kode",
    "Enhed",
    "Først fundet",
    "Ny siden sidste kørsel",
    "Kontrolleret pr.",
]


def _sees_all(user) -> bool:
    return permissions.is_sds(user) or permissions.is_support(user)


def _scope(request, value: str) -> tuple[str | None, list[str]]:
    """(the kommune shown, None for the whole register; the kommuner the user may choose).
    A municipal administrator always sees one of the own kommuner, whatever is asked for."""
    if _sees_all(request.user):
        code = value if value and Municipality.objects.filter(code=value).exists() else None
        return code, []
    own = user_kommuner(request.user) if permissions.is_municipal_admin(request.user) else []
    if not own:
        raise PermissionDenied(MSG_NO_ACCESS)
    return (value if value in own else own[0]), own


@login_required
@require_GET
def index(request):
    kommune, own = _scope(request, request.GET.get("kommune", "").strip())
    run = selectors.current_run(kommune)
    points = selectors.trend(kommune)
    context = {
        "kommune": Municipality.objects.filter(code=kommune).first() if kommune else None,
        "own_kommuner": Municipality.objects.filter(code__in=own).order_by("name"),
        "sees_all": _sees_all(request.user),
        "all_kommuner": Municipality.objects.order_by("name") if _sees_all(request.user) else [],
        "run": run,
        # The whole register's findings are many: listed per unit only for one kommune.
        "packs": selectors.pack_summaries(run, kommune, with_findings=kommune is not None),
        "pack_titles": [pack.title for pack in PACKS],
        "overview": selectors.national_overview(run) if kommune is None else [],
        "points": points,
        "chart": chart.trend_svg(points),
        "may_run": kommune is not None and may_run(request.user, Municipality(code=kommune)),
        "may_run_all": kommune is None and permissions.is_sds(request.user),
        "csv_query": urlencode({"kommune": kommune}) if kommune else "",
        "findings_shown": selectors.FINDINGS_SHOWN,
        "accepted": selectors.accepted_deviations(kommune, today()) if kommune else [],
        "may_decide": kommune is not None and (permissions.is_sds(request.user) or bool(own)),
        "sor_user_scope": permissions.user_scope_label(request.user),
    }
    return render(request, "quality/index.html", context)


def _csv_rows(run, kommune):
    writer = CsvWriter()
    yield writer.header_row(CSV_HEADER)
    if run is None:
        return
    day = run.day.strftime("%d-%m-%Y")
    for finding in selectors.findings(run, kommune).iterator(chunk_size=2000):
        rule = RULES.get(finding.rule_id)
        yield writer.row(
            [
                finding.municipality_id or "",
                finding.municipality.name if finding.municipality_id else "",
                PACK_OF[finding.rule_id].title if rule else "",
                finding.rule_id,
                rule.title if rule else "",
                rule.severity_label if rule else "",
                excel_text(finding.unit.sor_id),
                finding.unit.name,
                finding.first_seen.strftime("%d-%m-%Y"),
                "ja" if finding.is_new else "nej",
                day,
            ]
        )


@login_required
@require_GET
def findings_csv(request):
    kommune, _own = _scope(request, request.GET.get("kommune", "").strip())
    run = selectors.current_run(kommune)
    response = StreamingHttpResponse(_csv_rows(run, kommune), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="kvalitetstjek-{kommune or "alle"}-{stamp}.csv"'
    return response


@login_required
@require_POST
def start_run(request):
    code = request.POST.get("kommune", "").strip()
    municipality = Municipality.objects.filter(code=code).first() if code else None
    if code and municipality is None:
        messages.error(request, MSG_UNKNOWN_KOMMUNE)
        return redirect("quality:index")
    run = run_checks(actor=request.user, municipality=municipality, source="web")
    scope = municipality.name if municipality else "hele registeret"
    messages.success(request, MSG_RUN_DONE.format(scope=scope, total=run.count_for(code or None)))
    url = reverse("quality:index")
    return redirect(f"{url}?{urlencode({'kommune': code})}" if code else url)


def _back(kommune: str | None):
    url = reverse("quality:index")
    return redirect(f"{url}?{urlencode({'kommune': kommune})}" if kommune else url)


@login_required
@require_POST
def accept_deviation(request):
    form = DeviationForm(request.POST)
    unit = get_object_or_404(Unit, sor_id=request.POST.get("sor_id", ""))
    kommune = selectors.kommune_of(unit)
    if not may_decide(request.user, unit):
        raise PermissionDenied
    if form.is_valid():
        try:
            deviation_accept(
                actor=request.user,
                unit=unit,
                rule_id=form.cleaned_data["rule_id"],
                reason=form.cleaned_data["reason"],
                end_date=form.cleaned_data["end_date"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Fundet på {unit.name} er godkendt som afvigelse.")
    else:
        for items in form.errors.values():
            for message in items:
                messages.error(request, message)
    return _back(kommune)


@login_required
@require_POST
def withdraw_deviation(request, pk):
    deviation = get_object_or_404(AcceptedDeviation.objects.select_related("unit"), pk=pk)
    try:
        deviation_withdraw(actor=request.user, deviation=deviation, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Afvigelsen på {deviation.unit.name} er trukket tilbage.")
    return _back(selectors.kommune_of(deviation.unit))
