"""The conformance check of every answer can fail: the model library refuses what R4 does not
allow, and each FHIRPath invariant refuses what the profiles do not."""

import copy

import pytest
from fhirclient.models.fhirabstractbase import FHIRValidationError

from .conftest import conforms, parse

ORG = {
    "resourceType": "Organization",
    "id": "311000016009",
    "identifier": [{"use": "official", "system": "urn:oid:1.2.208.176.1.1", "value": "311000016009"}],
    "active": True,
    "type": [
        {
            "coding": [
                {
                    "system": "http://medcomehmi.dk/ig/terminology/CodeSystem/eer-sor-organization-type",
                    "code": "IE",
                }
            ]
        },
        {"coding": [{"system": "http://snomed.info/sct", "code": "547211000005108"}]},
    ],
    "name": "Aarhus Kommune",
}
ENDPOINT = {
    "resourceType": "Endpoint",
    "id": "5790000123117",
    "identifier": [{"use": "official", "system": "https://www.gs1.org/gln", "value": "5790000123117"}],
    "status": "active",
    "connectionType": {"code": "vansMessaging"},
    "managingOrganization": {"reference": "Organization/311000016009"},
    "payloadType": [{"text": "XDIS15"}],
    "address": "urn:gln:5790000123117",
}


def _broken(resource, change):
    broken = copy.deepcopy(resource)
    change(broken)
    return broken


def test_valid_examples_conform():
    conforms(ORG)
    conforms(ENDPOINT)


@pytest.mark.parametrize(
    "resource",
    [
        _broken(ORG, lambda r: r.update(nonsense=1)),  # not an R4 element
        _broken(ORG, lambda r: r.update(active="ja")),  # wrong type
        _broken(ENDPOINT, lambda r: r.pop("address")),  # required in R4
        _broken(ENDPOINT, lambda r: r.pop("payloadType")),  # required in R4 and EER
    ],
)
def test_model_library_refuses(resource):
    with pytest.raises(FHIRValidationError):
        parse(resource)


@pytest.mark.parametrize(
    "resource",
    [
        _broken(ORG, lambda r: r["identifier"].append(dict(r["identifier"][0]))),  # two SOR identifiers
        _broken(ORG, lambda r: r["identifier"][0].update(value="1234567890")),  # 10 digits
        _broken(ORG, lambda r: r.update(partOf={"reference": "Location/1"})),
        _broken(ENDPOINT, lambda r: r["identifier"][0].update(value="57900001231")),
        _broken(ENDPOINT, lambda r: r.update(status="suspended")),
    ],
)
def test_invariants_refuse(resource):
    with pytest.raises(AssertionError):
        conforms(resource)
