"""The OpenAPI 3 description of the read API, written by hand (served at /api/openapi.json)."""

from django.urls import reverse


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
LIMIT = _param("limit", "query", "Højst så mange resultater (1-1000).", {"type": "integer", "default": 100})
OFFSET = _param("offset", "query", "Spring så mange resultater over.", {"type": "integer", "default": 0})
SOR_ID = _param(
    "sor_id",
    "path",
    "SOR-koden.",
    {"type": "string", "pattern": "^[0-9]{11,}$"},
    required=True,
    example="311000016009",
)

ERROR = {"$ref": "#/components/responses/Error"}
UNAUTHORIZED = {"$ref": "#/components/responses/Unauthorized"}


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
                        "SOR-kode, telefon, e-mail og postadresse. Kriterierne kombineres (alle skal passe)."
                    ),
                    "parameters": [
                        _param(
                            "navn",
                            "query",
                            "Enhedens navn, med * som jokertegn.",
                            {"type": "string"},
                            example="*tandpleje*",
                        ),
                        _param("fritekst", "query", "Fritekst, med * som jokertegn.", {"type": "string"}),
                        _param("sor_kode", "query", "Præcis SOR-kode.", {"type": "string"}),
                        _param(
                            "kommune",
                            "query",
                            "Kun denne kommunes træ (kommunekode).",
                            {"type": "string"},
                            example="0201",
                        ),
                        DATO,
                        LIMIT,
                        OFFSET,
                    ],
                    "responses": {
                        "200": {
                            "description": "Enheder gældende på datoen, sorteret efter navn.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/UnitPage"}}
                            },
                        },
                        "400": ERROR,
                        "401": UNAUTHORIZED,
                    },
                }
            },
            reverse("exchange:api_unit", args=["{sor_id}"]).replace("%7B", "{").replace("%7D", "}"): {
                "get": {
                    "operationId": "getUnit",
                    "summary": "En enhed efter SOR-kode",
                    "description": "Enhedens egne oplysninger på datoen og de effektive (nedarvede) adresser, kontaktoplysninger og lokationsnummer.",
                    "parameters": [SOR_ID, DATO],
                    "responses": {
                        "200": {
                            "description": "Enheden.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/UnitDetail"}}
                            },
                        },
                        "400": ERROR,
                        "401": UNAUTHORIZED,
                        "403": ERROR,
                        "404": ERROR,
                    },
                }
            },
            reverse("exchange:api_children", args=["{sor_id}"]).replace("%7B", "{").replace("%7D", "}"): {
                "get": {
                    "operationId": "getChildren",
                    "summary": "Enhedens underenheder",
                    "parameters": [SOR_ID, DATO, LIMIT, OFFSET],
                    "responses": {
                        "200": {
                            "description": "Underenhederne gældende på datoen, sorteret efter navn.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/UnitPage"}}
                            },
                        },
                        "400": ERROR,
                        "401": UNAUTHORIZED,
                        "403": ERROR,
                        "404": ERROR,
                    },
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
                        "`effective_date` er datoen, den træder i kraft."
                    ),
                    "parameters": [
                        _param(
                            "since",
                            "query",
                            "Tidspunkt (ISO 8601).",
                            {"type": "string", "format": "date-time"},
                            example="2026-03-01T00:00:00+01:00",
                        ),
                        _param(
                            "efter", "query", "Løbenummer: kun ændringer efter dette.", {"type": "integer"}
                        ),
                        _param(
                            "limit", "query", "Højst så mange (1-5000).", {"type": "integer", "default": 500}
                        ),
                    ],
                    "responses": {
                        "200": {
                            "description": "Ændringerne.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/ChangePage"}}
                            },
                        },
                        "400": ERROR,
                        "401": UNAUTHORIZED,
                    },
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
                "Error": {
                    "description": "Fejl, forklaret på dansk.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "Unauthorized": {
                    "description": "Manglende, ukendt eller tilbagekaldt token.",
                    "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}},
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
