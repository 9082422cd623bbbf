"""The main menu of every GUI page: each user sees the pages that user may use, and only those
(issue 23 item 3). One list, one line per page: an app that adds a page adds its line here.

Each rule repeats the check of the view it links to (named beside it); tests/sor_admin/
test_navigation.py opens every link each role is shown and asserts it is not refused, and that
the pages a role is not shown refuse it. The menu is the project's, so it sits above every app
(.importlinter: beside sor_admin.urls)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from hierarchy import permissions
from reorganisation import policy as reorganisation_policy


def _everyone(user) -> bool:
    return True


def _sds_or_municipal(user) -> bool:
    # The omstruktureringer's own rule (reorganisation/policy.py), which its views enforce.
    return reorganisation_policy.may_author(user)


def _quality(user) -> bool:
    # quality.views._scope: SDS and support see every kommune, an administrator the own ones
    return permissions.is_sds(user) or permissions.is_support(user) or permissions.is_municipal_admin(user)


def _requests(user) -> bool:
    # change_requests.views.index: those who file requests or decide them (change_requests.services.may_request)
    return permissions.is_sds(user) or permissions.is_municipal_admin(user) or permissions.is_medcom(user)


def _location_numbers(user) -> bool:
    # exchange.views.location_numbers is open to every user; it is the work of SDS and MedCom,
    # and support answers questions about it.
    return permissions.is_sds(user) or permissions.is_medcom(user) or permissions.is_support(user)


def _django_admin(user) -> bool:
    # The Django admin: staff with the model permissions of hierarchy/roles.py (SDS, MedCom).
    return bool(user.is_staff) and (permissions.is_sds(user) or permissions.is_medcom(user))


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    shown_to: Callable[..., bool]
    # Paths (besides the page's own) under which the page is the current one.
    also_current: tuple[str, ...] = ()


MENU = (
    Page("Organisationen", "hierarchy:index", _everyone, also_current=("/enhed/",)),
    Page("Vis pr. dato", "hierarchy:as_of", _everyone),
    Page("Ændringslog", "audit:log", permissions.can_review_audit),  # auditlog.views._require_reviewer
    Page("Omstruktureringer", "reorganisation:list", _sds_or_municipal),
    Page("Kvalitetstjek", "quality:index", _quality),
    Page("Anmodninger", "change_requests:index", _requests),
    Page("Udtræk", "exchange_gui:index", permissions.is_sds),  # exchange.views.sds_required
    Page("Lokationsnumre", "exchange_gui:location_numbers", _location_numbers),
    Page("API", "exchange_gui:api_doc", _everyone),
    Page("Administration", "admin:index", _django_admin),
)


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool


def _matches(page: Page, url: str, path: str) -> int:
    """How well `path` belongs to `page`: the length of the longest prefix (0: not at all), so
    /udveksling/lokationsnumre/ is Lokationsnumre's, not Udtræk's."""
    prefixes = (*page.also_current, url) if url != "/" else page.also_current
    lengths = [len(prefix) for prefix in prefixes if path.startswith(prefix)]
    if url == "/" and path == "/":
        lengths.append(1)
    return max(lengths, default=0)


def menu_for(user, path: str = "") -> list[MenuItem]:
    if user is None or not user.is_authenticated:
        return []
    shown = [(page, reverse(page.url_name)) for page in MENU if page.shown_to(user)]
    scores = [_matches(page, url, path) for page, url in shown]
    best = max(scores, default=0)
    return [
        MenuItem(page.label, url, current=best > 0 and score == best)
        for (page, url), score in zip(shown, scores, strict=True)
    ]


def main_menu(request: HttpRequest) -> dict[str, Callable[[], list[MenuItem]]]:
    """Context processor: `sor_menu`, worked out only on a page that shows it."""

    def items() -> list[MenuItem]:
        return menu_for(getattr(request, "user", None), request.path)

    return {"sor_menu": items}
