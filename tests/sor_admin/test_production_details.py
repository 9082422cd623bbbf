"""Production details: pages for a logged-in user are not stored by browsers or proxies, htmx
fragments and full pages are cached apart, sessions end after a working day without requests,
and the 500 page is Danish in the app's look."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path, reverse
from django.utils import timezone
from django.views.defaults import server_error

from sor_admin.middleware import SlidingSessionMiddleware


def boom(request):
    raise RuntimeError("a bug")


def plain_text(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("test-500/", boom),
    path("test-plain/", plain_text),
    path("", include("sor_admin.urls")),
]


def test_an_authenticated_page_is_not_stored_and_varies_on_htmx(client, municipal_admin, tree):
    client.force_login(municipal_admin)
    response = client.get(reverse("hierarchy:index"))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control
    assert "HX-Request" in response["Vary"]


def test_an_htmx_fragment_is_not_stored_and_varies_on_htmx(client, municipal_admin, tree):
    client.force_login(municipal_admin)
    response = client.get(
        reverse("hierarchy:tree_children", args=[tree.si.sor_id]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_an_anonymous_page_is_not_marked_private(client, db):
    response = client.get(reverse("login"))
    assert "HX-Request" in response["Vary"]
    # (the login page has its own never_cache from Django; no-store is not ours to add here)
    assert response.status_code == 200


@override_settings(ROOT_URLCONF=__name__)
def test_a_non_html_response_is_not_given_the_htmx_vary(client, municipal_admin):
    client.force_login(municipal_admin)
    response = client.get("/test-plain/")
    assert "HX-Request" not in response.get("Vary", "")
    assert "no-store" in response["Cache-Control"]


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_keep_their_caching(municipal_admin):
    client = Client()  # built under the override, so WhiteNoise serves from the finders
    client.force_login(municipal_admin)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "HX-Request" not in response.get("Vary", "")


def test_a_session_ends_after_a_working_day_without_requests(client, municipal_admin, tree):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    response = client.post(reverse("login"), {"username": "admin.test", "password": "demo"})
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600
    key = client.session.session_key

    def ends_in():
        return Session.objects.get(pk=key).expire_date - timezone.now()

    # Within a minute of the last renewal a request writes nothing (no query, no cookie) ...
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(hours=1))
    response = client.get(reverse("hierarchy:index"))
    assert "sessionid" not in response.cookies
    assert ends_in() <= timedelta(hours=1)
    # ... after that, the next request moves the end to a working day from now (sliding).
    session = client.session
    session[SlidingSessionMiddleware.RENEWED_AT] -= SlidingSessionMiddleware.INTERVAL
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(hours=1))
    response = client.get(reverse("hierarchy:index"))
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600
    assert ends_in() > timedelta(hours=7, minutes=59)


def test_an_anonymous_request_creates_no_session(client, db):
    response = client.get(reverse("login"))
    assert "sessionid" not in response.cookies and not Session.objects.exists()


def test_the_session_length_is_a_setting():
    env = {**os.environ, "SOR_SESSION_HOURS": "1.5"}
    code = "from sor_admin.settings import base; print(base.SESSION_COOKIE_AGE)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == str(90 * 60)


def assert_danish_500_page(response):
    content = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="da">' in content
    assert "Sundhedsvæsenets Organisationsregister" in content
    assert "Der opstod en fejl på serveren" in content
    assert "css/app.css" in content and "dkfds" in content
    assert "Server Error" not in content


def test_the_500_page_is_danish_in_the_apps_look(db):
    assert_danish_500_page(server_error(RequestFactory().get("/")))


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_an_unhandled_error_shows_the_danish_500_page():
    client = Client(raise_request_exception=False)
    assert_danish_500_page(client.get("/test-500/"))
