"""A double click on a form's button is one change (issue 22, item 1): the page sends the form
once and disables its button while it is sent; the server answers a repeat of the same opened
form with the first one's result anyway (tests/hierarchy/test_submit_once.py)."""

import re

import pytest
from playwright.sync_api import expect

from hierarchy.models import Unit

from .test_e2e_forms import _fill_postal, _open

pytestmark = pytest.mark.e2e


def _fill_create(page, name: str, *, phone: str = "48 10 01 00"):
    form = page.locator("#create-form")
    form.get_by_label("Navn", exact=True).fill(name)
    form.get_by_label("Enhedstype").fill("tandplejeklinik")
    _fill_postal(page)
    form.get_by_label("Telefonnummer").fill(phone)
    form.get_by_label("Begrundelse").fill("Ny klinik")
    return form


def _posts_to(page, path: str) -> list:
    posts = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" and path in r.url else None)
    return posts


def test_a_double_click_on_opret_creates_one_unit(admin_page, live_server, demo):
    page = admin_page
    _open(page, live_server, demo.tandpleje, "Opret OE")
    form = _fill_create(page, "Tandplejen Lynge Skole")
    posts = _posts_to(page, "/opret/")
    form.get_by_role("button", name="Opret").dblclick()
    expect(page.get_by_role("heading", name="Tandplejen Lynge Skole", level=2)).to_be_visible()
    unit = Unit.objects.get(name="Tandplejen Lynge Skole")
    expect(page).to_have_url(re.compile(rf"/enhed/{unit.sor_id}/"))
    expect(page.get_by_role("status")).to_contain_text(f"SOR-koden {unit.sor_id}")
    assert len(posts) == 1  # the second click was not sent


def test_a_refused_opret_can_be_sent_again_once_corrected(admin_page, live_server, demo):
    page = admin_page
    _open(page, live_server, demo.tandpleje, "Opret OE")
    form = _fill_create(page, "Tandplejen uden telefon", phone="")
    form.get_by_role("button", name="Opret").dblclick()
    expect(page.locator('[data-module="error-summary"]')).to_contain_text("Telefonnummer er obligatorisk.")
    button = page.locator("#create-form").get_by_role("button", name="Opret")
    expect(button).to_be_enabled()
    page.locator("#create-form").get_by_label("Telefonnummer").fill("48 10 01 00")
    button.click()
    expect(page.get_by_role("heading", name="Tandplejen uden telefon", level=2)).to_be_visible()
    assert Unit.objects.filter(name="Tandplejen uden telefon").count() == 1
