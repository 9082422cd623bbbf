"""Small template helpers for the GUI's DKFDS markup."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from hierarchy import permissions

register = template.Library()

ICON_SPRITE = "vendor/dkfds/11.2.0/img/all-svg-icons.svg"


@register.simple_tag
def icon(name: str, label: str = "", classes: str = ""):
    """A DKFDS icon from the vendored sprite (an external <use>, so no inline sprite is needed)."""
    css = f"icon-svg {classes}".strip()
    href = f"{static(ICON_SPRITE)}#{name}"
    if label:
        return format_html(
            '<svg class="{}" focusable="false" role="img" aria-label="{}"><use href="{}"></use></svg>',
            css,
            label,
            href,
        )
    return format_html(
        '<svg class="{}" focusable="false" aria-hidden="true"><use href="{}"></use></svg>', css, href
    )


@register.filter
def dkdate(value):
    """dd-mm-åååå, the format the GUI shows and accepts."""
    return value.strftime("%d-%m-%Y") if value else ""


@register.filter
def work_role(user) -> str:
    """The user's work in the register, for the start page (issue 23): "municipal", "sds",
    "medcom", "support" or "" (a user without a role)."""
    if permissions.is_sds(user):
        return "sds"
    if permissions.is_municipal_admin(user):
        return "municipal"
    if permissions.is_medcom(user):
        return "medcom"
    if permissions.is_support(user):
        return "support"
    return ""


@register.filter
def has_own_units(user) -> bool:
    """Kun mine enheder means something to a municipal administrator (the own kommuner) and to
    SDS (every IE); MedCom and support have no units of their own, so it is not offered them."""
    return work_role(user) in ("municipal", "sds")
