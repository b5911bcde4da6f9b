"""Records of the insights app: its own rows only, pointing down at the content model."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from people.encryption import EncryptedTextField


class AnonymityReason(models.TextChoices):
    RISK = "risk", "Risk to the person"
    LEGAL = "legal", "Legal"
    OTHER = "other", "Other"


class Justification(models.Model):
    """Why a citation leaves its source unnamed, and why the desk may trust it. Seen by the desk only.

    The texts are stored encrypted (they may say more about the person than the descriptor does).
    """

    Reason = AnonymityReason

    citation = models.OneToOneField("articles.Citation", on_delete=models.CASCADE, related_name="justification")
    reason = models.CharField(
        max_length=10, choices=Reason.choices, help_text="Why the source cannot be named in this story."
    )
    explanation = EncryptedTextField(help_text="In a sentence or two: what naming them would risk. Stored encrypted.")
    reliability = EncryptedTextField(
        help_text="How you know their information is reliable (documents seen, position, other sources). "
        "Stored encrypted."
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citation"]
        verbose_name = "justification for an unnamed source"
        verbose_name_plural = "justifications for unnamed sources"
        constraints = [
            models.CheckConstraint(condition=Q(reason__in=AnonymityReason.values), name="justification_reason_valid"),
        ]

    def __str__(self):
        return f"justification for citation {self.citation_id}"


class SignOff(models.Model):
    """An editor's sign-off on one unnamed citation, valid only while the citation is as it was signed.

    ``fingerprint`` is the digest of the citation and its justification when signed
    (``insights.governance.fingerprint``); any later change makes them differ, and a
    sign-off that no longer matches counts as none.
    """

    citation = models.OneToOneField("articles.Citation", on_delete=models.CASCADE, related_name="sign_off")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    signed_at = models.DateTimeField(default=timezone.now, editable=False)
    fingerprint = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = "sign-off of an unnamed source"
        verbose_name_plural = "sign-offs of unnamed sources"

    def __str__(self):
        return f"sign-off of citation {self.citation_id}"
