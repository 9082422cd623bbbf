from django.conf import settings
from django.db import models


class Reorganisation(models.Model):
    """An omstrukturering: many unit changes on one date, checked as a whole when stored and
    applied in one transaction on its date (`reorganisation.services`). `operations` holds the
    plan resolved to SOR-koder when it was stored (`reorganisation.plan` documents the shape), so
    what is applied is what was previewed; `impact` is the preview then."""

    class Status(models.TextChoices):
        PENDING = "pending", "Afventer"
        APPLIED = "applied", "Gennemført"
        WITHDRAWN = "withdrawn", "Tilbagetrukket"

    name = models.CharField("navn", max_length=120)
    case_number = models.CharField("sagsnummer", max_length=40)
    reason = models.TextField("begrundelse")
    effective_date = models.DateField("gældende fra")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PENDING)
    operations = models.JSONField("operationer")
    impact = models.JSONField("konsekvenser", default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("registreret", auto_now_add=True)
    applied_at = models.DateTimeField("gennemført", null=True, blank=True)
    withdrawn_at = models.DateTimeField("tilbagetrukket", null=True, blank=True)
    # Why the last attempt to apply it was refused (it stays pending until fixed or withdrawn).
    last_error = models.TextField("seneste fejl", blank=True)

    class Meta:
        ordering = ["effective_date", "pk"]
        verbose_name = "omstrukturering"
        verbose_name_plural = "omstruktureringer"
        indexes = [models.Index(fields=["status", "effective_date"])]
        constraints = [
            # A sagsnummer names one pending package: two stores at once cannot both take it
            # (the service checks first and says so in Danish; this holds under concurrency).
            models.UniqueConstraint(
                fields=["case_number"],
                condition=models.Q(status="pending"),
                name="reorganisation_case_number_pending_unique",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.case_number})"
