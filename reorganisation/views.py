"""Omstruktureringer in the GUI: the list, a plan file's preview and storing, a package's page
with its impact, and withdrawal. Every decision is the services' (reorganisation.services)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hierarchy.policy import today
from sor_admin import submissions
from sor_admin.ui.forms import DkfdsForm, apply_service_error

from . import builder, policy
from .builder_forms import (
    DraftHeaderForm,
    DraftLoadForm,
    DraftRevisionForm,
    OperationChoiceForm,
    RemoveOperationForm,
    operation_form,
)
from .forms import PlanStoreForm, PlanUploadForm, WithdrawForm
from .models import Reorganisation
from .plan import OP_LABELS, operations_count, read_plan
from .services import reorganisation_preview, reorganisation_store, reorganisation_withdraw

MSG_STORE_NO_PLAN = "Planen kom ikke med, så intet er gemt. Indlæs planfilen eller forhåndsvis kladden igen."
MSG_DRAFT_KEPT = (
    "Kladden er ændret, siden den blev forhåndsvist, og er bevaret. Det gemte er det, du så i "
    "forhåndsvisningen."
)


def _list(request, form, status=200, problems=None):
    return render(
        request,
        "reorganisation/list.html",
        {
            "packages": policy.visible_packages(request.user).order_by("-effective_date", "-pk"),
            "form": form,
            "problems": problems,
        },
        status=status,
    )


def _problems(exc: ValidationError) -> DkfdsForm:
    """A form that only carries the refusal, for the error summary of a page whose own form was
    not what was refused (storing a previewed plan, a builder button)."""
    form = DkfdsForm(data={})
    form.is_valid()
    apply_service_error(form, exc)
    return form


@require_GET
@login_required
def package_list(request):
    policy.require_author(request.user)
    return _list(request, PlanUploadForm())


@require_POST
@login_required
def package_preview(request):
    """Read the uploaded plan, check it whole and show its impact; nothing is stored."""
    policy.require_author(request.user)
    form = PlanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list(request, form, status=422)
    text = form.cleaned_data["plan_file"]
    try:
        plan = read_plan(text)
        operations, impact = reorganisation_preview(actor=request.user, plan=plan)
    except ValidationError as exc:
        apply_service_error(form, exc)
        return _list(request, form, status=422)
    return _preview(request, plan, operations, impact, text)


def _preview(request, plan, operations, impact, text: str, *, draft_revision: int | None = None):
    return render(
        request,
        "reorganisation/preview.html",
        {
            "plan": plan,
            "operations": operations,
            "impact": impact,
            "store_form": PlanStoreForm(initial={"plan_text": text, "draft_revision": draft_revision}),
            "from_draft": draft_revision is not None,
        },
    )


@require_POST
@login_required
def package_store(request):
    policy.require_author(request.user)
    form = PlanStoreForm(request.POST)
    if form.is_valid():
        try:
            package = reorganisation_store(
                actor=request.user,
                plan=read_plan(form.cleaned_data["plan_text"]),
                form_key=form.cleaned_data["form_key"],
            )
        except submissions.AlreadySubmitted as exc:
            # "Gem" sent again from the same preview: the package the first submit stored.
            package = get_object_or_404(Reorganisation, pk=exc.result)
        except ValidationError as exc:
            return _list(request, PlanUploadForm(), status=422, problems=_problems(exc))
        # The draft is now the stored package when this was its preview and it has not changed
        # since (another tab may have added to it): otherwise it is kept.
        draft = builder.load(request.session)
        previewed = form.cleaned_data["draft_revision"]
        if draft is not None and previewed is not None and draft["case_number"] == package.case_number:
            if previewed == builder.revision(request.session):
                builder.discard(request.session)
            else:
                messages.warning(request, MSG_DRAFT_KEPT)
        messages.success(
            request,
            f"Omstruktureringen {package.name} er gemt og gennemføres {package.effective_date:%d-%m-%Y}.",
        )
        return HttpResponseRedirect(reverse("reorganisation:detail", args=[package.pk]))
    problem = ValidationError(MSG_STORE_NO_PLAN)
    return _list(request, PlanUploadForm(), status=422, problems=_problems(problem))


@require_http_methods(["GET", "POST"])
@login_required
def package_detail(request, pk: int):
    policy.require_author(request.user)
    package = get_object_or_404(policy.visible_packages(request.user), pk=pk)
    form = WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reorganisation_withdraw(
                    actor=request.user, package=package, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, f"Omstruktureringen {package.name} er tilbagetrukket.")
                return HttpResponseRedirect(reverse("reorganisation:detail", args=[package.pk]))
        status = 422
    can_withdraw = package.status == Reorganisation.Status.PENDING and package.effective_date > today()
    operations = stored_operations(package.operations)
    return render(
        request,
        "reorganisation/detail.html",
        {
            "package": package,
            "impact": package.impact,
            "words": IMPACT_WORDS[package.status],
            "operations": operations,
            "plan_operations": len({row["source"] for row in operations}),
            "form": form,
            "can_withdraw": can_withdraw,
        },
        status=status,
    )


# The impact summary in the tense of the package (issue 23): what will happen (a preview, a
# pending package), what happened (applied), and what would have happened (withdrawn).
_FUTURE = {
    "created": "Oprettes",
    "closed": "Lukkes",
    "replaced": "erstattes af",
    "renamed": "Omdøbes",
    "retyped": "Skifter enhedstype",
    "moved_within": "Flyttes inden for samme institutionsejer",
    "changing_ie": "Enheder, der skifter institutionsejer",
}
IMPACT_WORDS = {
    Reorganisation.Status.PENDING: _FUTURE,
    Reorganisation.Status.APPLIED: {
        "created": "Oprettet",
        "closed": "Lukket",
        "replaced": "er erstattet af",
        "renamed": "Omdøbt",
        "retyped": "Har skiftet enhedstype",
        "moved_within": "Flyttet inden for samme institutionsejer",
        "changing_ie": "Enheder, der har skiftet institutionsejer",
    },
    Reorganisation.Status.WITHDRAWN: {
        "created": "Skulle være oprettet",
        "closed": "Skulle være lukket",
        "replaced": "skulle være erstattet af",
        "renamed": "Skulle være omdøbt",
        "retyped": "Skulle have skiftet enhedstype",
        "moved_within": "Skulle være flyttet inden for samme institutionsejer",
        "changing_ie": "Enheder, der skulle have skiftet institutionsejer",
    },
}


def stored_operations(operations: list[dict]) -> list[dict]:
    """The stored (resolved) operations as Danish lines, each with the number of the plan's
    operation it came from: a move of two units is two operations from one line of the plan."""
    shown = []
    for op in operations:
        op = dict(op)
        if op.get("last_day"):  # stored as ISO; shown as everywhere else
            op["last_day"] = f"{date.fromisoformat(op['last_day']):%d-%m-%Y}"
        shown.append(op)
    lines = builder.describe({"operations": shown})
    return [
        {"source": op.get("source", index), "text": line}
        for index, (op, line) in enumerate(zip(shown, lines, strict=True), start=1)
    ]


# --- the step-by-step builder (reorganisation.builder: the draft lives in the session) ------

_ASCII_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
MSG_HEADER_FIRST = "Udfyld først navn, sagsnummer, begrundelse og dato, og gem dem."
MSG_NO_OPERATION_CHOSEN = "Formularen sagde ikke, hvilken operation der skal fjernes, så intet er fjernet."


def _draft_page(
    request, draft, *, header_form=None, op_form=None, chooser=None, load_form=None, problems=None, status=200
):
    refs = builder.refs(draft) if draft else []
    if op_form is None and chooser is None and "op" in request.GET:
        chooser = OperationChoiceForm(request.GET)
        if chooser.is_valid():
            op_form = operation_form(chooser.cleaned_data["op"], refs=refs)
        else:
            status = 422
    return render(
        request,
        "reorganisation/builder.html",
        {
            "draft": draft,
            "header_form": header_form or DraftHeaderForm(initial=DraftHeaderForm.initial_from(draft)),
            "lines": builder.describe(draft) if draft else [],
            "chooser": chooser or OperationChoiceForm(initial={"op": op_form.op if op_form else None}),
            "op_form": op_form,
            "op_label": OP_LABELS[op_form.op].capitalize() if op_form else "",
            "problems": problems or DkfdsForm(),
            "refs": refs,
            "revision": builder.revision(request.session),
            "load_form": load_form or DraftLoadForm(replaces=len(draft["operations"]) if draft else 0),
        },
        status=status,
    )


def _refused_if_changed(request, current, page=dict):
    """None when the POST carries the revision of the draft as it is now; else the builder's
    page as the draft is now, with the Danish refusal: 409 (the draft changed since the page
    was shown, e.g. in another tab) or 422 (the form did not say which revision it showed).
    Nothing is changed then. `page()`: the forms to show again, filled in as posted (built only
    for a refusal)."""
    try:
        builder.check_revision(request.session, DraftRevisionForm(request.POST).shown())
    except builder.DraftChanged as exc:
        status = 409 if exc.code == "stale" else 422
        return _draft_page(request, current, problems=_problems(exc), status=status, **page())
    return None


@require_http_methods(["GET", "POST"])
@login_required
def draft(request):
    """The builder's page; POST saves the name, sagsnummer, Begrundelse and date."""
    policy.require_author(request.user)
    current = builder.load(request.session)
    if request.method == "GET":
        return _draft_page(request, current)

    def again():
        initial = {**DraftHeaderForm.initial_from(current), **request.POST.dict()}
        return {"header_form": DraftHeaderForm(initial=initial)}

    if (refused := _refused_if_changed(request, current, again)) is not None:
        return refused
    form = DraftHeaderForm(request.POST)
    if form.is_valid():
        try:
            builder.save(request.session, builder.with_header(current, form.header()))
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Oplysningerne er gemt i kladden. Tilføj nu operationerne.")
            return HttpResponseRedirect(reverse("reorganisation:draft"))
    return _draft_page(request, current, header_form=form, status=422)


