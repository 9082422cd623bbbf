from django import template

from hierarchy import permissions

register = template.Library()


@register.filter
def can_reorganise(user) -> bool:
    """Show "Omstruktureringer": SDS, and municipal administrators (inside their kommune)."""
    return permissions.is_sds(user) or permissions.is_municipal_admin(user)
