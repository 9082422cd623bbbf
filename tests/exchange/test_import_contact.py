"""The importer checks telephone, e-mail and website by the register's own rule
(`hierarchy.contact`, which `hierarchy.services` uses too): a value the services would refuse is
refused while the file is checked (so `--dry-run` already says so), with its line; a value the
services take, the importer takes."""

import pytest
from django.core.exceptions import ValidationError

from exchange.sorxml import XKOM_2005, SorFileRejected
from hierarchy import services
from hierarchy.models import Unit, UnitType
from tests import factories

from .helpers import run_import, sample

PHONE = b"<TelephoneNumberIdentifier>42482209</TelephoneNumberIdentifier>"


def with_contact(*, phone: str | None = None, email: str | None = None, website: str | None = None) -> bytes:
    """The apotek sample with the IE's contact block changed (schema order: e-mail, website,
    telephone)."""
    block = b""
    if email is not None:
        block += f'<EmailAddressIdentifier xmlns="{XKOM_2005}">{email}</EmailAddressIdentifier>'.encode()
    if website is not None:
        block += f"<Website>{website}</Website>".encode()
    block += f"<TelephoneNumberIdentifier>{phone}</TelephoneNumberIdentifier>".encode() if phone else PHONE
    source = sample("apotek")
    assert PHONE in source
    return source.replace(PHONE, block, 1)


def import_problems(source: bytes) -> list:
    """The problems of a dry run (the check phase alone), [] if the file would be imported."""
    try:
        run_import(source, dry_run=True)
    except SorFileRejected as exc:
        return exc.problems
    return []


def service_refuses(tree, **contact_values) -> bool:
    data = services.UnitData(
        name="Importeret enhed", unit_type=UnitType.objects.get(code=factories.PLEJEHJEM), **contact_values
    )
    try:
        services.unit_create(
            actor=None,
            kind="OE",
            parent=tree.si,
            data=data,
            valid_from=tree.ie.valid_from,
            strict=False,
            reason="Testændring",
        )
    except ValidationError as exc:  # refused or created: the helper answers which
        assert set(exc.message_dict) == set(contact_values)  # noqa: PT017
        return True
    return False


LONG_PATH_WEBSITE = "www.example.dk/" + "a" * 180  # 195 characters; 203 with https:// in front


def test_a_website_too_long_once_https_is_added_is_refused_while_checking(db):
    problems = import_problems(with_contact(website=LONG_PATH_WEBSITE))
    assert [p.element for p in problems] == ["Website"]
    assert "højst have 200 tegn" in problems[0].message
    assert Unit.objects.count() == 0


def test_an_email_with_a_hidden_character_is_one_problem(db):
    problems = import_problems(with_contact(email="post\u202e@apotek.dk"))
    assert [p.element for p in problems] == ["EmailAddressIdentifier"]
    assert "E-mailadressen indeholder skjulte tegn" in problems[0].message


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "42 48 22 09"),
        ("phone", "+45 4248 2209"),
        ("phone", "4248"),
        ("phone", "4248-22x9"),
        ("phone", "1" * 21),
        ("email", "post@apotek.dk"),
        ("email", "post@apotek"),
        ("email", "post@@apotek.dk"),
        ("email", "post\u200b@apotek.dk"),
        ("website", "www.apotek.dk"),
        ("website", "http://www.apotek.dk/side"),
        ("website", "ftp://www.apotek.dk"),
        ("website", "https://"),
        ("website", "www.apotek.dk/\u2066x"),
        ("website", "https://www.example.dk/" + "a" * 177),  # 200 characters
        ("website", LONG_PATH_WEBSITE),
    ],
)
def test_importer_and_services_agree_on_contact_values(tree, field, value):
    import_element = {
        "phone": "TelephoneNumberIdentifier",
        "email": "EmailAddressIdentifier",
        "website": "Website",
    }
    problems = import_problems(with_contact(**{field: value}))
    assert [p.element for p in problems] in ([], [import_element[field]])
    assert bool(problems) == service_refuses(tree, **{field: value})


def test_a_refused_value_is_named_in_the_importers_message(db):
    problems = import_problems(with_contact(phone="4248-22x9"))
    assert "«4248-22x9»" in problems[0].message
