"""View helpers every GUI app shares: how a view tells an htmx request for one part of the page
from a full page load, and how it answers after a write; the pages of the product itself (the
tilgængelighedserklæring, the 500 page). (The login and logout views are in accounts/views.py.)"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from sor_admin.context_processors import support_contacts
from sor_admin.middleware import SlidingSessionMiddleware


def wants_fragment(request, target: str) -> bool:
    """An htmx request that will swap only the element `target` (not a boosted page load)."""
    return bool(request.htmx) and not request.htmx.boosted and request.htmx.target == target


def redirect_after_post(request, url: str):
    """After a successful write: a 303 to `url`, or for htmx a full load of it (so every part of
    the page, not just the one that posted, shows the change)."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url, status=303)


def accessibility_statement(request):
    """The tilgængelighedserklæring: open to everyone, logged in or not."""
    return render(request, "tilgaengelighed.html")


@requires_csrf_token
def server_error(request):
    """The 500 page with the support contacts from the settings, and nothing that needs the
    database or the request (they may be what broke)."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"sor_support": support_contacts()}))


@login_required
@require_POST
def session_keepalive(request):
    """ "Forbliv logget ind" in the session warning: renews the session now (the answer's
    SOR-Session-Seconds header tells the page the new time left)."""
    SlidingSessionMiddleware.renew(request.session)
    return HttpResponse(status=204)
