"""The CapabilityStatement at /fhir/metadata: exactly the resources, interactions and search
parameters that fhir.views serves (tests/fhir/test_capability.py holds the two together)."""

from sor_admin import authority

from . import codes

SP = "http://hl7.org/fhir/SearchParameter/"

ORGANIZATION_SEARCH = [
    ("_id", "token", SP + "Resource-id", "SOR-ID, flere adskilt af komma"),
    ("identifier", "token", SP + "Organization-identifier", "system|værdi: SOR-ID eller kommunekode"),
    ("name", "string", SP + "Organization-name", "navnet begynder med (også name:contains)"),
    ("partof", "reference", SP + "Organization-partof", "den overliggende enhed, Organization/<SOR-ID>"),
    ("type", "token", SP + "Organization-type", "IE, SI, OE eller enhedstypens SNOMED CT-kode"),
    ("active", "token", SP + "Organization-active", "true: i kraft i dag; false: lukket eller ikke startet"),
    ("_lastUpdated", "date", SP + "Resource-lastUpdated", "enhedens række senest ændret; eq, gt, ge, lt, le"),
]
ENDPOINT_SEARCH = [
    ("identifier", "token", SP + "Endpoint-identifier", "lokationsnummer (GLN)"),
    ("organization", "reference", SP + "Endpoint-organization", "enheden, der har nummeret"),
    ("status", "token", SP + "Endpoint-status", "active eller off"),
]


def _params(params) -> list[dict]:
    return [
        {"name": name, "definition": definition, "type": kind, "documentation": text}
        for name, kind, definition, text in params
    ]


def statement(base: str) -> dict:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-12-07",
        "publisher": authority.authority_name(),
        "kind": "instance",
        "implementation": {
            "description": "SOR Admin: Sundhedsvæsenets Organisationsregister som FHIR",
            "url": base,
        },
        "fhirVersion": codes.FHIR_VERSION,
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Kun læsning. Systemtoken i Authorization: Bearer <token> (eller Token <token>); et "
                    "token med kommuner ser kun de kommuners enheder. Søgninger sider med _count (højst "
                    "1000) og next-linket. _history tager _since og _count; læs videre med next-linket og "
                    "derefter fra Bundle.meta.lastUpdated. En Organization læses på en dato med ?_at=ÅÅÅÅ-MM-DD."
                ),
                "security": {"description": authority.fill("Systemtoken udstedt af {authority}.")},
                "resource": [
                    {
                        "type": "Organization",
                        "supportedProfile": [codes.DK_CORE_ORGANIZATION],
                        "documentation": "Én pr. SOR-enhed; id = SOR-ID. ?_at=ÅÅÅÅ-MM-DD læser enheden på en dato.",
                        "interaction": [
                            {"code": "read"},
                            {"code": "search-type"},
                            {"code": "history-instance"},
                            {"code": "history-type"},
                        ],
                        "versioning": "no-version",
                        "readHistory": False,
                        "searchInclude": ["Organization:endpoint"],
                        "searchRevInclude": ["Organization:partof"],
                        "searchParam": _params(ORGANIZATION_SEARCH),
                    },
                    {
                        "type": "Endpoint",
                        "documentation": "Én pr. lokationsnummer; id = GLN.",
                        "interaction": [{"code": "read"}, {"code": "search-type"}, {"code": "history-type"}],
                        "versioning": "no-version",
                        "readHistory": False,
                        "searchParam": _params(ENDPOINT_SEARCH),
                    },
                ],
            }
        ],
    }
