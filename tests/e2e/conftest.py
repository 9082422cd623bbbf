"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server.

Never run `playwright install`: the browser is /usr/bin/chromium. Playwright's sync API runs an
event loop in the test thread, so Django's async-safety check is switched off here only."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PASSWORD = "demo"


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


@pytest.fixture
def demo(transactional_db):
    """The demo-like register. Transactional tests flush the reference data that migrations
    load, so it is loaded again first."""
    from hierarchy import permissions, reference
    from hierarchy.models import AdministratorScope
    from tests import factories
    from tests.hierarchy.trees import build_demo

    reference.load_all()
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
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()


@pytest.fixture
def admin_page(page, live_server, demo):
    login(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    return page
