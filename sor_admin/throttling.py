"""What the login throttling (django-axes, configured in settings/base.py) needs from the app:
the client address failures are counted against, and the page a locked-out login gets."""

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse


def lock_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        "Kontoen er midlertidigt låst efter for mange mislykkede login-forsøg. "
        f"Prøv igen om {minutes} minutter, eller kontakt SOR-supporten."
    )


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in network for network in settings.SOR_TRUSTED_PROXIES)


def client_ip_address(request) -> str:
    """The TCP peer (REMOTE_ADDR), unless the peer is one of SOR_TRUSTED_PROXIES: then the
    nearest address in X-Forwarded-For that is not a trusted proxy. Reading the header from the
    right means a client can prepend whatever it likes without effect; only the hop our own proxy
    appended counts. (django-ipware, axes' built-in option, is not installed and trusts the
    header by proxy count or prefix, not only when the peer itself is a trusted proxy.)"""
    peer = request.META.get("REMOTE_ADDR", "")
    try:
        if not _trusted(ipaddress.ip_address(peer)):
            return peer
    except ValueError:
        return peer
    address = peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        try:
            ip = ipaddress.ip_address(hop)
        except ValueError:
            break  # a garbled hop: nothing left of it can be believed; keep the proxy that sent it
        address = str(ip)
        if not _trusted(ip):
            break
    return address


def lockout_response(request, original_response, credentials):
    """The login page again (the GUI's or the Django admin's: both are TemplateResponses with
    the bound login form), with the lock message instead of "wrong user name or password", and
    status 429. Axes calls this for the failure that reaches the limit and for every attempt
    while the lock lasts."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    form = (getattr(original_response, "context_data", None) or {}).get("form")
    if form is None:
        return HttpResponse(lock_message(), status=status, content_type="text/plain; charset=utf-8")
    form.errors.clear()
    form.add_error(None, ValidationError(lock_message(), code="locked"))
    original_response.status_code = status
    original_response.content = original_response.rendered_content
    return original_response
