"""The contact block's rules: telephone number, e-mail address and website, as stored on a unit.

One place for the normal form of each value (what is stored and compared) and the problem with
it, with its Danish message. `services.clean_data` (every form, the admin and the commands)
and the SOR importer both call these, so the register and an import refuse the same values; the
importer names the value and line in its own words for a problem of code "format".
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from sor_admin.text import text_problem

from .models import Unit

# 8-20 characters: SOR's XML schema (TelephoneNumberIdentifierType, xsd-2012). At least 8 digits:
# a Danish number has 8 (the national numbering plan), a foreign one with its country code more;
# without it "--------" or "+ + + + " passed as a telephone number.
PHONE_MIN_LENGTH = 8
PHONE_MIN_DIGITS = 8
PHONE_MAX_LENGTH = Unit._meta.get_field("phone").max_length
# The rule as two regular expressions, for Python here and for the database (the Kvalitetstjek
# finds stored numbers that break it with `__regex`, on PostgreSQL and SQLite alike). ASCII
# digits only: \d would also take "²".
PHONE_REGEX = f"^[0-9 +-]{{{PHONE_MIN_LENGTH},{PHONE_MAX_LENGTH}}}$"
PHONE_DIGITS_REGEX = f"^([^0-9]*[0-9]){{{PHONE_MIN_DIGITS}}}"
# The telephone rule in words, for this module's message and the importer's (which names the value).
PHONE_RULE = (
    f"skal have {PHONE_MIN_LENGTH}-{PHONE_MAX_LENGTH} tegn, heraf mindst {PHONE_MIN_DIGITS} cifre, "
    "og må kun indeholde cifre, mellemrum, + og -"
)

MSG_PHONE_REQUIRED = "Telefonnummer er obligatorisk."
MSG_PHONE_FORMAT = f"Telefonnummeret {PHONE_RULE}."
MSG_EMAIL = "Angiv en gyldig e-mailadresse, fx post@kommune.dk."
MSG_EMAIL_LENGTH = "E-mailadressen må højst have {limit} tegn. Angiv en kortere adresse."
MSG_WEBSITE = "Angiv en gyldig hjemmeside, fx https://www.kommune.dk."
MSG_WEBSITE_LENGTH = (
    "Hjemmesiden må højst have {limit} tegn, regnet med https:// foran. Angiv en kortere adresse."
)

FIELDS = ("phone", "email", "website")


@dataclass(frozen=True)
class ContactProblem:
    """What is wrong with one value. `code`: "required", "text" (characters that no text of
    the register may hold), "format" or "length"."""

    code: str
    message: str


def _limit(name: str) -> int:
    return Unit._meta.get_field(name).max_length


def normal_phone(value: str) -> str:
    """Runs of whitespace (tabs, line breaks included) become one space."""
    return " ".join((value or "").split())


def normal_email(value: str) -> str:
    return (value or "").strip()


def normal_website(value: str) -> str:
    """Stripped, with https:// in front when no scheme is given."""
    value = (value or "").strip()
    if value and "://" not in value:
        value = "https://" + value
    return value


def phone_problem(value: str, *, required: bool = False) -> ContactProblem | None:
    phone = normal_phone(value)
    if not phone:
        return ContactProblem("required", MSG_PHONE_REQUIRED) if required else None
    if not re.match(PHONE_REGEX, phone) or not re.match(PHONE_DIGITS_REGEX, phone):
        return ContactProblem("format", MSG_PHONE_FORMAT)
    return None


def _checked(value: str, *, what: str, normal, validator, field: str, msg_format: str, msg_length: str):
    """The checks e-mail and website share: the text check on the value as typed (stripped),
    then the validator and the column's length on its normal form (what is stored)."""
    stripped = (value or "").strip()
    if problem := text_problem(stripped, what=what):
        return ContactProblem("text", problem)
    if not stripped:
        return None
    value = normal(stripped)
    try:
        validator(value)
    except ValidationError:
        return ContactProblem("format", msg_format)
    limit = _limit(field)
    if len(value) > limit:
        return ContactProblem("length", msg_length.format(limit=limit))
    return None


def email_problem(value: str) -> ContactProblem | None:
    return _checked(
        value,
        what="E-mailadressen",
        normal=normal_email,
        validator=EmailValidator(),
        field="email",
        msg_format=MSG_EMAIL,
        msg_length=MSG_EMAIL_LENGTH,
    )


def website_problem(value: str) -> ContactProblem | None:
    # The length is that of the stored value, with "https://" added.
    return _checked(
        value,
        what="Hjemmesiden",
        normal=normal_website,
        validator=URLValidator(schemes=["http", "https"]),
        field="website",
        msg_format=MSG_WEBSITE,
        msg_length=MSG_WEBSITE_LENGTH,
    )


def contact_problems(
    *, phone: str, email: str, website: str, phone_required: bool = False
) -> dict[str, ContactProblem]:
    """The problem of each value that has one, keyed by field name."""
    problems = {
        "phone": phone_problem(phone, required=phone_required),
        "email": email_problem(email),
        "website": website_problem(website),
    }
    return {name: problem for name, problem in problems.items() if problem is not None}


def normal_contact(*, phone: str, email: str, website: str) -> dict[str, str]:
    """The values as stored, keyed by field name."""
    return {"phone": normal_phone(phone), "email": normal_email(email), "website": normal_website(website)}
