"""Control runs of the Kvalitetstjek and what they found. A run is never changed after it is
stored: the trend is read from the runs, and "new since the last run" and the day a finding was
first seen are carried over when the next run is written (`runs.py`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from hierarchy.models import Municipality, Unit

NO_KOMMUNE = ""  # the key in `QualityRun.counts` of units whose IE has no kommune (private IEs)


class QualityRun(models.Model):
    started_at = models.DateTimeField("tidspunkt", default=timezone.now, db_index=True)
    day = models.DateField("kontrolleret pr.")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="startet af",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField("kilde", max_length=80)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="kommune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Tom: hele registeret.",
    )
    # {kommunekode (NO_KOMMUNE for none): {rule id: number of findings}}
    counts = models.JSONField("antal fund pr. kommune og regel", default=dict)
    total = models.PositiveIntegerField("antal fund", default=0)
    duration_ms = models.PositiveIntegerField("varighed (ms)", default=0)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "kontrolkørsel"
        verbose_name_plural = "kontrolkørsler"

    def __str__(self):
        scope = self.municipality.name if self.municipality_id else "hele registeret"
        return f"Kontrolkørsel {timezone.localtime(self.started_at):%d-%m-%Y %H:%M} ({scope})"

    @property
    def started_by_label(self) -> str:
        if self.started_by_id:
            return self.started_by.get_username()
        return self.source

    def count_for(self, kommune: str | None, rule_ids=None) -> int:
        """Findings of the run in `kommune` (None: all), of `rule_ids` (None: every rule)."""
        groups = self.counts.values() if kommune is None else [self.counts.get(kommune, {})]
        return sum(n for group in groups for rule, n in group.items() if rule_ids is None or rule in rule_ids)


class Finding(models.Model):
    run = models.ForeignKey(QualityRun, on_delete=models.CASCADE, related_name="findings")
    rule_id = models.CharField("regel", max_length=80)
    unit = models.ForeignKey(Unit, verbose_name="enhed", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="kommune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_seen = models.DateField("først fundet")
    is_new = models.BooleanField("ny siden sidste kørsel", default=False)

    class Meta:
        ordering = ["rule_id", "unit__name"]
        verbose_name = "fund"
        verbose_name_plural = "fund"
        constraints = [models.UniqueConstraint(fields=["run", "rule_id", "unit"], name="finding_unique")]
        indexes = [models.Index(fields=["run", "municipality", "rule_id"], name="finding_run_kommune")]

    def __str__(self):
        return f"{self.rule_id}: {self.unit_id}"


class AcceptedDeviation(models.Model):
    """ "Godkendt afvigelse": a finding the kommune (or SDS) knows of and accepts, with a
    Begrundelse and perhaps an end date. While it is in force the finding leaves the open list
    and is listed apart; withdrawing it (or its end date passing) puts it back. Written only by
    `quality.deviations`, audited as quality.deviation.accept / .withdraw."""

    rule_id = models.CharField("regel", max_length=80)
    unit = models.ForeignKey(Unit, verbose_name="enhed", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField("begrundelse")
    end_date = models.DateField("gælder til og med", null=True, blank=True)
    created_at = models.DateTimeField("godkendt", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField("trukket tilbage", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["rule_id", "unit__name"]
        verbose_name = "godkendt afvigelse"
        verbose_name_plural = "godkendte afvigelser"
        constraints = [
            models.UniqueConstraint(
                fields=["rule_id", "unit"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="deviation_one_open_per_rule_and_unit",
            )
        ]

    def __str__(self):
        return f"{self.rule_id}: {self.unit_id}"


def deviations_in_force(day) -> models.QuerySet[AcceptedDeviation]:
    return AcceptedDeviation.objects.filter(withdrawn_at__isnull=True).filter(
        models.Q(end_date__isnull=True) | models.Q(end_date__gte=day)
    )
