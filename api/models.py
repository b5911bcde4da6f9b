"""Records of the partner API (its keys), pointing down at the content model.

A key is shown once, when it is made; the database keeps only its SHA-256 and a short
prefix to find it by, so a dump or a leaked backup holds no usable key.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        """Keys that still open the API: not revoked."""
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """One partner's key to the read-only API, with its own rate limit."""

    partner = models.CharField(
        max_length=200, help_text=_('Who holds the key, e.g. "Eurasia Wire (syndication desk)".')
    )
    prefix = models.CharField(
        max_length=16, unique=True, editable=False, help_text=_("The key's first characters, to find it by.")
    )
    hashed_key = models.CharField(max_length=64, unique=True, editable=False, help_text=_("SHA-256 of the whole key."))
    rate_limit = models.PositiveIntegerField(
        default=60, help_text=_("Requests per minute this key may make; more are answered 429.")
    )
    note = models.TextField(blank=True, help_text=_("The agreement, a contact, why the key exists."))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text=_("To the minute: written at most once a minute.")
    )

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["partner", "-created_at"]
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")
        constraints = [
            models.CheckConstraint(condition=Q(rate_limit__gte=1), name="apikey_rate_limit_positive"),
            models.CheckConstraint(condition=~Q(hashed_key=""), name="apikey_hash_not_empty"),
        ]

    def __str__(self):
        return f"{self.partner} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None
