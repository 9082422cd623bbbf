"""The one check of free text that enters the register (forms, Django admin, XML import,
services, audit reasons), and the export side's guard for what older data may still hold.

Refused, with a Danish message that says what to do:

- characters XML 1.0 cannot carry (C0 controls, lone surrogates, U+FFFE/U+FFFF), and the other
  control characters (DEL, C1) and Unicode noncharacters: no name needs them and an export
  could not be read by the systems that route patients by it;
- tab, line feed and carriage return (and U+2028/U+2029) in a one-line field;
- bidi override and isolate controls (U+202A-U+202E, U+2066-U+2069), which make a name read
  differently from what it holds ("Trojan Source");
- text that is only invisible: whitespace and format characters (zero-width space, BOM, soft
  hyphen, ...) and the blank "letters" Unicode has (Hangul fillers, braille blank).

Kept outside the apps (in the project package) because addresses/ must not import hierarchy and
the audit trail checks reasons too.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

MSG_CONTROL = "{what} indeholder tegn, som ikke er tilladt (fx styretegn). Skriv teksten igen uden dem."
MSG_LINE_BREAK = "{what} skal stå på én linje uden tabulatorer og linjeskift. Skriv teksten igen uden dem."
MSG_BIDI = (
    "{what} indeholder skjulte tegn, der vender skriveretningen (fx U+202E). Skriv teksten igen uden dem."
)
MSG_INVISIBLE = "{what} består kun af usynlige tegn. Skriv en synlig tekst, eller lad feltet være tomt."

DEFAULT_WHAT = "Feltet"
# Begrundelse has no rule of its own for its length; the same bound holds in every form and in
# plan files.
REASON_MAX_LENGTH = 1000

_LINE_BREAKS = frozenset("\t\n\r\u2028\u2029")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and symbols that render as nothing; unicodedata calls them Lo/So/Mn, not blanks.
_BLANK_LOOKALIKES = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
# XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _is_noncharacter(cp: int) -> bool:
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def _is_invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf" or char in _BLANK_LOOKALIKES


def text_problem(value: str, *, what: str = DEFAULT_WHAT, multiline: bool = False) -> str | None:
    """None if `value` may be stored, else the Danish message (`what` names the field, e.g.
    "Navnet"). Empty text is no problem here; whether a field is required is checked elsewhere."""
    if not value:
        return None
    line_break = False
    for char in value:
        if char in _LINE_BREAKS:
            line_break = line_break or not multiline
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or _is_noncharacter(ord(char)):
            return MSG_CONTROL.format(what=what)
        if char in _BIDI_CONTROLS:
            return MSG_BIDI.format(what=what)
    if line_break:
        return MSG_LINE_BREAK.format(what=what)
    if all(_is_invisible(char) for char in value):
        return MSG_INVISIBLE.format(what=what)
    return None


def check_text(value: str, *, what: str = DEFAULT_WHAT, multiline: bool = False, code: str = "text") -> None:
    """Raise ValidationError with text_problem's message, if any."""
    message = text_problem(value, what=what, multiline=multiline)
    if message:
        raise ValidationError(message, code=code)


@deconstructible
class TextValidator:
    """Django validator for form and model fields: `TextValidator("Navnet")`,
    `TextValidator("Begrundelsen", multiline=True)`."""

    def __init__(self, what: str = DEFAULT_WHAT, *, multiline: bool = False):
        self.what = what
        self.multiline = multiline

    def __call__(self, value) -> None:
        check_text(str(value) if value is not None else "", what=self.what, multiline=self.multiline)

    def __eq__(self, other):
        return (
            isinstance(other, TextValidator) and self.what == other.what and self.multiline == other.multiline
        )


def safe_text(value, *, max_length: int) -> str:
    """`value` (any value; None is "") as text that may be stored and shown whatever it held:
    what `text_problem` refuses in any text (control characters, lone surrogates,
    noncharacters, bidi overrides and isolates) left out, line breaks and tabs as spaces, cut to
    `max_length` characters (the last one "…" when cut). For text from outside that is recorded
    rather than accepted: an identity provider's error description, a refused login's claims."""
    text = "" if value is None else value if isinstance(value, str) else str(value)
    kept = []
    for char in text:
        if char in _LINE_BREAKS:
            kept.append(" ")
        elif not (
            unicodedata.category(char) in ("Cc", "Cs")
            or _is_noncharacter(ord(char))
            or char in _BIDI_CONTROLS
        ):
            kept.append(char)
        if len(kept) > max_length:
            break
    if len(kept) > max_length:
        return "".join(kept[: max_length - 1]) + "…"
    return "".join(kept)


def xml_safe(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry, for exports of data stored before
    the check above existed: the export then still writes every unit."""
    return _XML_INVALID.sub("", value)


def is_ascii_digits(value: str) -> bool:
    """Only 0-9: `str.isdigit()` also takes superscript, full-width and Arabic-Indic digits,
    which no SOR-kode, GLN, postnummer or telephone number contains (and int() of "²" fails)."""
    return value.isascii() and value.isdigit()


def count(number: int, one: str, many: str) -> str:
    """Danish singular and plural: `count(1, "enhed", "enheder")` is "1 enhed", and 0 or 4 take
    the plural ("0 enheder", "4 enheder"), never "enhed(er)"."""
    return f"{number} {one if number == 1 else many}"
