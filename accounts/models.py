"""A desk login's sessions, findable by user, so "log out everywhere" can end each of them.

The session store keeps sessions by key only; one ``UserSession`` row per login names the key
(kept current when the key rotates) so revoking a user's sessions is one indexed query, not a
walk through every session on the site.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """One logged-in session of a desk user, from login until logout, revocation or expiry."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_sessions")
    session_key = models.CharField(max_length=40, unique=True, help_text=_("The session store's key."))
    started_at = models.DateTimeField(help_text=_("When this session logged in."))
    expires_at = models.DateTimeField(help_text=_("The end of its absolute lifetime, however active it is."))
    ip = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("IP address"))
    user_agent = models.CharField(max_length=200, blank=True, help_text=_("The browser, as it named itself."))

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["user", "-started_at"])]

    def __str__(self):
        return f"{self.user} since {self.started_at:%Y-%m-%d %H:%M}"
