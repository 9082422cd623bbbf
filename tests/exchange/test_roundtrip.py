"""Round trip: a varied register → SOR XML (+ EDI map) → valid against the XSD → imported into
an empty register → the same register."""

import io

from lxml import etree

from exchange.exporter import iter_edi_csv, iter_sor_xml
from exchange.models import LocationNumberClosure
from exchange.sorxml import schema_problems
from hierarchy.models import Unit

from .helpers import run_import
from .register import RegisterBuilder, snapshot, wipe_register


def test_export_then_import_into_an_empty_register_gives_the_same_register(db, today):
    RegisterBuilder(today).build()
    before = snapshot()
    closures_before = dict(LocationNumberClosure.objects.values_list("gln", "closing_date"))
    assert len(before) > 250
    assert closures_before

    warnings: list[str] = []
    xml = b"".join(iter_sor_xml(warnings=warnings))
    edi = b"".join(iter_edi_csv()).decode("utf-8")
    assert warnings == []
    assert schema_problems(etree.parse(io.BytesIO(xml))) == []

    wipe_register()
    assert not Unit.objects.exists()

    result = run_import(xml, edi_text=edi)
    assert result.created == len(before)
    assert result.closed == 2
    after = snapshot()
    assert after.keys() == before.keys()
    for sor_id in before:
        assert after[sor_id] == before[sor_id], sor_id
    assert dict(LocationNumberClosure.objects.values_list("gln", "closing_date")) == closures_before

    # And once more: nothing changes.
    again = run_import(xml, edi_text=edi)
    assert (again.created, again.changed, again.closed, again.edi_changed) == (0, 0, 0, 0)
    assert snapshot() == before
