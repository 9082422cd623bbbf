"""A token scoped to Allerød never returns an Aarhus Organization: search, read, include,
revinclude and history."""

import pytest

from exchange import location_numbers
from tests import factories

from .test_history import pages

AARHUS_GLN = "5790000123124"


@pytest.fixture(autouse=True)
def _no_lag(settings):
    settings.FHIR_HISTORY_LAG_SECONDS = 0


@pytest.fixture
def aarhus(other_kommune, tree):
    si = factories.si(other_kommune, "Sundhed og Omsorg")
    oe = factories.oe(si, "Aarhus Tandpleje")
    location_numbers.location_number_create(actor=None, unit=oe, gln=AARHUS_GLN, reason="Testændring")
    return {other_kommune.sor_id, si.sor_id, oe.sor_id}


def _all_ids(bundle) -> set[str]:
    return {e["resource"]["id"] for e in bundle.get("entry", [])}


def test_allerod_token_never_sees_aarhus(allerod_fhir, fhir, tree, aarhus):
    assert aarhus <= _all_ids(fhir.get("Organization", {"_count": "1000"}))  # the full token sees them
    scoped = allerod_fhir
    assert not aarhus & _all_ids(scoped.get("Organization", {"_count": "1000"}))
    assert scoped.get("Organization")["total"] == 7
    for sor_id in aarhus:
        scoped.get(f"Organization/{sor_id}", status=403)
        scoped.get(f"Organization/{sor_id}/_history", status=403)
        assert not _all_ids(scoped.get("Organization", {"_id": sor_id}))
        assert not _all_ids(
            scoped.get("Organization", {"partof": sor_id, "_revinclude": "Organization:partof"})
        )
    found = scoped.get(
        "Organization", {"_include": "Organization:endpoint", "_revinclude": "Organization:partof"}
    )
    assert not aarhus & _all_ids(found) and AARHUS_GLN not in _all_ids(found)
    scoped.get(f"Endpoint/{AARHUS_GLN}", status=403)
    assert not _all_ids(scoped.get("Endpoint"))
    for path in ("Organization/_history", "Endpoint/_history"):
        entries, _ = pages(scoped, path, {})
        assert not aarhus & {e["resource"]["id"] for e in entries}
        assert AARHUS_GLN not in {e["resource"]["id"] for e in entries}
    entries, _ = pages(fhir, "Organization/_history", {})
    assert aarhus <= {e["resource"]["id"] for e in entries}
