"""View helpers every GUI app shares: how a view tells an htmx request for one part of the page
from a full page load, and how it answers after a write. (The login and logout views are in
accounts/views.py.)"""

from django.http import HttpResponseRedirect
from django_htmx.http import HttpResponseClientRedirect


def wants_fragment(request, target: str) -> bool:
    """An htmx request that will swap only the element `target` (not a boosted page load)."""
    return bool(request.htmx) and not request.htmx.boosted and request.htmx.target == target


def redirect_after_post(request, url: str):
    """After a successful write: a 303 to `url`, or for htmx a full load of it (so every part of
    the page, not just the one that posted, shows the change)."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url, status=303)
