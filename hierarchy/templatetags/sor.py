"""Small template helpers for the GUI's DKFDS markup."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

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
