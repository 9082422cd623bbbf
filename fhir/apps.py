from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "fhir"
    verbose_name = "FHIR R4-API"
