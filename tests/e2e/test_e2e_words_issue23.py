"""Issue 23 item 5 in a browser: the page headings keep their distance from the header line."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from hierarchy import permissions
from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e

# The distance between the header line and a page's heading (today's main: 0 px, the heading
# touches the line).
MIN_GAP = 16


def _gap(page) -> float:
    return page.evaluate(
        """() => {
            const header = document.querySelector('header').getBoundingClientRect();
            const h1 = document.querySelector('main h1').getBoundingClientRect();
            return h1.top - header.bottom;
        }"""
    )


def test_headings_keep_their_distance_from_the_header(page, live_server, demo):
    user = get_user_model().objects.create_user(username="support.e2e", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=permissions.GROUP_SUPPORT)[0])
    login(page, live_server, "support.e2e")
    gaps = {}
    for path in ("/pr-dato/", "/aendringslog/", "/kvalitet/"):
        page.goto(f"{live_server.url}{path}")
        gaps[path] = _gap(page)
    assert all(gap >= MIN_GAP for gap in gaps.values()), gaps
