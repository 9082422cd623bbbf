"""Helpers the register's GUI views share (views.py, views_history.py)."""

from django.http import Http404

from . import selectors
from .models import Unit

MSG_NO_UNIT = "Der findes ingen enhed med denne SOR-kode."


def get_unit_or_404(sor_id: str, *, addresses: bool = True) -> Unit:
    try:
        return selectors.unit_by_sor_id(sor_id, addresses=addresses)
    except Unit.DoesNotExist:
        raise Http404(MSG_NO_UNIT) from None
