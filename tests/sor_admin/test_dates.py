"""The one date parser (sor_admin/dates.py): the GUI's fields, Django's Danish input formats,
plan files and the commands read dates alike."""

from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import formats, translation

from reorganisation.plan import parse_day
from sor_admin.dates import DATE_INPUT_FORMATS, argument_date, parse_date, parse_date_or_none
from sor_admin.ui.forms import date_field


@pytest.mark.parametrize(
    "text",
    ["01-06-2026", "1-6-2026", "2026-06-01", "01.06.2026", "01/06/2026", "01-06-26", " 01-06-2026 "],
)
def test_every_accepted_form_gives_the_day(text):
    assert parse_date(text) == date(2026, 6, 1)
    assert parse_day(text) == date(2026, 6, 1)  # a plan file reads dates the same way
    assert date_field("Dato").clean(text) == date(2026, 6, 1)


@pytest.mark.parametrize("text", ["31-02-2027", "2027-02-30", "29.02.2027"])
def test_a_day_not_in_the_calendar_says_so(text):
    with pytest.raises(ValidationError) as refused:
        parse_date(text)
    assert refused.value.code == "nonexistent"
    assert "findes ikke" in refused.value.messages[0]
    with pytest.raises(forms.ValidationError, match="findes ikke"):
        date_field("Dato").clean(text)


@pytest.mark.parametrize("text", ["", "i morgen", "2026-6", "01-06-2026x", "13-13-13-13"])
def test_anything_else_is_told_how_to_write_a_date(text):
    with pytest.raises(ValidationError) as refused:
        parse_date(text)
    assert refused.value.code == "invalid"
    assert parse_date_or_none(text) is None


def test_a_value_that_is_not_text_is_no_date():
    assert parse_date_or_none(20260601) is None
    assert parse_date_or_none(None) is None


def test_django_reads_danish_input_with_the_same_list():
    with translation.override("da"):
        assert formats.get_format("DATE_INPUT_FORMATS") == DATE_INPUT_FORMATS


def test_command_date_arguments_take_danish_dates():
    assert argument_date("24-12-2026") == date(2026, 12, 24)
    with pytest.raises(Exception, match="findes ikke"):
        argument_date("31-02-2027")


@pytest.mark.django_db
def test_lokationsnummer_luk_takes_a_danish_date():
    """It took ISO only (date.fromisoformat) while every other date in the app is dd-mm-åååå."""
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("lokationsnummer", "luk", "5790000000001", "--dato", "31-02-2027")
    with pytest.raises(CommandError, match="5790000000001"):
        call_command("lokationsnummer", "luk", "5790000000001", "--dato", "24-12-2026")
