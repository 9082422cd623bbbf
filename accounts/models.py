from django.conf import settings
from django.db import models


class FederatedIdentity(models.Model):
    """Who a user is at an identity provider: the issuer and its `sub` claim. The account is keyed
    by these two, never by e-mail or name, which the provider may change or reuse."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identities")
    issuer = models.CharField("udsteder", max_length=255)
    subject = models.CharField("sub", max_length=255)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    last_login_at = models.DateTimeField("seneste login", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="identity_issuer_subject")]
        verbose_name = "føderet identitet"
        verbose_name_plural = "føderede identiteter"

    def __str__(self):
        return f"{self.subject} @ {self.issuer}"
