"""Anmodninger: a change that a municipal administrator may not make, asked of SDS or MedCom in
the register instead of by e-mail (issue 25). Written only by `change_requests.services`."""

from django.conf import settings
from django.db import models

from hierarchy.models import Unit
from sor_admin import authority


class ChangeRequest(models.Model):
    class Kind(models.TextChoices):
        EDIT = "rediger", "Rediger"
        CREATE = "opret", "Opret under enheden"
        MOVE = "flyt", "Flyt"
        CLOSE = "luk", "Luk"
        LOCATION_NUMBER = "lokationsnummer", "Nyt lokationsnummer"
        MESSAGE_TYPES = "meddelelsestyper", "Meddelelsestyper"

    class Status(models.TextChoices):
        RECEIVED = "modtaget", "Modtaget"
        IN_REVIEW = "under_behandling", "Under behandling"
        APPROVED = "godkendt", "Godkendt"
        PARTLY_APPROVED = "delvist_godkendt", "Delvist godkendt"
        REJECTED = "afvist", "Afvist"
        WITHDRAWN = "trukket_tilbage", "Trukket tilbage"

    class Team(models.TextChoices):
        # The names are settings (SOR_AUTHORITY_NAME, SOR_MEDCOM_NAME; sor_admin/authority.py).
        SDS = "sds", authority.text("{authority}")
        MEDCOM = "medcom", authority.text("{medcom}")

    OPEN = (Status.RECEIVED, Status.IN_REVIEW)

    kind = models.CharField("anmodning om", max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(Unit, verbose_name="enhed", on_delete=models.PROTECT, related_name="+")
    # The kommune (IE) the request belongs to: the requester's, where the unit was when filed.
    owner = models.ForeignKey(
        Unit, verbose_name="kommune", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # What is asked: keys as the services take them (see services.FIELDS), values JSON-native.
    proposed = models.JSONField("foreslåede værdier", default=dict)
    effective_date = models.DateField("gældende fra", null=True, blank=True)
    reason = models.TextField("begrundelse")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    team = models.CharField("behandles af", max_length=10, choices=Team.choices)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="anmoder", on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="behandler",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answer = models.TextField("svar", blank=True)
    question = models.TextField("spørgsmål til anmoder", blank=True)
    reply = models.TextField("anmoders svar", blank=True)
    awaiting_reply = models.BooleanField("afventer anmoder", default=False)
    # The unit as it was when filed: its revision (every write increments it) and snapshot,
    # and for lokationsnummer requests its number and message types; approval compares them.
    unit_revision = models.PositiveIntegerField("enhedens udgave ved anmodning")
    unit_state = models.JSONField("enheden ved anmodning", default=dict)
    # What approval carried out: the fields and the date (a reviewer may choose fewer, or move it).
    applied_fields = models.JSONField("godkendte felter", default=list, blank=True)
    applied_date = models.DateField("godkendt fra", null=True, blank=True)
    created_at = models.DateTimeField("modtaget", auto_now_add=True)
    updated_at = models.DateTimeField("senest ændret", auto_now=True)
    decided_at = models.DateTimeField("afgjort", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "anmodning"
        verbose_name_plural = "anmodninger"
        indexes = [models.Index(fields=["team", "status", "created_at"])]

    def __str__(self) -> str:
        return f"Anmodning nr. {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def number(self) -> str:
        return f"nr. {self.pk}"