@require_POST
@login_required
def draft_add(request):
    """Add one operation, checked with the whole plan (builder.add_operation)."""
    policy.require_author(request.user)
    current = builder.load(request.session)
    chooser = OperationChoiceForm(request.POST)
    refs = builder.refs(current) if current else []

    def again():  # what the user typed, shown again unapplied
        if current is None or not chooser.is_valid():
            return {}
        op_form = operation_form(chooser.cleaned_data["op"], initial=request.POST.dict(), refs=refs)
        return {"chooser": chooser, "op_form": op_form}

    if (refused := _refused_if_changed(request, current, again)) is not None:
        return refused
    if current is None:
        return _draft_page(request, None, problems=_problems(ValidationError(MSG_HEADER_FIRST)), status=422)
    if not chooser.is_valid():
        return _draft_page(request, current, chooser=chooser, status=422)
    form = operation_form(chooser.cleaned_data["op"], request.POST, refs=refs)
    if form.is_valid():
        try:
            updated = builder.add_operation(current, form.operation(ref=builder.next_ref(current)))
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            builder.save(request.session, updated)
            messages.success(request, f"Operation {len(updated['operations'])} er tilføjet kladden.")
            return HttpResponseRedirect(reverse("reorganisation:draft"))
    return _draft_page(request, current, op_form=form, chooser=chooser, status=422)


