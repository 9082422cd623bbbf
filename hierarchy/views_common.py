"""Helpers the register's GUI views share (views.py, views_history.py)."""

from django.core.exceptions import ValidationError
from django.http import Http404

from . import selectors
from .models import Unit


def get_unit_or_404(sor_id: str, *, addresses: bool = True) -> Unit:
    """The unit of the page's address; 404 with the lookup's message if there is none."""
    try:
        return selectors.unit_for_sor_id(sor_id, selectors.details_queryset(addresses=addresses))
    except ValidationError as error:
        raise Http404(error.messages[0]) from None
