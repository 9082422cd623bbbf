"""The OpenAPI 3 description of the read API, written by hand (served at /api/openapi.json).
Every constraint that exchange/api.py enforces is declared here (ranges, formats, lengths, the
kommunekoder), so a client built from the schema never sends a request that the API refuses;
tests/exchange/test_api_schema.py runs schemathesis against it."""

import csv
from functools import cache

from django.conf import settings
from django.urls import reverse

from hierarchy.selectors import PATTERN_MAX_LENGTH, PATTERN_MAX_PARTS

# The limits that exchange/api.py enforces; they are part of the published contract.
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_CHANGES_LIMIT = 5000
MAX_OFFSET = 10**9
MAX_SEQ = 2**63 - 1
MAX_TEXT = 200
# The stable codes of the error bodies, by the status they come with.
ERROR_CODES = {
    400: [
        "invalid_date",
        "invalid_datetime",
        "invalid_integer",
        "text_too_long",
        "unknown_parameter",
        "unknown_kommune",
        "invalid_search",
        "invalid_characters",
    ],
    401: ["token_missing", "token_invalid"],
    403: ["out_of_scope"],
    404: ["unit_not_found", "unit_not_in_force", "not_found"],
    405: ["method_not_allowed"],
}
# A NUL byte is refused (400 invalid_characters) in every query parameter.
NO_NUL = "^[^\\u0000]*$"


def _param(name, where, description, schema, required=False, example=None):
    param = {"name": name, "in": where, "description": description, "required": required, "schema": schema}
    if example is not None:
        param["example"] = example
    return param


DATO = _param(
    "dato",
    "query",
    "Vis registeret, som det var eller bliver, på denne dato (beregnet ud fra versionerne). Standard: i dag.",
    {"type": "string", "format": "date"},
    example="2026-03-02",
)
LIMIT = _param(
    "limit",
    "query",
    f"Højst så mange resultater (1-{MAX_LIMIT}).",
    {"type": "integer", "default": DEFAULT_LIMIT, "minimum": 1, "maximum": MAX_LIMIT},
)
OFFSET = _param(
    "offset",
    "query",
    "Spring så mange resultater over.",
    {"type": "integer", "default": 0, "minimum": 0, "maximum": MAX_OFFSET},
)
SOR_ID = _param(
    "sor_id",
    "path",
    "SOR-koden.",
    {"type": "string", "pattern": "^[0-9]{11,}$"},
    required=True,
    example="311000016009",
)

UNAUTHORIZED = {"$ref": "#/components/responses/Unauthorized"}


def _text() -> dict:
    return {"type": "string", "maxLength": MAX_TEXT, "pattern": NO_NUL}


def _search_text() -> dict:
    """A Navn/Fritekst pattern within the search's own bounds (hierarchy.selectors.search_parts):
    at most PATTERN_MAX_LENGTH characters and PATTERN_MAX_PARTS parts between runs of *."""
    return {
        "type": "string",
        "maxLength": PATTERN_MAX_LENGTH,
        "pattern": f"^\\**(?:[^*\\u0000]+(?:\\*+|$)){{0,{PATTERN_MAX_PARTS}}}$",
    }


def _error(status: int, description: str) -> dict:
    return {
        "description": f"{description} Koder: {', '.join(ERROR_CODES[status])}.",
        "content": {
            "application/json": {
                "schema": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Error"},
                        {"properties": {"code": {"type": "string", "enum": ERROR_CODES[status]}}},
                    ]
                }
            }
        },
    }


def _responses(ok: dict, *, unit: bool) -> dict:
    """Every error an operation can answer; 403 and 404 only where a SOR-kode is in the path."""
    responses = {
        "200": ok,
        "400": {"$ref": "#/components/responses/BadRequest"},
        "401": UNAUTHORIZED,
        "405": {"$ref": "#/components/responses/MethodNotAllowed"},
    }
    if unit:
        responses["403"] = {"$ref": "#/components/responses/Forbidden"}
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    return dict(sorted(responses.items()))


