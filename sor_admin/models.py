from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """A form key that has been used: one opened GUI form (its hidden `form_key`) made one change
    (`sor_admin.submissions`). Written in the change's own transaction, so a key is used exactly
    when its change is kept; unique per user, so a second submit of the same form (a double
    click, a resent request) finds the first one's result instead of making a second change."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField("formularnøgle")
    # What the form did ("hierarchy.unit.create", …) and what came of it (a SOR-kode, a package's
    # id), for the answer to a repeat.
    action = models.CharField("handling", max_length=60)
    result = models.CharField("resultat", max_length=64, blank=True)
    created_at = models.DateTimeField("brugt", auto_now_add=True)

    class Meta:
        verbose_name = "indsendt formular"
        verbose_name_plural = "indsendte formularer"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="form_submission_once_per_user"),
        ]

    def __str__(self):
        return f"{self.action} {self.key}"
