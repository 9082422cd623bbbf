"""The code systems and identifier systems the FHIR resources use, each with its source.

Profiles: MedCom's EHMI Endpoint Register IG (medcomdk/dk-ehmi-eer, input/fsh/Profiles:
EerSorOrganization, EerMessagingOrganization, EerEndpointMessaging; aliases in
input/fsh/eerAliases.fsh) and HL7 Denmark's DK Core (hl7dk/dk-core, input/fsh:
DkCoreOrganization, SORIdentifier, GLNIdentifier)."""

FHIR_VERSION = "4.0.1"
FHIR_JSON = "application/fhir+json"

# dk-core SORIdentifier: use official, this system, at least 11 digits.
SOR_SYSTEM = "urn:oid:1.2.208.176.1.1"
# dk-core GLNIdentifier (3.x) fixes this system; EER's endpoint examples use it too. The GS1 OID
# form is accepted in searches, so a client written for older DK Core finds the same endpoints.
GLN_SYSTEM = "https://www.gs1.org/gln"
GLN_SYSTEM_OID = "urn:oid:1.3.88"
GLN_SYSTEMS = (GLN_SYSTEM, GLN_SYSTEM_OID)

# EER: identifier[SOR-ID].type, type[SOR-Hierarchy] (IE/SI/OE as in EER's Aarhus examples).
SOR_ID_TYPE_SYSTEM = "http://medcomehmi.dk/ig/terminology/CodeSystem/eer-sor-organization-identier-type"
HIERARCHY_SYSTEM = "http://medcomehmi.dk/ig/terminology/CodeSystem/eer-sor-organization-type"
HIERARCHY_DISPLAY = {
    "IE": "Institutionsejer",
    "SI": "Sundhedsinstitution",
    "OE": "Organisatorisk enhed",
}
# The enhedstype as SNOMED CT (dk-core ValueSet sor-organization-type; the register's codes come
# from data/sor/sor-enhedstyper.csv through hierarchy.UnitType).
SNOMED_SYSTEM = "http://snomed.info/sct"
# dk-core Organization identifier slice Kommunekode.
MUNICIPALITY_SYSTEM = "http://hl7.dk/fhir/core/CodeSystem/dk-core-municipality-codes"

# EER Endpoint: identifier type GLN, connection type, payload type (the message type's URN from
# data/sor/medcom-edi-meddelelsestyper.csv, hierarchy.EdiMessageType.urn).
GLN_TYPE_SYSTEM = (
    "http://medcomehmi.dk/ig/terminology/CodeSystem/ehmi-delivery-status-agent-who-identifier-types"
)
CONNECTION_SYSTEM = "http://medcomehmi.dk/ig/terminology/CodeSystem/eer-endpoint-connection-type"
CONNECTION_VANS = "vansMessaging"
PAYLOAD_SYSTEM = "http://medcomehmi.dk/ig/terminology/CodeSystem/ehmi-message-definition-uri"
# What a message of each format is sent as (IANA media types).
MIME_BY_FORMAT = {
    "edifact": "application/EDIFACT",
    "oioxml": "application/xml",
    "fhir": "application/fhir+xml",
    "sbdh": "application/xml",
}
# No network address is in SOR: VANS routes an EDI message on the recipient's GLN, so the
# required Endpoint.address carries the GLN (README, "FHIR: what the register cannot fill").
VANS_ADDRESS = "urn:gln:{gln}"

# The DAR id of an address: no DK Core or EER element carries it, so this server's own extension.
DAR_EXTENSION = "urn:sor-admin:fhir:StructureDefinition:dar-adresse-id"

DK_CORE_ORGANIZATION = "http://hl7.dk/fhir/core/StructureDefinition/dk-core-organization"
