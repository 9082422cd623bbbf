"""The CapabilityStatement lists exactly what the server does: every search parameter it names
is accepted, every one it does not name is refused, every interaction it names answers."""

import pytest

from fhir.views import ORGANIZATION_PARAMS

from .conftest import SOR


@pytest.fixture
def statement(fhir, db):
    return {r["type"]: r for r in fhir.get("metadata", token="")["rest"][0]["resource"]}


SAMPLES = {
    "_id": "{sor}",
    "identifier": SOR + "|{sor}",
    "name": "Allerød",
    "partof": "Organization/{sor}",
    "type": "IE",
    "active": "true",
    "_lastUpdated": "ge2026-01-01",
    "organization": "Organization/{sor}",
    "status": "active",
}


def test_every_listed_search_parameter_works(fhir, tree, statement):
    for kind, resource in statement.items():
        for param in resource["searchParam"]:
            value = SAMPLES[param["name"]].format(sor=tree.ie.sor_id)
            fhir.get(kind, {param["name"]: value})
    for include in statement["Organization"]["searchInclude"]:
        fhir.get("Organization", {"_include": include})
    for include in statement["Organization"]["searchRevInclude"]:
        fhir.get("Organization", {"_revinclude": include})


def test_nothing_unlisted_is_accepted(fhir, tree, statement):
    listed = {p["name"] for p in statement["Organization"]["searchParam"]}
    # What the view accepts beyond the listed search parameters: the modifier, the includes and
    # the result parameters (_count, _cursor of the next link), which FHIR does not list as searchParam.
    assert set(ORGANIZATION_PARAMS) - listed == {
        "name:contains",
        "_include",
        "_revinclude",
        "_count",
        "_cursor",
    }
    for name in ("address", "_sort", "_elements", "_summary", "endpoint", "name:exact", "_has"):
        fhir.get("Organization", {name: "x"}, status=400)
    fhir.get("Endpoint", {"name": "x"}, status=400)


def test_every_listed_interaction_answers(fhir, tree, statement):
    paths = {
        ("Organization", "read"): f"Organization/{tree.ie.sor_id}",
        ("Organization", "search-type"): "Organization",
        ("Organization", "history-instance"): f"Organization/{tree.ie.sor_id}/_history",
        ("Organization", "history-type"): "Organization/_history",
        ("Endpoint", "search-type"): "Endpoint",
        ("Endpoint", "history-type"): "Endpoint/_history",
    }
    listed = {(kind, i["code"]) for kind, r in statement.items() for i in r["interaction"]}
    assert listed == {*paths, ("Endpoint", "read")}
    for path in paths.values():
        fhir.get(path)
    fhir.get("Endpoint/_history/1", status=404)  # vread is not offered
