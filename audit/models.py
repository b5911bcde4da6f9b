"""The audit trail: an append-only, hash-chained record of who looked at or changed what.

Each entry carries the hash of the entry before it, so an edit or a deletion made behind
the product's back (raw SQL, a restored backup) breaks the chain, and ``verify_audit``
names the first broken link. Nothing in the product updates or deletes an entry: the model
refuses it, and on the database a trigger refuses ``UPDATE`` (and ``DELETE`` on PostgreSQL).

The trail sits at the bottom of the house: it points at no other model (actors and targets
are stored by id and label), so deleting a user or an article never rewrites it.
"""

import hashlib
import json

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKOUT = "lockout", _("Account locked out")
    LOGOUT = "logout", _("Logged out")
    OTP_ENROLLED = "otp_enrolled", _("Second factor enrolled")
    OTP_RESET = "otp_reset", _("Second factor reset")
    OTP_FAILED = "otp_failed", _("Wrong second-factor code")
    GROUPS_CHANGED = "groups_changed", _("Roles changed")
    SESSIONS_REVOKED = "sessions_revoked", _("Sessions revoked")
    IDENTITY_VIEWED = "identity_viewed", _("Confidential identity viewed")
    IDENTITY_CHANGED = "identity_changed", _("Confidential identity changed")
    ACCESS_REFUSED = "access_refused", _("Access refused")
    PUBLIC_IMAGE_CHANGED = "public_image_changed", _("Image on a live story changed")
    EXPORT = "export", _("Data exported")
    API_KEY_CREATED = "api_key_created", _("Partner API key created")
    API_KEY_REVOKED = "api_key_revoked", _("Partner API key revoked")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Audit entries cannot be changed.")

    def delete(self):
        raise PermissionDenied("Audit entries cannot be deleted.")


class AuditEvent(models.Model):
    """One thing that happened, in the order it was recorded; never changed once written."""

    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, editable=False, help_text=_("The user's id, if any."))
    actor_label = models.CharField(
        max_length=150, blank=True, editable=False, help_text=_("The user's login name then.")
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices, editable=False)
    target_type = models.CharField(max_length=100, blank=True, editable=False, help_text=_("app_label.model"))
    target_id = models.CharField(max_length=64, blank=True, editable=False)
    target_label = models.CharField(
        max_length=200, blank=True, editable=False, help_text=_("The target's safe name: never an identity.")
    )
    ip = models.GenericIPAddressField(null=True, blank=True, editable=False, verbose_name=_("IP address"))
    detail = models.JSONField(default=dict, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["action", "-created_at"]), models.Index(fields=["actor_id", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=AuditAction.values), name="audit_action_valid"),
        ]

    def __str__(self):
        who = self.actor_label or "anonymous"
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {who}: {self.get_action_display()}"

    def compute_hash(self):
        """SHA-256 of this entry's content and the previous entry's hash."""
        payload = {
            "prev": self.prev_hash,
            "at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor": self.actor_label,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target": self.target_label,
            "ip": self.ip,
            "detail": self.detail,
        }
        canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise PermissionDenied("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit entries cannot be deleted.")