@require_POST
@login_required
def draft_remove(request):
    policy.require_author(request.user)
    current = builder.load(request.session)
    if (refused := _refused_if_changed(request, current)) is not None:
        return refused
    form = RemoveOperationForm(request.POST)
    if current is None or not form.is_valid():
        problem = ValidationError(MSG_HEADER_FIRST if current is None else MSG_NO_OPERATION_CHOSEN)
        return _draft_page(request, current, problems=_problems(problem), status=422)
    index = form.cleaned_data["index"]
    try:
        updated = builder.remove_operation(current, index)
    except ValidationError as exc:
        return _draft_page(request, current, problems=_problems(exc), status=422)
    builder.save(request.session, updated)
    messages.success(request, f"Operation {index} er fjernet fra kladden.")
    return HttpResponseRedirect(reverse("reorganisation:draft"))


@require_POST
@login_required
def draft_discard(request):
    policy.require_author(request.user)
    if (refused := _refused_if_changed(request, builder.load(request.session))) is not None:
        return refused
    builder.discard(request.session)
    messages.success(request, "Kladden er kasseret. Intet er gemt i registret.")
    return HttpResponseRedirect(reverse("reorganisation:list"))


@require_POST
@login_required
def draft_preview(request):
    """The draft checked whole and its impact, on the same page and with the same store path as
    a plan file's; nothing is stored."""
    policy.require_author(request.user)
    current = builder.load(request.session)
    if (refused := _refused_if_changed(request, current)) is not None:
        return refused
    if current is None:
        return _draft_page(request, None, problems=_problems(ValidationError(MSG_HEADER_FIRST)), status=422)
    text = builder.plan_json(current)
    try:
        plan = read_plan(text)
        operations, impact = reorganisation_preview(actor=request.user, plan=plan)
    except ValidationError as exc:
        return _draft_page(request, current, problems=_problems(exc), status=422)
    revision = builder.revision(request.session)
    return _preview(request, plan, operations, impact, text, draft_revision=revision)


@require_POST
@login_required
def draft_load(request):
    """Indlæs planfil i kladden: a plan file, checked as an uploaded one is, becomes the draft;
    one with operations only when the user has ticked that it may be replaced. A refused file
    leaves the draft as it was."""
    policy.require_author(request.user)
    current = builder.load(request.session)
    if (refused := _refused_if_changed(request, current)) is not None:
        return refused
    form = DraftLoadForm(request.POST, request.FILES, replaces=len(current["operations"]) if current else 0)
    if not form.is_valid():
        return _draft_page(request, current, load_form=form, status=422)
    loaded = builder.save(request.session, form.cleaned_data["plan_file"])
    messages.success(
        request,
        f"Planfilen er indlæst i kladden: {loaded['name']} med {operations_count(len(loaded['operations']))}. "
        "Intet er gemt i registret endnu.",
    )
    return HttpResponseRedirect(reverse("reorganisation:draft"))


@require_GET
@login_required
def draft_download(request):
    """The draft as the plan file (`manage.py reorganise` and the upload read it)."""
    policy.require_author(request.user)
    current = builder.load(request.session)
    if current is None:
        return _draft_page(request, None, problems=_problems(ValidationError(MSG_HEADER_FIRST)), status=422)
    text = builder.plan_json(current)
    try:
        read_plan(text)
    except ValidationError as exc:
        return _draft_page(request, current, problems=_problems(exc), status=422)
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    # An ASCII file name (a header carries no ø): Danish letters spelt out, the rest slugified.
    name = slugify(current["case_number"].translate(_ASCII_DANISH)) or "plan"
    response["Content-Disposition"] = f'attachment; filename="omstrukturering-{name}.json"'
    return response
