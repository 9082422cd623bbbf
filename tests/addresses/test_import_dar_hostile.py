"""manage.py import_dar with files that are not what they claim (issue 22, item 10). A file that
cannot be read as a whole is refused with a Danish CommandError and nothing is written; a
single object with a field of the wrong form is skipped and counted in a Danish warning; a
street name the text check refuses is a rejected row, counted by reason. Never a traceback."""

import json
import time
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addresses.dar_import import MAX_VALUE
from addresses.models import Street, StreetPostalCode
from audit.models import AuditEvent
from sor_admin.text import text_problem

pytestmark = pytest.mark.django_db

DAR_FILE = Path(__file__).parent / "data" / "dar-udtraek.json"


def run(*args) -> str:
    out = StringIO()
    call_command("import_dar", *map(str, args), stdout=out)
    return out.getvalue()


def state():
    return (
        sorted(Street.objects.values_list("municipality_code", "code", "name", "addressing_name")),
        StreetPostalCode.objects.count(),
        AuditEvent.objects.count(),
    )


def refused(path, message: str):
    before = state()
    with pytest.raises(CommandError) as raised:
        run(path)
    assert message in str(raised.value), str(raised.value)
    assert state() == before
    return str(raised.value)


def road(vej_id, name, kommune="0201", vejkode="0999", **extra):
    return (
        {"id_lokalId": vej_id, "status": "3", "vejnavn": name, **extra},
        {
            "id_lokalId": f"{vej_id}-k",
            "status": "3",
            "navngivenVej": vej_id,
            "kommune": kommune,
            "vejkode": vejkode,
        },
    )


def document(*roads, **lists) -> dict:
    return {
        "NavngivenVejList": [r[0] for r in roads],
        "NavngivenVejKommunedelList": [r[1] for r in roads],
        "PostnummerList": [{"id_lokalId": "p3540", "status": "3", "postnr": "3540", "navn": "Lynge"}],
        "NavngivenVejPostnummerList": [
            {
                "id_lokalId": f"{r[0]['id_lokalId']}-r",
                "status": "3",
                "navngivenVej": r[0]["id_lokalId"],
                "postnummer": "p3540",
            }
            for r in roads
            if isinstance(r[0]["id_lokalId"], str)
        ],
        **lists,
    }


def write(tmp_path, doc, name="dar.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_latin1_file_is_refused(tmp_path):
    path = tmp_path / "dar.json"
    path.write_bytes(json.dumps(document(road("v1", "Ærtevej")), ensure_ascii=False).encode("latin-1"))
    refused(path, "ikke UTF-8-kodet")


def test_a_folder_is_refused(tmp_path):
    refused(tmp_path, "er en mappe")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:200] + b"\x00" * 50 + data[250:], id="damaged-data"),
        pytest.param(lambda data: data[: len(data) - 30], id="truncated-directory"),
    ],
)
def test_a_corrupt_zip_is_refused(tmp_path, damage):
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("DAR.json", DAR_FILE.read_text(encoding="utf-8") * 1)
    bad = tmp_path / "bad.zip"
    bad.write_bytes(damage(good.read_bytes()))
    before = state()
    with pytest.raises(CommandError) as raised:
        run(bad)
    # Without its directory the file is no ZIP at all, and its bytes are not UTF-8 text.
    assert any(
        m in str(raised.value) for m in ("ZIP-filen er beskadiget", "ikke UTF-8", "ikke et DAR-udtræk")
    )
    assert state() == before


def test_a_zip_whose_member_is_damaged_is_refused(tmp_path):
    path = tmp_path / "dar.zip"
    payload = json.dumps(document(road("v1", "Ærtevej"))).encode() * 1
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("DAR.json", payload)
    data = bytearray(path.read_bytes())
    start = data.index(b"DAR.json") + len(b"DAR.json")  # the member's compressed data follows its name
    for i in range(start + 5, start + 40):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    refused(path, "ZIP-filen er beskadiget")


@pytest.mark.parametrize("depth", [10_000, 200_000])
def test_deep_nesting_is_refused(tmp_path, depth):
    path = tmp_path / "dar.json"
    path.write_text('{"NavngivenVejList": [' + "[" * depth + "]" * depth + "]}", encoding="utf-8")
    refused(path, "indlejret for dybt")


def test_one_huge_string_in_a_small_zip_is_refused_quickly(tmp_path):
    """A 128 MB string compresses to a fraction of a MB: the reader stops after one bounded
    value instead of rescanning a growing buffer for minutes."""
    path = tmp_path / "bomb.zip"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf,
        zf.open("DAR.json", "w") as member,
    ):
        member.write(b'{"NavngivenVejList": ["')
        block = b"x" * (1 << 20)
        for _ in range(128):
            member.write(block)
        member.write(b'"]}')
    assert path.stat().st_size < 1 << 20
    started = time.monotonic()
    message = refused(path, "over 1 MB")
    assert time.monotonic() - started < 10
    assert MAX_VALUE == 1 << 20 and "Et enkelt objekt" in message


