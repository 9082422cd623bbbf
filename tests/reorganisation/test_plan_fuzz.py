"""Property-based fuzzing of plan files (issue 22, item 8) wherever a plan file enters: the
upload's preview, "Indlæs planfil i kladden" and `manage.py reorganise --dry-run`. Each example
is the shipped Region Østdanmark plan with some of its values, keys or operations replaced by
hostile JSON (wrong types, NUL, lone surrogates, bidi overrides, huge or nested values, unknown
keys). Whatever the file holds, the answer is never a server error or a traceback, and nothing
is written: no package, unit, version or audit event (each example is rolled back)."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from audit.models import AuditEvent
from hierarchy.models import Unit, UnitVersion
from reorganisation import builder
from reorganisation.models import Reorganisation

from .conftest import PLAN_FILE

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PLAN = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
KEYS = [
    "op",
    "unit",
    "units",
    "to",
    "by",
    "ref",
    "sor_id",
    "name",
    "kind",
    "unit_type",
    "last_day",
    "last_dai",
    "children_of",
    "region_code",
    "under",
    "user",
    "ie",
    "from",
    "postal_address",
    "k\u0000",
    "\ud800",
    "",
]
NASTY = [
    "",
    "\u0000",
    "2000\u0000",
    "\ud800",
    "\u202eevil",
    "\ufeff",
    "01-01-0001",
    "0001-01-01",
    "31-12-9999",
    "x" * 5000,
    "move",
    "IE",
    "1084",
    [],
    {},
    [1],
    {"ref": [1]},
    {"ref": "oestdanmark"},
    {"sor_id": "2000\u0000"},
    {"children_of": {"region_code": "1084"}, "kind": []},
    None,
    True,
    0,
    -1,
    1e308,
]
text = st.text(alphabet=st.characters(), max_size=20)  # surrogates included: JSON escapes them
json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text, st.sampled_from(NASTY)
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.one_of(text, st.sampled_from(KEYS)), children, max_size=3),
    ),
    max_leaves=8,
)
# (where: "plan" or an operation's index, key, value): a value set, or None to delete the key
changes = st.lists(
    st.tuples(
        st.one_of(st.just("plan"), st.integers(min_value=0, max_value=len(PLAN["operations"]))),
        st.one_of(
            st.sampled_from(KEYS),
            st.sampled_from(["name", "case_number", "reason", "effective_date", "operations"]),
        ),
        st.one_of(json_values, st.none()),
    ),
    min_size=1,
    max_size=4,
)


def mutated(edits) -> str:
    plan = json.loads(json.dumps(PLAN))
    for at, key, value in edits:
        if at == "plan":
            target = plan
        elif isinstance(plan.get("operations"), list) and at < len(plan["operations"]):
            target = plan["operations"][at]
            if not isinstance(target, dict):
                continue
        elif isinstance(plan.get("operations"), list):
            plan["operations"].append(value)
            continue
        else:
            continue
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return json.dumps(plan)  # ensure_ascii: a NUL or lone surrogate as the escape a file has


def counts():
    return (
        Reorganisation.objects.count(),
        Unit.objects.count(),
        UnitVersion.objects.count(),
        AuditEvent.objects.count(),
    )


def upload_file(content: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("plan.json", content.encode("utf-8"), "application/json")


@pytest.fixture
def sds(regions, sds_user, client):
    client.force_login(sds_user)
    return client


@FUZZ
@given(edits=changes)
def test_upload_preview(sds, edits):
    content = mutated(edits)
    with transaction.atomic():
        before = counts()
        response = sds.post(reverse("reorganisation:preview"), {"plan_file": upload_file(content)})
        assert response.status_code in (200, 422), (response.status_code, content[:500])
        event(f"status {response.status_code}")
        assert counts() == before
        transaction.set_rollback(True)


@FUZZ
@given(edits=changes)
def test_builder_load(sds, edits):
    content = mutated(edits)
    with transaction.atomic():
        before = counts()
        number = builder.revision(sds.session)
        response = sds.post(
            reverse("reorganisation:draft_load"),
            {"plan_file": upload_file(content), "revision": number, "replace": "on"},
        )
        assert response.status_code in (302, 422), (response.status_code, content[:500])
        event(f"status {response.status_code}")
        assert counts() == before
        # the builder answers normally on whatever draft it now has
        assert sds.get(reverse("reorganisation:draft")).status_code == 200
        assert sds.get(reverse("reorganisation:draft_download")).status_code in (200, 422)
        transaction.set_rollback(True)


@FUZZ
@given(edits=changes)
def test_command(regions, tmp_path_factory, edits):
    path = tmp_path_factory.mktemp("plan") / "plan.json"
    path.write_text(mutated(edits), encoding="utf-8")
    with transaction.atomic():
        before = counts()
        refusal = None
        try:
            call_command("reorganise", str(path), "--dry-run", stdout=StringIO())
            event("accepted")
        except CommandError as exc:
            refusal = str(exc)
            event("refused")
        assert refusal is None or refusal.strip(), "a refusal says why"
        assert counts() == before
        transaction.set_rollback(True)
