"""The demo register carries realistic Kvalitetstjek findings in Allerød and Aarhus (issue 24
item 6), and a first control run, so /kvalitet/ shows something on a fresh `scripts/demo`."""

from django.core.management import call_command

from quality.models import Finding, QualityRun
from quality.runs import run_checks

# Et Samlet Patientoverblik finds nothing in the demo: every IE has a postadresse that its OEs
# inherit (bench/demo_findings.py).
PACKS_WITH_FINDINGS = ("generelt", "edi", "behandlingssteder", "genoptraening")
EDI_RULES = (
    "edi.lokationsnummer_uden_meddelelsestyper",
    "edi.lokationsnummer_ophoerer",
    "edi.lokationsnummer_flyttet",
)


def test_every_pack_but_one_finds_something_in_both_kommuner(db):
    call_command("seed_demo")
    assert QualityRun.objects.count() == 1
    run = QualityRun.objects.get()
    for kommune in ("0201", "0751"):
        rules = set(
            Finding.objects.filter(run=run, municipality_id=kommune).values_list("rule_id", flat=True)
        )
        for pack in PACKS_WITH_FINDINGS:
            assert any(rule.startswith(pack + ".") for rule in rules), (kommune, pack)
        assert set(EDI_RULES) <= rules, kommune
        assert "behandlingssteder.uden_egen_adresse" in rules


def test_a_second_seed_makes_no_second_run_and_the_findings_are_real(db):
    call_command("seed_demo")
    call_command("seed_demo")
    assert QualityRun.objects.count() == 1
    # A fresh run over the same register finds the same (the findings come from the data).
    first = set(Finding.objects.values_list("rule_id", "unit_id"))
    again = run_checks(actor=None)
    assert set(Finding.objects.filter(run=again).values_list("rule_id", "unit_id")) == first