def test_a_long_record_within_the_bound_is_read(tmp_path):
    path = write(tmp_path, document(road("v1", "Ærtevej", note="x" * (MAX_VALUE // 2))))
    assert "1 tilføjet" in run(path)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id_lokalId", ["v1"]),
        ("id_lokalId", {"id": "v1"}),
        ("vejnavn", {"navn": "Ærtevej"}),
        ("vejnavn", ["Ærtevej"]),
        ("status", [3]),
        ("virkningTil", {"a": 1}),
        ("vejnavn", True),
    ],
)
def test_an_object_with_a_field_of_the_wrong_form_is_skipped_and_counted(tmp_path, field, value):
    bad = road("v1", "Ærtevej")
    bad[0][field] = value
    path = write(tmp_path, document(bad, road("v2", "Bøgevej", vejkode="0998")))
    out = run(path)
    assert "Advarsel: 1 DAR-objekter sprunget over, fordi et felt ikke er en tekst" in out
    assert f"{field.lower()} (1)" in out
    names = set(Street.objects.values_list("name", flat=True))
    assert "Bøgevej" in names and "Ærtevej" not in names
    assert not any(name.startswith(("{", "[")) or name == "True" for name in names)


@pytest.mark.parametrize("ref", [["v1"], {"id": "v1"}, 7.5])
def test_references_of_the_wrong_form_are_skipped(tmp_path, ref):
    good = road("v1", "Ærtevej")
    good[1]["navngivenVej"] = ref
    doc = document(good, road("v2", "Bøgevej", vejkode="0998"))
    doc["NavngivenVejPostnummerList"].append({"navngivenVej": ref, "postnummer": ["p3540"]})
    out = run(write(tmp_path, doc))
    assert "Advarsel: 2 DAR-objekter sprunget over" in out
    assert "Bøgevej" in set(Street.objects.values_list("name", flat=True))


@pytest.mark.parametrize("bad", ["Ærte\u202evej", "Ærte\x07vej", "Ærte\x00vej", "\u200b", "Ærte\u2066vej"])
def test_a_street_name_with_refused_characters_is_a_counted_rejected_row(tmp_path, bad):
    doc = document(
        road("v1", bad),
        road("v2", "Bøgevej", vejkode="0998"),
        road("v3", "Ok", vejkode="0997", vejadresseringsnavn="Ok\x1b[31m"),
    )
    out = run(write(tmp_path, doc))
    assert "2 × vejnavn med tegn, der ikke er tilladt" in out
    assert "\u202e" not in out and "\x07" not in out and "\x00" not in out and "\x1b" not in out
    assert set(Street.objects.filter(code__in=["0999", "0998", "0997"]).values_list("name", flat=True)) == {
        "Bøgevej"
    }


@pytest.mark.parametrize("code", ["²", "١٢", "01\x00", ["0201"]])
def test_a_kommunekode_that_is_not_ascii_digits_is_rejected(tmp_path, code):
    out = run(
        write(tmp_path, document(road("v1", "Ærtevej", kommune=code), road("v2", "Bøgevej", vejkode="0998")))
    )
    assert "Bøgevej" in set(Street.objects.values_list("name", flat=True))
    assert "Ærtevej" not in set(Street.objects.values_list("name", flat=True))
    assert "\x00" not in out


def test_a_path_with_nul_and_a_bad_reason_are_refused(tmp_path):
    before = state()
    with pytest.raises(CommandError, match="kan ikke læses"):
        run(str(tmp_path / "dar\x00.json"))
    with pytest.raises(CommandError, match="Begrundelsen"):
        call_command("import_dar", str(DAR_FILE), "--reason", "a\x00b", stdout=StringIO())
    assert state() == before


# --- fuzzing -----------------------------------------------------------------------------------

NASTY_TEXT = ["Ærtevej", "\x00", "a\u202eb", "\x07", "\ud800", "x" * 50, "", " ", "²", "0201", "\ufeff"]
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=12),
)
value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
fields = st.sampled_from(
    [
        "id_lokalId",
        "status",
        "vejnavn",
        "vejadresseringsnavn",
        "navngivenVej",
        "kommune",
        "vejkode",
        "postnummer",
        "postnr",
        "virkningTil",
        "registreringTil",
    ]
)
item = st.one_of(st.dictionaries(fields, value, max_size=8), value)
lists = st.sampled_from(
    [
        "NavngivenVejList",
        "NavngivenVejKommunedelList",
        "NavngivenVejPostnummerList",
        "PostnummerList",
        "HusnummerList",
        "Metadata",
    ]
)
documents = st.one_of(st.dictionaries(lists, st.lists(item, max_size=5) | value, max_size=6), value)


def _encoded(doc) -> bytes:
    try:
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: written escaped, as JSON may carry it
        return json.dumps(doc).encode("utf-8")


raw_files = st.one_of(
    documents.map(_encoded),
    st.binary(max_size=200),
    st.sampled_from(
        [b"[" * 100_000, b'{"NavngivenVejList": [' + b"{" * 5000, b"\xff\xfe{}", b"PK\x03\x04garbage"]
    ),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=raw_files, zipped=st.booleans())
def test_fuzzed_files_give_a_danish_error_or_an_import_of_clean_names(tmp_path, data, zipped):
    path = tmp_path / ("dar.zip" if zipped else "dar.json")
    if zipped:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("DAR.json", data)
    else:
        path.write_bytes(data)
    before = state()
    refused = None
    try:
        run(path)
    except CommandError as exc:
        refused = str(exc)
    if refused is not None:
        assert state() == before, "a refused file wrote"
        assert not text_problem(refused.replace("\n", " ")) or "\\u" in refused
    for name, addressing in Street.objects.values_list("name", "addressing_name"):
        assert not text_problem(name) and not text_problem(addressing), (name, addressing)