@cache
def _kommunekoder() -> list[str]:
    """The kommunekoder from the shipped reference data, the list that migration 0002 loads into
    Municipality; read from the file, so the document needs no database (and can be loaded by a
    test before the test database exists)."""
    with open(settings.SOR_DATA_DIR / "dk" / "kommuner.csv", encoding="utf-8") as fh:
        return sorted(row["kommunekode"] for row in csv.DictReader(fh))


def _kommune_schema() -> dict:
    return {"type": "string", "enum": _kommunekoder()}


def openapi_document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "SOR Admin – læse-API",
            "version": "1.0.0",
            "description": (
                "Læseadgang for systemer til Sundhedsvæsenets Organisationsregister: enheder efter "
                "SOR-kode, underenheder, søgning, registeret på en vilkårlig dato og et feed af ændringer. "
                "Adgang kræver et systemtoken (`Authorization: Token <token>`), som udstedes med "
                "`manage.py issue_api_token`. Et token kan være begrænset til bestemte kommuner; så ses "
                "kun de kommuners træer (403 for andre enheder, og søgning og ændringer filtreres)."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"SystemToken": []}],
        "paths": {
            reverse("exchange:api_search"): {
                "get": {
                    "operationId": "searchUnits",
                    "summary": "Søg efter enheder",
                    "description": (
                        "Navn og fritekst accepterer `*tekst`, `tekst*` og `*tekst*` (uden stjerne: "
                        "indeholder); store/små bogstaver og æøå er ligegyldige. Fritekst søger i navn, "
                        "SOR-kode, telefon, e-mail og postadresse. Kriterierne kombineres (alle skal passe). "
                        "Uden navn, fritekst og sor_kode gives alle gældende enheder (fx en kommunes med "
                        "`kommune`), højst `limit` ad gangen; bladr videre med `next`."
                    ),
                    "parameters": [
                        _param(
                            "navn",
                            "query",
                            "Enhedens navn, med * som jokertegn.",
                            _search_text(),
                            example="*tandpleje*",
                        ),
                        _param("fritekst", "query", "Fritekst, med * som jokertegn.", _search_text()),
                        _param("sor_kode", "query", "Præcis SOR-kode (mellemrum ignoreres).", _text()),
                        _param(
                            "kommune",
                            "query",
                            "Kun denne kommunes træ (firecifret kommunekode).",
                            _kommune_schema(),
                            example="0201",
                        ),
                        DATO,
                        LIMIT,
                        OFFSET,
                    ],
                    "responses": _responses(
                        {
                            "description": "Enheder gældende på datoen, sorteret efter navn.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/UnitPage"}}
                            },
                        },
                        unit=False,
                    ),
                }
            },
            reverse("exchange:api_unit", args=["{sor_id}"]).replace("%7B", "{").replace("%7D", "}"): {
                "get": {
                    "operationId": "getUnit",
                    "summary": "En enhed efter SOR-kode",
                    "description": "Enhedens egne oplysninger på datoen og de effektive (nedarvede) adresser, kontaktoplysninger og lokationsnummer.",
                    "parameters": [SOR_ID, DATO],
                    "responses": _responses(
                        {
                            "description": "Enheden.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/UnitDetail"}}
                            },
                        },
                        unit=True,
                    ),
                }
            },
            reverse("exchange:api_children", args=["{sor_id}"]).replace("%7B", "{").replace("%7D", "}"): {
                "get": {
                    "operationId": "getChildren",
                    "summary": "Enhedens underenheder",
                    "parameters": [SOR_ID, DATO, LIMIT, OFFSET],
                    "responses": _responses(
                        {
                            "description": "Underenhederne gældende på datoen, sorteret efter navn.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/UnitPage"}}
                            },
                        },
                        unit=True,
                    ),
                }
            },
            reverse("exchange:api_changes"): {
                "get": {
                    "operationId": "listChanges",
                    "summary": "Ændringer siden et tidspunkt",
                    "description": (
                        "Ændringer af enheder og lokationsnumre registreret efter `since`, ældste først, fra "
                        "ændringsloggen. Bladr videre med `next` (parameteren `efter` er løbenummeret på den "
                        "sidst modtagne ændring). En fremtidig ændring vises, når den registreres; "
                        "`effective_date` er datoen, den træder i kraft. Uden `since` og `efter` begynder "
                        "feedet fra starten (som `efter=0`)."
                    ),
                    "parameters": [
                        _param(
                            "since",
                            "query",
                            "Tidspunkt (ISO 8601; uden tidszone dansk tid) eller dato (fra midnat).",
                            {
                                "anyOf": [
                                    {"type": "string", "format": "date-time"},
                                    {"type": "string", "format": "date"},
                                ]
                            },
                            example="2026-03-01T00:00:00+01:00",
                        ),
                        _param(
                            "efter",
                            "query",
                            "Løbenummer: kun ændringer efter dette (0: fra starten).",
                            {"type": "integer", "default": 0, "minimum": 0, "maximum": MAX_SEQ},
                        ),
                        _param(
                            "limit",
                            "query",
                            f"Højst så mange (1-{MAX_CHANGES_LIMIT}).",
                            {"type": "integer", "default": 500, "minimum": 1, "maximum": MAX_CHANGES_LIMIT},
                        ),
                    ],
                    "responses": _responses(
                        {
                            "description": "Ændringerne.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/ChangePage"}}
                            },
                        },
                        unit=False,
                    ),
                }
            },
        },
        "components": {
            "securitySchemes": {
                "SystemToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`Token <token>`",
                }
            },
            "responses": {
                "BadRequest": _error(400, "En parameter er ugyldig; `error` siger hvilken og hvordan."),
                "Unauthorized": {
                    **_error(401, "Manglende, ukendt eller tilbagekaldt token."),
                    "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
                },
                "Forbidden": _error(403, "Enheden ligger uden for tokenets kommuner."),
                "NotFound": _error(404, "Ingen sådan enhed, eller den er ikke gældende på datoen."),
                "MethodNotAllowed": {
                    **_error(405, "API'et kan kun læses (GET)."),
                    "headers": {"Allow": {"schema": {"type": "string", "example": "GET"}}},
                },
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "description": "Alle fejlsvar: en dansk besked og en fast kode, som et system kan reagere på.",
                    "required": ["error", "code"],
                    "properties": {
                        "error": {
                            "type": "string",
                            "description": "Hvad der er galt, og hvad man skal gøre.",
                        },
                        "code": {
                            "type": "string",
                            "enum": sorted({c for codes in ERROR_CODES.values() for c in codes}),
                        },
                    },
                },
                "Address": {
                    "type": "object",
                    "nullable": True,
                    "properties": {
                        "street_name": {"type": "string"},
                        "house_number": {"type": "string"},
                        "floor": {"type": "string"},
                        "door": {"type": "string"},
                        "postal_code": {"type": "string"},
                        "city": {"type": "string"},
                        "text": {"type": "string"},
                    },
                },
                "UnitSummary": {
                    "type": "object",
                    "properties": {
                        "sor_id": {"type": "string"},
                        "kind": {"type": "string", "enum": ["IE", "SI", "OE"]},
                        "name": {"type": "string"},
                        "unit_type": {
                            "type": "object",
                            "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
                        },
                        "parent_sor_id": {"type": "string", "nullable": True},
                        "valid_from": {"type": "string", "format": "date"},
                        "valid_to": {
                            "type": "string",
                            "format": "date",
                            "nullable": True,
                            "description": "Sidste gyldige dag.",
                        },
                        "url": {"type": "string"},
                    },
                },
                "UnitDetail": {
                    "allOf": [
                        {"$ref": "#/components/schemas/UnitSummary"},
                        {
                            "type": "object",
                            "properties": {
                                "as_of": {"type": "string", "format": "date"},
                                "version": {
                                    "type": "object",
                                    "properties": {
                                        "valid_from": {"type": "string", "format": "date"},
                                        "valid_to": {"type": "string", "format": "date", "nullable": True},
                                    },
                                },
                                "phone": {"type": "string"},
                                "email": {"type": "string"},
                                "website": {"type": "string"},
                                "postal_address": {"$ref": "#/components/schemas/Address"},
                                "visiting_same_as_postal": {"type": "boolean"},
                                "visiting_address": {"$ref": "#/components/schemas/Address"},
                                "activity_same_as_visiting": {"type": "boolean"},
                                "activity_address": {"$ref": "#/components/schemas/Address"},
                                "effective": {
                                    "type": "object",
                                    "description": "Værdierne, der gælder for enheden efter SOR's nedarvningsregler.",
                                    "properties": {
                                        "postal_address": {"$ref": "#/components/schemas/Address"},
                                        "postal_address_from_sor_id": {"type": "string", "nullable": True},
                                        "visiting_address": {"$ref": "#/components/schemas/Address"},
                                        "activity_address": {"$ref": "#/components/schemas/Address"},
                                        "phone": {"type": "string"},
                                        "email": {"type": "string"},
                                        "website": {"type": "string"},
                                        "contact_from_sor_id": {"type": "string", "nullable": True},
                                    },
                                },
                                "location_number": {
                                    "type": "object",
                                    "nullable": True,
                                    "description": "Lokationsnummeret, som det er registreret i dag (egne eller nedarvet).",
                                    "properties": {
                                        "gln": {"type": "string"},
                                        "inherited": {"type": "boolean"},
                                        "holder_sor_id": {"type": "string"},
                                        "message_types": {
                                            "type": "array",
                                            "items": {
                                                "type": "object",
                                                "properties": {
                                                    "code": {"type": "string"},
                                                    "version": {"type": "string"},
                                                    "format": {"type": "string"},
                                                    "name": {"type": "string"},
                                                    "urn": {"type": "string"},
                                                },
                                            },
                                        },
                                    },
                                },
                                "path": {
                                    "type": "array",
                                    "description": "Overliggende enheder fra institutionsejeren og ned.",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "sor_id": {"type": "string"},
                                            "name": {"type": "string"},
                                            "kind": {"type": "string"},
                                        },
                                    },
                                },
                                "children_url": {"type": "string"},
                            },
                        },
                    ]
                },
                "UnitPage": {
                    "type": "object",
                    "properties": {
                        "as_of": {"type": "string", "format": "date"},
                        "count": {"type": "integer"},
                        "limit": {"type": "integer"},
                        "offset": {"type": "integer"},
                        "next": {"type": "string", "nullable": True},
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/UnitSummary"}},
                    },
                },
                "Change": {
                    "type": "object",
                    "properties": {
                        "seq": {"type": "integer"},
                        "occurred_at": {"type": "string", "format": "date-time"},
                        "action": {"type": "string", "example": "hierarchy.unit.move"},
                        "object_type": {
                            "type": "string",
                            "enum": ["hierarchy.unit", "hierarchy.location_number"],
                        },
                        "sor_id": {"type": "string", "nullable": True},
                        "gln": {"type": "string"},
                        "name": {"type": "string"},
                        "effective_date": {"type": "string", "format": "date", "nullable": True},
                        "institution_owner_sor_id": {"type": "string", "nullable": True},
                        "url": {"type": "string"},
                    },
                },
                "ChangePage": {
                    "type": "object",
                    "properties": {
                        "count": {"type": "integer"},
                        "next": {"type": "string", "nullable": True},
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Change"}},
                    },
                },
            },
        },
    }
