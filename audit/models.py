from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One change to the register. Append-only: rows are written by `audit.services.record`
    inside the transaction of the change they describe, and chained by SHA-256 so that an edited
    or deleted row is detected by `manage.py verify_audit`. On PostgreSQL a trigger refuses
    UPDATE and DELETE (migration 0002)."""

    seq = models.PositiveBigIntegerField("løbenummer", unique=True)
    occurred_at = models.DateTimeField("tidspunkt", db_index=True)
    # No database constraint and no cascade: deleting a user must never touch the trail.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bruger",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField("brugernavn", max_length=150)
    action = models.CharField("handling", max_length=80, db_index=True)
    object_type = models.CharField("objekttype", max_length=80)
    object_id = models.CharField("objekt-id", max_length=40, db_index=True)
    object_repr = models.CharField("objekt", max_length=200)
    # The IE (kommune) the object belongs to, so support can filter a kommune's changes.
    scope_id = models.CharField("institutionsejer", max_length=40, blank=True, db_index=True)
    effective_date = models.DateField("gældende fra", null=True, blank=True)
    reason = models.TextField("begrundelse", blank=True)
    request_id = models.CharField("request-id", max_length=64)
    source = models.CharField("kilde", max_length=80)
    before = models.JSONField("før", null=True, blank=True)
    after = models.JSONField("efter", null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        # The review lists events newest first (ORDER BY seq DESC LIMIT n): with seq second in
        # each index, an equality filter reads exactly one page, however old its events are.
        # (occurred_at, seq) lets a date range find its seq bounds from the index alone.
        indexes = [
            models.Index(fields=["scope_id", "seq"], name="audit_event_scope_seq"),
            models.Index(fields=["object_id", "seq"], name="audit_event_object_seq"),
            models.Index(fields=["action", "seq"], name="audit_event_action_seq"),
            models.Index(fields=["occurred_at", "seq"], name="audit_event_occurred_seq"),
            # The FHIR history's future-dated changes are read in (effective_date, seq) order from
            # a day on (fhir/history.py); most events have no effective date, so only theirs.
            models.Index(
                fields=["effective_date", "seq"],
                name="audit_event_effective_seq",
                condition=models.Q(effective_date__isnull=False),
            ),
        ]
        verbose_name = "ændringslog-hændelse"
        verbose_name_plural = "ændringslog"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"


class ChainCheckpoint(models.Model):
    """The result of a `verify_audit` run, shown on the audit review page."""

    verified_at = models.DateTimeField("kontrolleret", auto_now_add=True)
    ok = models.BooleanField("kæden holder")
    through_seq = models.PositiveBigIntegerField("verificeret til hændelse", null=True, blank=True)
    through_occurred_at = models.DateTimeField("hændelsens tidspunkt", null=True, blank=True)
    through_hash = models.CharField(max_length=64, blank=True)
    problem = models.TextField("fejl", blank=True)

    class Meta:
        ordering = ["-verified_at"]
        get_latest_by = "verified_at"
        verbose_name = "kontrol af ændringsloggen"
        verbose_name_plural = "kontroller af ændringsloggen"

    def __str__(self) -> str:
        return f"{self.verified_at:%Y-%m-%d %H:%M} {'OK' if self.ok else 'BRUDT'} til {self.through_seq}"
