"""View helpers every GUI app shares: the login and logout views (their URLs stay
`hierarchy:login` / `hierarchy:logout`) and how a view tells an htmx request for one part of the
page from a full page load."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django_htmx.http import HttpResponseClientRedirect

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def wants_fragment(request, target: str) -> bool:
    """An htmx request that will swap only the element `target` (not a boosted page load)."""
    return bool(request.htmx) and not request.htmx.boosted and request.htmx.target == target


def redirect_after_post(request, url: str):
    """After a successful write: a 303 to `url`, or for htmx a full load of it (so every part of
    the page, not just the one that posted, shows the change)."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url, status=303)
