"""The contact block's rules (hierarchy.contact), shared by the services and the SOR importer
(tests/exchange/test_import_contact.py checks that the two agree)."""

import pytest
from django.core.exceptions import ValidationError

from hierarchy import contact, services
from tests.factories import UnitDataFactory

LONG_PATH_WEBSITE = "www.example.dk/" + "a" * 180  # 195 characters; 203 with https:// in front


def test_normal_forms():
    assert contact.normal_phone("  48 10\t01  00 ") == "48 10 01 00"
    assert contact.normal_email(" post@kommune.dk ") == "post@kommune.dk"
    assert contact.normal_website(" www.kommune.dk ") == "https://www.kommune.dk"
    assert contact.normal_website("http://www.kommune.dk") == "http://www.kommune.dk"
    assert contact.normal_website("  ") == ""


def test_phone_rule():
    assert contact.phone_problem("48 10 01 00") is None
    assert contact.phone_problem("") is None
    assert contact.phone_problem("", required=True).message == contact.MSG_PHONE_REQUIRED
    assert contact.phone_problem("123").message == contact.MSG_PHONE_FORMAT
    assert contact.phone_problem("123").code == "format"


@pytest.mark.parametrize(
    "value",
    ["48 10 01 0\u00b2", "\uff14\uff18 10 01 00", "48 10 01 00 a", "48.10.01.00", "48 10 01 00 9876543210"],
)
def test_phone_rule_refuses_other_characters_and_lengths(value):
    assert contact.phone_problem(value).code == "format"


def test_phone_rule_in_one_place_and_its_words():
    """The characters, the lengths and the words are hierarchy.contact's; the importer names the
    value in the same words (it kept its own copy of them before)."""
    from exchange.importer.check import MSG_CONTACT_FORMAT

    assert contact.phone_problem("+45 48-10-01-00") is None
    assert contact.phone_problem("48100100") is None  # 8 characters, 8 digits
    assert contact.phone_problem("1234 56").code == "format"  # 7 characters
    assert contact.MSG_PHONE_FORMAT == (
        "Telefonnummeret skal have 8-20 tegn, heraf mindst 8 cifre, og må kun indeholde cifre, "
        "mellemrum, + og -."
    )
    assert MSG_CONTACT_FORMAT["phone"].format(value="12") == (
        "Telefonnummeret «12» skal have 8-20 tegn, heraf mindst 8 cifre, og må kun indeholde "
        "cifre, mellemrum, + og -."
    )


@pytest.mark.parametrize("phone", ["--------", "+ + + + ", "+45 - - -", "1234 567", "+4 12 34 56"])
def test_a_phone_number_without_eight_digits_is_refused(phone):
    """8 characters are not enough: the characters must hold a Danish number's 8 digits."""
    assert contact.phone_problem(phone) == contact.ContactProblem("format", contact.MSG_PHONE_FORMAT)


def test_email_rule():
    assert contact.email_problem("post@kommune.dk") is None
    assert contact.email_problem("") is None
    assert contact.email_problem("ikke-en-mail").message == contact.MSG_EMAIL
    assert contact.email_problem("post\u202e@kommune.dk").code == "text"


def test_an_email_longer_than_the_column_is_refused():
    # EmailValidator takes this one (259 characters); the column holds 254.
    email = "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "dk"
    assert contact.email_problem(email).message == contact.MSG_EMAIL_LENGTH.format(limit=254)
    assert contact.email_problem("a" * 64 + "@" + ("b" * 61 + ".") * 3 + "dk") is None  # 253


def test_an_email_longer_than_the_column_is_refused_by_the_services(tree):
    data = UnitDataFactory(email="a" * 64 + "@" + ("b" * 63 + ".") * 3 + "dk")
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            actor=None,
            kind="OE",
            parent=tree.si,
            data=data,
            valid_from=tree.ie.valid_from,
            reason="Testændring",
        )
    assert exc.value.message_dict == {"email": [contact.MSG_EMAIL_LENGTH.format(limit=254)]}


def test_website_rule():
    assert contact.website_problem("www.kommune.dk") is None
    assert contact.website_problem("") is None
    assert contact.website_problem("http://").message == contact.MSG_WEBSITE
    assert contact.website_problem(LONG_PATH_WEBSITE).message == contact.MSG_WEBSITE_LENGTH.format(limit=200)
    assert contact.website_problem(LONG_PATH_WEBSITE).code == "length"
