"""The shared text check (sor_admin.text): each class of refused character, what passes, and
that whatever passes can be written as XML."""

import io

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from sor_admin.text import TextValidator, check_text, is_ascii_digits, text_problem, xml_safe


@pytest.mark.parametrize(
    "value",
    [
        "Plejecenter Klippebo",
        "Ældreplejen Lyngehus, Århus Ø",
        "Sankt Lukas Stiftelsen – hospice",
        "Hôpital Saint-Éloi",
        "Zahnarzt Müller & Söhne",
        "İstanbul-klinikken",
        "Ÿ ﬃ ß ☺ 😀",
        "عيادة",  # right-to-left text itself is fine; only the hidden direction controls are not
        "a\u200db",  # a joiner inside visible text
        "blød\u00adbindestreg",
        "",
    ],
)
def test_ordinary_text_passes(value):
    assert text_problem(value) is None
    TextValidator("Navnet")(value)


@pytest.mark.parametrize(
    "value",
    ["A\x1bB\x07", "\x00", "nul\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\x9f", "\ud800", "x\udfff"],
)
def test_control_characters_and_lone_surrogates_are_refused(value):
    assert text_problem(value, what="Navnet") == (
        "Navnet indeholder tegn, som ikke er tilladt (fx styretegn). Skriv teksten igen uden dem."
    )
    assert text_problem(value, multiline=True) is not None


@pytest.mark.parametrize("value", ["a\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff"])
def test_noncharacters_are_refused(value):
    assert "ikke er tilladt" in text_problem(value)


@pytest.mark.parametrize("value", ["a\tb", "a\nb", "a\rb", "a\u2028b", "a\u2029b"])
def test_line_breaks_only_in_multiline_fields(value):
    assert text_problem(value, what="Navnet") == (
        "Navnet skal stå på én linje uden tabulatorer og linjeskift. Skriv teksten igen uden dem."
    )
    assert text_problem(value, multiline=True) is None


@pytest.mark.parametrize("char", list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
def test_bidi_overrides_and_isolates_are_refused(char):
    message = text_problem(f"Klinik {char}evol", what="Navnet")
    assert message.startswith("Navnet indeholder skjulte tegn, der vender skriveretningen")
    assert text_problem(f"Begrundelse\n{char}x", multiline=True) is not None


@pytest.mark.parametrize(
    "value", ["\u200b", "\ufeff", "\u00ad", "\u200b \u200c\u2060", " \u3164 ", "\u2800", "\u115f\u1160"]
)
def test_invisible_only_text_is_refused(value):
    assert text_problem(value, what="Navnet") == (
        "Navnet består kun af usynlige tegn. Skriv en synlig tekst, eller lad feltet være tomt."
    )


def test_check_text_raises_with_the_fields_name():
    with pytest.raises(ValidationError) as exc:
        check_text("\x1b", what="Begrundelsen", multiline=True)
    assert exc.value.messages == [
        "Begrundelsen indeholder tegn, som ikke er tilladt (fx styretegn). Skriv teksten igen uden dem."
    ]
    check_text("To linjer\nmed tab\t", what="Begrundelsen", multiline=True)


def test_xml_safe_drops_only_what_xml_cannot_carry():
    assert xml_safe("A\x1bB\x07\ufffe\ud800C\t\n") == "ABC\t\n"
    assert xml_safe("Ærø 😀\u202e") == "Ærø 😀\u202e"


@pytest.mark.parametrize(
    ("value", "ok"),
    [("0123456789", True), ("", False), ("²", False), ("１２", False), ("٣", False), ("12a", False)],
)
def test_ascii_digits(value, ok):
    assert is_ascii_digits(value) is ok


def _as_xml(value: str) -> str:
    out = io.BytesIO()
    with etree.xmlfile(out, encoding="utf-8") as xf, xf.element("EntityName"):
        xf.write(value)
    return etree.parse(io.BytesIO(out.getvalue())).getroot().text or ""


@given(st.text(alphabet=st.characters(codec=None)))
def test_anything_the_check_accepts_can_be_written_as_xml(value):
    if text_problem(value, multiline=True) is None:
        assert _as_xml(value) == value  # written by lxml and read back unchanged


@given(st.text())
def test_xml_safe_always_gives_writable_text(value):
    _as_xml(xml_safe(value))
