"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server.

Never run `playwright install`: the browser is /usr/bin/chromium. Playwright's sync API runs an
event loop in the test thread, so Django's async-safety check is switched off here only."""

import os
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# An expectation waits up to 10 s (Playwright's default is 5 s): on a 2-core machine running two
# test workers, their browsers and PostgreSQL, a whole page after Back or Forward has been seen
# to take longer than 5 s. A page that never comes still fails.
expect.set_options(timeout=10_000)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PASSWORD = "demo"


@pytest.fixture(autouse=True)
def at_noon():
    """Every browser test runs at noon of today (Copenhagen), with the clock running: a test that
    reads "today" and a server that answers a moment later see the same day, even when the run
    starts just before midnight."""
    copenhagen = ZoneInfo("Europe/Copenhagen")
    noon = datetime.combine(datetime.now(copenhagen).date(), time(12, 0), tzinfo=copenhagen)
    with time_machine.travel(noon, tick=True):
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            # Back and Forward must work from the server's answers alone (issue 13), not from a
            # page the browser kept in memory.
            "--disable-back-forward-cache",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}, "locale": "da-DK"}


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, *, full_page: bool = True):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return take


# The reference data (enhedstyper, kommuner, meddelelsestyper, postnumre and streets) as rows,
# read once per test process: loading it from the files costs about a second, inserting the rows
# again after a flush a tenth of that.
_reference_rows: list | None = None


def _reference_data():
    global _reference_rows
    from django.apps import apps
    from django.db import transaction

    from hierarchy import reference

    if _reference_rows is None:
        reference.load_all()
        _reference_rows = [
            (model, list(model._base_manager.values()))
            for app in ("hierarchy", "addresses")
            for model in apps.get_app_config(app).get_models(include_auto_created=True)
            if model._base_manager.exists()
        ]
        return
    with transaction.atomic():  # foreign keys are checked at the commit, whatever the order
        for model, rows in _reference_rows:
            if not model._base_manager.exists():
                model._base_manager.bulk_create([model(**row) for row in rows])


@pytest.fixture
def demo(transactional_db):
    """The demo-like register. Transactional tests flush the reference data that migrations
    load, so it is put back first."""
    from hierarchy import permissions
    from hierarchy.models import AdministratorScope
    from tests import factories
    from tests.hierarchy.trees import build_demo

    _reference_data()
    kommune = factories.kommune_ie("0201")
    other = factories.kommune_ie("0751")
    demo = build_demo(kommune, other)
    user = get_user_model().objects.create_user(
        username="admin.allerod", password=PASSWORD, first_name="Anne", last_name="Andersen"
    )
    user.groups.add(Group.objects.get_or_create(name=permissions.GROUP_MUNICIPAL_ADMIN)[0])
    AdministratorScope.objects.create(user=user, institution_owner=kommune)
    demo.user = user
    return demo


def login(page, live_server, username="admin.allerod", password=PASSWORD):
    """Signs in and waits for the page after the login form, so that the test's next step acts
    on that page and not on the login form that is still on screen."""
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log ind").click()


# htmx marks the element of a running request (htmx-request) and the content of a swap until it
# settles (htmx-swapping, htmx-settling, htmx-added).
_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"


def settled(page, timeout=5000):
    """Waits until no htmx request, swap or settle is under way: an `expect` on content that a
    swap brings can otherwise pass on the content that is about to be replaced."""
    page.wait_for_function(f"() => !document.querySelector({_BUSY!r})", timeout=timeout)


@pytest.fixture
def admin_page(page, live_server, demo):
    login(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    return page
