from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from quality.models import QualityRun

from .conftest import make_unit


def test_kvalitetstjek_prints_counts_per_rule(tree):
    make_unit(tree.si, "Uden telefon", strict=False, phone="", email="c@example.dk")
    out = StringIO()
    call_command("kvalitetstjek", "--kommune", "0201", stdout=out)
    text = out.getvalue()
    assert "Kvalitetstjek af Allerød pr. 02-03-2026" in text
    assert "generelt.telefon_mangler: 1" in text
    run = QualityRun.objects.get()
    assert run.municipality_id == "0201"
    assert run.source == "command:kvalitetstjek"
    assert AuditEvent.objects.get(action="quality.run.create").source == "command:kvalitetstjek"


def test_kvalitetstjek_of_the_whole_register(tree, other_kommune):
    out = StringIO()
    call_command("kvalitetstjek", stdout=out)
    assert "hele registeret" in out.getvalue()
    assert QualityRun.objects.get().municipality is None


def test_kvalitetstjek_refuses_an_unknown_kommune(db):
    with pytest.raises(CommandError, match="Ukendt kommunekode"):
        call_command("kvalitetstjek", "--kommune", "9999")
    assert not QualityRun.objects.exists()
