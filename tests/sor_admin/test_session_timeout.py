"""The end of a session (issue 13): every answer to a logged-in user says how long the session
has left, "Forbliv logget ind" renews it, and after the end an htmx request sends the whole
browser to the login page, with the way back to the page the user was on."""

import pytest
from django.urls import reverse

from sor_admin.middleware import SlidingSessionMiddleware

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "details"}


@pytest.fixture
def admin_client(client, municipal_admin):
    client.force_login(municipal_admin)
    return client


def test_a_page_and_a_fragment_tell_the_time_left(tree, admin_client, settings):
    page = admin_client.get("/")
    assert page[SlidingSessionMiddleware.HEADER] == str(settings.SESSION_COOKIE_AGE)
    content = page.content.decode()
    assert (
        f'data-session-seconds="{settings.SESSION_COOKIE_AGE}" data-session-warning-seconds="300"' in content
    )
    assert '<div id="session-warning" class="sor-session-warning" hidden>' in content
    assert ">Forbliv logget ind</button>" in content
    # Half an hour after the last renewal, half an hour less.
    session = admin_client.session
    session[SlidingSessionMiddleware.RENEWED_AT] -= 30 * 60
    session.save()
    fragment = admin_client.get(f"/enhed/{tree.blovstrod.sor_id}/", **HX)
    left = int(fragment[SlidingSessionMiddleware.HEADER])
    assert left == settings.SESSION_COOKIE_AGE  # this request renewed it (more than a minute ago)


def test_the_time_left_counts_down_between_renewals(admin_client, settings):
    admin_client.get("/")
    session = admin_client.session
    session[SlidingSessionMiddleware.RENEWED_AT] -= 30  # within the minute: not renewed again
    session.save()
    left = int(admin_client.get("/")[SlidingSessionMiddleware.HEADER])
    assert settings.SESSION_COOKIE_AGE - 32 <= left <= settings.SESSION_COOKIE_AGE - 29


def test_anonymous_answers_tell_nothing(client, db):
    assert SlidingSessionMiddleware.HEADER not in client.get("/login/")
    assert "data-session-seconds" not in client.get("/login/").content.decode()


def test_stay_logged_in_renews_the_session(admin_client, settings):
    admin_client.get("/")
    session = admin_client.session
    session[SlidingSessionMiddleware.RENEWED_AT] -= 30
    session.save()
    response = admin_client.post(reverse("session_keepalive"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert int(response[SlidingSessionMiddleware.HEADER]) >= settings.SESSION_COOKIE_AGE - 1
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    assert admin_client.get(reverse("session_keepalive")).status_code == 405


def test_after_the_end_an_htmx_request_sends_the_browser_to_login_and_back(client, tree):
    page = f"http://testserver/enhed/{tree.blovstrod.sor_id}/?mine=1"
    response = client.get(f"/enhed/{tree.si.sor_id}/", HTTP_HX_CURRENT_URL=page, **HX)
    assert response.status_code == 200 and response.content == b""
    assert response["HX-Redirect"] == f"/login/?next=/enhed/{tree.blovstrod.sor_id}/%3Fmine%3D1"
    # A form posted after the end goes the same way; a page of another site is never the way back.
    response = client.post(
        f"/enhed/{tree.blovstrod.sor_id}/rediger/", HTTP_HX_CURRENT_URL="https://evil.example/x", **HX
    )
    assert response["HX-Redirect"] == "/login/?next=/"


def test_without_htmx_login_required_redirects_as_before(client, tree):
    response = client.get(f"/enhed/{tree.blovstrod.sor_id}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    assert "HX-Redirect" not in response
