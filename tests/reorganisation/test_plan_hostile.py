"""Hostile plan files (issue 22, item 8): every one is refused in Danish by the one reader
(`read_plan`, `decode_plan_file`) wherever a plan file enters — the upload's preview (422),
"Indlæs planfil i kladden" (422, the draft untouched) and `manage.py reorganise` (CommandError)
— and nothing is stored: never a 500 or a traceback."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from audit.models import AuditEvent
from reorganisation import builder
from reorganisation.models import Reorganisation
from reorganisation.plan import MAX_NESTING, MAX_OPERATIONS, read_plan
from sor_admin.ui.forms import REASON_MAX_LENGTH

from .conftest import PLAN_FILE

PLAN = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
HEADER = {k: PLAN[k] for k in ("name", "case_number", "reason", "effective_date")}


def plan(*operations, **header) -> str:
    """A plan file as JSON writes it: a NUL or a lone surrogate as the escape \\u0000, \\ud800."""
    return json.dumps({**HEADER, **header, "operations": list(operations)})


def deep(levels: int) -> str:
    """A plan whose JSON nests `levels` deep: a close of a unit named through a chain of "under"
    (the plan, its operations, the operation and the unit are 4 levels)."""
    selector = {"sor_id": "1"}
    for _ in range(levels - 4):
        selector = {"kind": "OE", "name": "Afdeling", "under": selector}
    return plan({"op": "close", "unit": selector})


CLOSE = {"op": "close", "unit": {"sor_id": "1"}}
# (plan file text, a part of the Danish refusal)
HOSTILE = {
    "ref_is_a_list": (plan({"op": "close", "unit": {"ref": [1]}}), "«unit» skal udpege en enhed"),
    "op_is_a_list": (plan({"op": ["move"]}), "Operation 1: ukendt operation «["),
    "op_is_an_object": (plan({"op": {}}), "ukendt operation «{}»"),
    "kind_is_a_list": (
        plan({"op": "move", "units": {"children_of": {"sor_id": "1"}, "kind": []}, "to": {"sor_id": "2"}}),
        "«kind» skal være IE, SI eller OE",
    ),
    "deeply_nested": ('{"a":' * 100_000 + "1" + "}" * 100_000, "indlejret for dybt"),
    "nested_just_too_deep": (deep(MAX_NESTING + 1), "indlejret for dybt"),
    "year_one_with_a_close": (plan(CLOSE, effective_date="01-01-0001"), "uden for de datoer"),
    "iso_year_one": (plan(CLOSE, effective_date="0001-01-01"), "uden for de datoer"),
    "last_day_year_9999": (plan({**CLOSE, "last_day": "31-12-9999"}), "uden for de datoer"),
    "nul_in_a_key": (plan({**CLOSE, "k\u0000": 1}), "feltnavnet «k\\u0000»"),
    "lone_surrogate_key": (plan({**CLOSE, "\ud800": 1}), "feltnavnet «\\ud800»"),
    "nul_in_a_sor_id": (plan({"op": "close", "unit": {"sor_id": "2000\u0000"}}), "indeholder tegn"),
    "bidi_in_a_name": (
        plan({"op": "rename", "unit": {"sor_id": "1"}, "name": "\u202eevil"}),
        "vender skriveretningen",
    ),
    "misspelt_last_day": (plan({**CLOSE, "last_dai": "31-12-2026"}), "ukendt felt «last_dai»"),
    "unknown_top_level_key": (json.dumps({**PLAN, "operation": []}), "Planen: ukendt felt «operation»"),
    "unknown_selector_key": (
        plan({"op": "close", "unit": {"sor_id": "1", "name": "X"}}),
        "ukendt felt «unit.name»",
    ),
    "move_of_no_units": (plan({"op": "move", "units": [], "to": {"sor_id": "1"}}), "«units» er en tom liste"),
    "too_many_operations": (plan(*[CLOSE] * (MAX_OPERATIONS + 1)), f"højst {MAX_OPERATIONS} er tilladt"),
    "too_many_listed_units": (
        plan({"op": "move", "units": [{"sor_id": "1"}] * (MAX_OPERATIONS + 1), "to": {"sor_id": "2"}}),
        f"højst {MAX_OPERATIONS} er tilladt",
    ),
    "reason_too_long": (
        plan(CLOSE, reason="x" * (REASON_MAX_LENGTH + 1)),
        "Begrundelsen må højst have 1000 tegn",
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_read_plan_refuses_in_danish(case):
    text, message = HOSTILE[case]
    with pytest.raises(ValidationError) as exc:
        read_plan(text)
    assert type(exc.value).__name__ == "ValidationError", exc.value
    assert any(message in m for m in exc.value.messages), exc.value.messages


def test_the_bounds_themselves_are_allowed():
    assert len(read_plan(plan(*[CLOSE] * MAX_OPERATIONS)).operations) == MAX_OPERATIONS
    read_plan(deep(MAX_NESTING))
    read_plan(plan(CLOSE, reason="x" * REASON_MAX_LENGTH))


def test_a_refusal_lists_at_most_fifty_problems():
    with pytest.raises(ValidationError) as exc:
        read_plan(plan(*[{**CLOSE, "last_dai": "x", "forkert": 1}] * 60))
    assert len(exc.value.messages) == 51 and exc.value.messages[-1].startswith("… og 70 problemer mere")


def upload(client, text: str, name="preview", **fields):
    file = SimpleUploadedFile("plan.json", text.encode("utf-8"), "application/json")
    return client.post(reverse(f"reorganisation:{name}"), {"plan_file": file, **fields})


@pytest.mark.parametrize("case", HOSTILE)
def test_the_upload_preview_refuses_with_422(client, regions, sds_user, case):
    text, message = HOSTILE[case]
    client.force_login(sds_user)
    events = AuditEvent.objects.count()
    response = upload(client, text)
    assert response.status_code == 422 and message in response.content.decode("utf-8")
    assert not Reorganisation.objects.exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize("case", HOSTILE)
def test_loading_into_the_draft_refuses_with_422_and_keeps_the_draft(client, regions, sds_user, case):
    text, message = HOSTILE[case]
    client.force_login(sds_user)
    client.post(reverse("reorganisation:draft"), {"revision": 0, **HEADER})
    before = builder.load(client.session)
    response = upload(client, text, "draft_load", revision=builder.revision(client.session))
    assert response.status_code == 422 and message in response.content.decode("utf-8")
    assert builder.load(client.session) == before
    assert client.get(reverse("reorganisation:draft")).status_code == 200


@pytest.mark.parametrize("case", HOSTILE)
def test_the_command_refuses_with_a_danish_command_error(tmp_path, regions, case):
    text, message = HOSTILE[case]
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError) as exc:
        call_command("reorganise", str(path), stdout=StringIO())
    assert message in str(exc.value)
    assert not Reorganisation.objects.exists() and AuditEvent.objects.count() == events


def test_the_command_reads_a_byte_order_mark_as_the_upload_does(tmp_path, regions):
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xef\xbb\xbf" + PLAN_FILE.read_bytes())
    out = StringIO()
    call_command("reorganise", str(path), "--dry-run", stdout=out)
    assert "Prøvekørsel: intet er gemt." in out.getvalue()


def test_the_command_refuses_a_file_too_big_or_not_utf8_and_a_folder(tmp_path, regions):
    big, latin = tmp_path / "big.json", tmp_path / "latin.json"
    big.write_bytes(b" " * (2 * 1024 * 1024 + 1))
    latin.write_bytes(PLAN_FILE.read_text(encoding="utf-8").encode("latin-1"))
    for path, message in (
        (big, "for stor"),
        (latin, "tekst i UTF-8"),
        (tmp_path, "findes ikke eller kan ikke læses"),
    ):
        with pytest.raises(CommandError) as exc:
            call_command("reorganise", str(path), stdout=StringIO())
        assert message in str(exc.value)


def test_a_bad_draft_already_in_the_session_does_not_break_the_builder(client, regions, sds_user):
    """A draft stored before the plan's texts were checked (NUL in a SOR-kode, a lone surrogate):
    the builder treats it as no draft, instead of answering 500 on every page."""
    client.force_login(sds_user)
    for bad in ("2000\u0000", "\ud800"):
        session = client.session
        session[builder.SESSION_KEY] = {
            **HEADER,
            "operations": [{"op": "close", "unit": {"sor_id": bad}}],
            builder.REVISION_KEY: 3,
        }
        session.save()
        assert builder.load(client.session) is None
        for name in ("draft", "draft_download"):
            assert client.get(reverse(f"reorganisation:{name}")).status_code in (200, 422)
        assert client.get(reverse("reorganisation:draft")).status_code == 200


def test_a_plan_that_unfolds_to_more_operations_than_the_bound_is_refused(regions, monkeypatch):
    """The bound holds after a move of "every SI under" and a move_scopes are unfolded (the
    shipped plan unfolds its 9 operations to more than 9)."""
    from reorganisation import resolve
    from reorganisation.services import reorganisation_preview

    monkeypatch.setattr(resolve, "MAX_OPERATIONS", 9)
    with pytest.raises(ValidationError) as exc:
        reorganisation_preview(actor=None, plan=read_plan(PLAN_FILE.read_text(encoding="utf-8")))
    assert (
        "når flytningerne af alle underenheder" in exc.value.messages[0]
        and "højst 9" in exc.value.messages[0]
    )


@pytest.mark.parametrize("case", HOSTILE)
def test_storing_a_hostile_plan_text_is_refused_with_422(client, regions, sds_user, case):
    """The store path reads the previewed text again with the same reader: an operation key
    "k\\u0000" or "\\ud800" (escaped in the JSON, so the form's NUL check does not see it) is a
    Danish 422, not a 500 from PostgreSQL."""
    text, _message = HOSTILE[case]
    client.force_login(sds_user)
    events = AuditEvent.objects.count()
    response = client.post(reverse("reorganisation:store"), {"plan_text": text})
    assert response.status_code == 422
    assert not Reorganisation.objects.exists() and AuditEvent.objects.count() == events


@pytest.mark.parametrize("key", ["k\u0000", "\ud800"])
def test_a_key_postgresql_cannot_store_in_an_otherwise_valid_plan_is_refused_at_preview_and_store(
    client, regions, sds_user, key
):
    """The shipped plan (valid for this register) with one more key in its close: before, the
    preview passed it and "Gem" stored it into the package's JSON, where PostgreSQL refused it
    (500)."""
    data = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    data["operations"][5][key] = 1
    text = json.dumps(data)
    client.force_login(sds_user)
    events = AuditEvent.objects.count()
    preview = upload(client, text)
    assert preview.status_code == 422 and "feltnavnet" in preview.content.decode()
    stored = client.post(reverse("reorganisation:store"), {"plan_text": text})
    assert stored.status_code == 422 and "feltnavnet" in stored.content.decode()
    assert not Reorganisation.objects.exists() and AuditEvent.objects.count() == events
