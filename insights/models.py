"""Records of the insights app: its own rows only, pointing down at the content model."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.sanitize import clean_html
from people.encryption import EncryptedTextField
from safetext.validators import has_no_control_characters


class AnonymityReason(models.TextChoices):
    RISK = "risk", _("Risk to the person")
    LEGAL = "legal", _("Legal")
    OTHER = "other", _("Other")


class Justification(models.Model):
    """Why a citation leaves its source unnamed, and why the desk may trust it. Seen by the desk only.

    The texts are stored encrypted (they may say more about the person than the descriptor does).
    """

    Reason = AnonymityReason

    citation = models.OneToOneField("articles.Citation", on_delete=models.CASCADE, related_name="justification")
    reason = models.CharField(
        max_length=10, choices=Reason.choices, help_text=_("Why the source cannot be named in this story.")
    )
    explanation = EncryptedTextField(
        help_text=_("In a sentence or two: what naming them would risk. Stored encrypted.")
    )
    reliability = EncryptedTextField(
        help_text=_(
            "How you know their information is reliable (documents seen, position, other sources). Stored encrypted."
        ),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citation"]
        verbose_name = _("justification for an unnamed source")
        verbose_name_plural = _("justifications for unnamed sources")
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
        verbose_name = _("sign-off of an unnamed source")
        verbose_name_plural = _("sign-offs of unnamed sources")

    def __str__(self):
        return f"sign-off of citation {self.citation_id}"


# --- The report and the public policy pages ------------------------------


class SourceProfile(models.Model):
    """What the desk records about a named source for the report only: gender, as the person describes it.

    Optional and self-described: nothing is inferred from a name. The report counts it for
    named citations only; a confidential source or an anonymous citation is never broken down.
    """

    source = models.OneToOneField(
        "people.Source", on_delete=models.CASCADE, related_name="insights_profile", verbose_name=_("source")
    )
    gender = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("As the person describes themselves (e.g. woman, man, non-binary). Leave blank if not asked."),
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["source_id"]
        verbose_name = _("source profile")
        verbose_name_plural = _("source profiles")

    def __str__(self):
        return f"Profile of {self.source}"

    def save(self, *args, **kwargs):
        self.gender = " ".join(self.gender.split())
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)


class PolicyKind(models.TextChoices):
    PRINCIPLES = "principles", _("Publishing principles")
    UNNAMED_SOURCES = "unnamed-sources", _("How we use unnamed sources")
    CORRECTIONS = "corrections", _("Corrections policy")


class Policy(models.Model):
    """A public page of editorial policy, written by editors; its body is sanitised like an article's.

    Each kind is one page with a fixed address (``policies:<kind>``), named in every page's
    ``NewsMediaOrganization`` JSON-LD; the corrections policy heads the public corrections list.
    """

    Kind = PolicyKind

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True, help_text=_("One sentence under the title."))
    body = models.TextField(help_text=_("The policy as readers see it. Sanitised on every save."))
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("policy page")
        verbose_name_plural = _("policy pages")
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


# --- The report's precomputed facts ---------------------------------------------------------
# One row per published story and per citation of it, carrying what the report filters and groups
# by (publish time, programme, language) so a range of the report reads only its own rows, by the
# publish-time index, however large the archive. Written by ``insights.facts`` only: the
# ``rebuild_insights`` command, and a task queued after every change to a story that is or was
# published. A scheduled story has its rows already; the report reads ``publish_at <= now``.


class StoryFact(models.Model):
    """A published story as the report counts it: who it quotes, how it went through the desk."""

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="+")
    publish_at = models.DateTimeField()
    programme = models.ForeignKey("articles.Programme", null=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(max_length=5)
    named = models.PositiveIntegerField(default=0)
    anonymous = models.PositiveIntegerField(default=0)
    confidential = models.PositiveIntegerField(default=0)
    organisations = models.PositiveIntegerField(default=0, help_text=_("Citations of an organisation alone."))
    returns = models.PositiveIntegerField(default=0)
    corrections = models.PositiveIntegerField(default=0, help_text=_("Corrections, not updates or clarifications."))
    wait = models.DurationField(null=True, help_text=_("First submission to first publication, if both recorded."))
    wait_tenths = models.IntegerField(
        null=True, help_text=_("The wait in tenths of an hour, rounded as the report shows it (for its percentiles).")
    )
    sources = models.PositiveIntegerField(
        default=0, help_text=_("Different people the story quotes (repeat reliance).")
    )

    class Meta:
        verbose_name = _("story fact")
        indexes = [
            models.Index(fields=["publish_at"], name="storyfact_publish_idx"),
            models.Index(fields=["programme", "publish_at"], name="storyfact_programme_idx"),
        ]

    def __str__(self):
        return f"Facts of article {self.article_id}"


class CitationFact(models.Model):
    """A citation of a published story, with its story's publish time and who it names, as the report counts it."""

    class Who(models.TextChoices):
        NAMED = "named", _("named")
        ANONYMOUS = "anonymous", _("anonymous")
        CONFIDENTIAL = "confidential", _("confidential")
        ORGANISATION = "organisation", _("organisation alone")

    citation = models.OneToOneField("articles.Citation", on_delete=models.CASCADE, primary_key=True, related_name="+")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    publish_at = models.DateTimeField()
    programme = models.ForeignKey("articles.Programme", null=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(max_length=5)
    who = models.CharField(max_length=12, choices=Who.choices)
    source = models.ForeignKey("people.Source", null=True, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("people.Organisation", null=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("citation fact")
        indexes = [
            models.Index(fields=["publish_at"], name="citationfact_publish_idx"),
            models.Index(fields=["programme", "publish_at"], name="citationfact_programme_idx"),
        ]

    def __str__(self):
        return f"Fact of citation {self.citation_id}"


class BylineFact(models.Model):
    """A byline of a published story, for "stories per correspondent"."""

    byline = models.OneToOneField("articles.Byline", on_delete=models.CASCADE, primary_key=True, related_name="+")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    publish_at = models.DateTimeField()
    programme = models.ForeignKey("articles.Programme", null=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(max_length=5)
    correspondent = models.ForeignKey("people.Correspondent", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("byline fact")
        indexes = [
            models.Index(fields=["publish_at"], name="bylinefact_publish_idx"),
            models.Index(fields=["programme", "publish_at"], name="bylinefact_programme_idx"),
        ]

    def __str__(self):
        return f"Fact of byline {self.byline_id}"


# --- Monthly totals of the facts ---------------------------------------------------------------------
# The facts summed per calendar month (in the site's time zone), programme and language, so a range
# of whole months costs what its months and keys hold, not its stories. Written by
# ``insights.rollups`` only, recomputed a whole month at a time from the facts whenever a story of
# that month changes (or by ``rebuild_insights``). The report reads them for the whole months of
# its range that are past, and the facts for the rest (see ``insights.report.Scope``).


class RollupMonth(models.Model):
    """A month whose totals exist: the row a recomputation of that month locks, so two never interleave."""

    month = models.PositiveIntegerField(primary_key=True, help_text="Year and month as YYYYMM.")

    class Meta:
        ordering = ["month"]
        verbose_name = "month of totals"

    def __str__(self):
        return str(self.month)


class MonthlyStories(models.Model):
    """The stories of one month, programme and language: counts the story-level figures add up."""

    month = models.PositiveIntegerField(help_text="Year and month as YYYYMM.")
    programme = models.ForeignKey("articles.Programme", null=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(max_length=5)
    stories = models.PositiveIntegerField(default=0)
    named = models.PositiveIntegerField(default=0)
    anonymous = models.PositiveIntegerField(default=0)
    confidential = models.PositiveIntegerField(default=0)
    organisations = models.PositiveIntegerField(default=0)
    corrections = models.PositiveIntegerField(default=0)
    returns = models.PositiveIntegerField(default=0)
    returned_0 = models.PositiveIntegerField(default=0, help_text="Stories never returned.")
    returned_1 = models.PositiveIntegerField(default=0)
    returned_2 = models.PositiveIntegerField(default=0)
    returned_3 = models.PositiveIntegerField(default=0, help_text="Stories returned three times or more.")
    quoting = models.PositiveIntegerField(default=0, help_text="Stories quoting at least one person.")

    class Meta:
        ordering = ["month"]
        verbose_name = "monthly story totals"
        verbose_name_plural = "monthly story totals"
        indexes = [models.Index(fields=["month"], name="monthlystories_month_idx")]

    def __str__(self):
        return f"Stories of {self.month}"


class TotalFigure(models.TextChoices):
    KIND = "kind", "kind of organisation"
    PLACE = "place", "country of organisation"
    ORGANISATION = "organisation", "organisation"
    PERSON = "person", "named person"
    SOURCE = "source", "person quoted"
    BYLINE = "byline", "correspondent"
    WAIT = "wait", "wait before publication"


class MonthlyTotal(models.Model):
    """One key's total in one month, programme and language, for one figure of the report.

    ``figure`` says what the key is: an organisation's kind (``kind``), its country
    (``place``, the country or none), an organisation, a named person (``person``), any person
    quoted (``source``, with the smallest story id, which is the story when only one quotes
    them), a correspondent (``byline``) or a wait in tenths of an hour (``wait``).
    """

    Figure = TotalFigure

    month = models.PositiveIntegerField(help_text="Year and month as YYYYMM.")
    programme = models.ForeignKey("articles.Programme", null=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(max_length=5)
    figure = models.CharField(max_length=12, choices=TotalFigure.choices)
    kind = models.CharField(max_length=20, blank=True)
    country = models.ForeignKey("articles.Country", null=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey("people.Organisation", null=True, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey("people.Source", null=True, on_delete=models.CASCADE, related_name="+")
    correspondent = models.ForeignKey("people.Correspondent", null=True, on_delete=models.CASCADE, related_name="+")
    wait_tenths = models.IntegerField(null=True)
    stories = models.PositiveIntegerField(default=0)
    citations = models.PositiveIntegerField(default=0)
    article = models.PositiveIntegerField(null=True, help_text="The smallest id of the stories counted.")

    class Meta:
        ordering = ["month"]
        verbose_name = "monthly total"
        indexes = [models.Index(fields=["figure", "month"], name="monthlytotal_figure_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(figure__in=TotalFigure.values), name="monthlytotal_figure_valid"),
        ]

    def __str__(self):
        return f"{self.get_figure_display()} in {self.month}"
