"""Template helpers for the history and audit links in the header."""

from django import template

from hierarchy import permissions

register = template.Library()


@register.filter
def can_review_audit(user) -> bool:
    return permissions.can_review_audit(user)
