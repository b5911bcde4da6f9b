"""Records of the insights app: its own rows only, pointing down at the content model."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.sanitize import clean_html
from safetext.validators import has_no_control_characters

# --- The report and the public policy pages (h7) ------------------------------


class SourceProfile(models.Model):
    """What the desk records about a named source for the report only: gender, as the person describes it.

    Optional and self-described: nothing is inferred from a name. The report counts it for
    named citations only; a confidential source or an anonymous citation is never broken down.
    """

    source = models.OneToOneField(
        "people.Source", on_delete=models.CASCADE, related_name="insights_profile", verbose_name="source"
    )
    gender = models.CharField(
        max_length=60,
        blank=True,
        help_text="As the person describes themselves (e.g. woman, man, non-binary). Leave blank if not asked.",
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["source_id"]
        verbose_name = "source profile"
        verbose_name_plural = "source profiles"

    def __str__(self):
        return f"Profile of {self.source}"

    def save(self, *args, **kwargs):
        self.gender = " ".join(self.gender.split())
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)


class PolicyKind(models.TextChoices):
    PRINCIPLES = "principles", "Publishing principles"
    UNNAMED_SOURCES = "unnamed-sources", "How we use unnamed sources"
    CORRECTIONS = "corrections", "Corrections policy"


class Policy(models.Model):
    """A public page of editorial policy, written by editors; its body is sanitised like an article's.

    Each kind is one page with a fixed address (``policies:<kind>``), named in every page's
    ``NewsMediaOrganization`` JSON-LD; the corrections policy heads the public corrections list.
    """

    Kind = PolicyKind

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True, help_text="One sentence under the title.")
    body = models.TextField(help_text="The policy as readers see it. Sanitised on every save.")
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = "policy page"
        verbose_name_plural = "policy pages"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PolicyKind.values), name="policy_kind_valid"),
            models.CheckConstraint(condition=has_no_control_characters("title"), name="policy_title_plain_text"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return policy_url(self.kind)

    def save(self, *args, **kwargs):
        """Fill derived fields only: the sanitised body and the time of the change."""
        self.body = clean_html(self.body)
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)


def policy_url(kind):
    """The public address of a policy page (the corrections policy is the corrections list)."""
    return reverse(f"policies:{kind}")
