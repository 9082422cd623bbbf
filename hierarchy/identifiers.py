"""SOR-IDs and lokationsnumre (GLN).

SOR-ID: running number + namespace "1000016" + partition "00" + Verhoeff check digit
(first possible: 11000016002). GLN: 13 digits with the GS1 mod-10 check digit; Danish ones
start with 579. Both checks come from python-stdnum."""

from stdnum import ean, verhoeff

from sor_admin.text import is_ascii_digits

SOR_NAMESPACE = "1000016"
SOR_PARTITION = "00"

MSG_SOR_ID_FORMAT = "En SOR-kode består kun af cifre (mindst 11). Kontrollér det indtastede."
MSG_SOR_ID_NAMESPACE = "SOR-koden {value} har ikke SOR's navnerum (1000016 og partition 00)."
MSG_SOR_ID_CHECK = "SOR-koden {value} har et forkert kontrolciffer. Kontrollér det indtastede."
MSG_GLN_FORMAT = "Et lokationsnummer består af præcis 13 cifre."
MSG_GLN_CHECK = "Lokationsnummeret {value} har et forkert kontrolciffer (GS1)."


def make_sor_id(running_number: int) -> str:
    body = f"{running_number}{SOR_NAMESPACE}{SOR_PARTITION}"
    return body + verhoeff.calc_check_digit(body)


def sor_id_problem(value: str) -> str | None:
    """None when value is a valid SOR-ID, else a Danish message saying what is wrong."""
    value = (value or "").strip()
    if not is_ascii_digits(value) or len(value) < 11:
        return MSG_SOR_ID_FORMAT
    if value[-10:-1] != SOR_NAMESPACE + SOR_PARTITION:
        return MSG_SOR_ID_NAMESPACE.format(value=value)
    if not verhoeff.is_valid(value):
        return MSG_SOR_ID_CHECK.format(value=value)
    return None


def gln_problem(value: str) -> str | None:
    value = (value or "").strip()
    if not is_ascii_digits(value) or len(value) != 13:
        return MSG_GLN_FORMAT
    if not ean.is_valid(value):
        return MSG_GLN_CHECK.format(value=value)
    return None


def make_gln(body12: str) -> str:
    return body12 + ean.calc_check_digit(body12)
