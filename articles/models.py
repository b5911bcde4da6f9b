"""What is published: articles, their bylines, citations and corrections,
the taxonomy they are filed under, and the record of how each came to be."""

from datetime import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.sanitize import clean_html
from images.models import Image
from people.models import unique_slug
from safetext.validators import has_no_control_characters


class Taxonomy(models.Model):
    """What regions, countries and programmes share: a unique name, a slug from it, a public page."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True, blank=True)

    #: The public list page's URL name.
    url_name = None

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"slug": self.slug})


class Region(Taxonomy):
    description = models.TextField(blank=True, help_text=_("One or two sentences for the region's page."))

    url_name = "articles:region"

    class Meta(Taxonomy.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Country(Taxonomy):
    iso_code = models.CharField(
        max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2 code, e.g. KZ."), verbose_name=_("ISO code")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="countries")
    description = models.TextField(blank=True)
    aliases = models.TextField(
        blank=True,
        help_text=_('Other spellings and names, one per line (e.g. "Kazakstan", "Қазақстан"); the desk searches them.'),
    )

    url_name = "articles:country"

    class Meta(Taxonomy.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(iso_code__regex=r"^[A-Z]{2}$"),
                name="country_iso_code_format",
                violation_error_message=_("The ISO code is two capital letters, e.g. KZ."),
            ),
        ]

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def save(self, *args, **kwargs):
        self.iso_code = self.iso_code.upper()
        super().save(*args, **kwargs)


class Programme(Taxonomy):
    """A section or editorial programme, e.g. "Global Voices"."""

    description = models.TextField(blank=True)
    languages = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Language codes the programme publishes in; a story missing in one of them is listed on the desk."),
    )

    url_name = "articles:programme"

    class Meta(Taxonomy.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")


#: First path segments the public site uses itself; an article slug may not take one
#: (articles live at ``/<slug>/``, so such an article could never be reached).
RESERVED_SLUGS = frozenset(
    {
        "admin", "archive", "countries", "correspondents", "feeds", "media", "organisations",
        "programmes", "regions", "search", "sources", "static", "topics",
    }
)  # fmt: skip


def validate_not_reserved(slug):
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is an address the site uses itself; choose another slug."),
            code="reserved",
            params={"slug": slug},
        )


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned to author")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    KAZAKH = "kk", _("Kazakh")
    KYRGYZ = "ky", _("Kyrgyz")
    TAJIK = "tg", _("Tajik")
    UZBEK = "uz", _("Uzbek")
    DARI = "prs", _("Dari")
    PASHTO = "ps", _("Pashto")
    ARABIC = "ar", _("Arabic")


def text_direction(language):
    """Right to left for a language in ``settings.LANGUAGES_BIDI`` (Arabic, Dari, Pashto, …), else left to right.

    The same list makes Django's ``get_language_bidi()`` true for the interface, so pages and
    stories follow one rule. A regional tag (``fa-AF``, ``ar-EG``) goes by its language."""
    return "rtl" if language.split("-")[0].lower() in settings.LANGUAGES_BIDI else "ltr"


class Licence(models.TextChoices):
    """On what terms others may republish a story. The site itself always shows it."""

    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")
    CC_BY_ND_4 = "cc-by-nd-4.0", "CC BY-ND 4.0"
    CC_BY_4 = "cc-by-4.0", "CC BY 4.0"
    PARTNERS_ONLY = "partners-only", _("Partners only")


#: The public deed of each open licence; the others have no URL of their own.
LICENCE_URLS = {
    Licence.CC_BY_ND_4: "https://creativecommons.org/licenses/by-nd/4.0/",
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
}


class ArticleQuerySet(models.QuerySet):
    def live(self, at=None):
        """What the public may see: published, publish time passed, not withdrawn.

        The one definition. Every public view, feed, sitemap, search and tag starts here.
        """
        at = at or timezone.now()
        return self.filter(status=ArticleStatus.PUBLISHED, publish_at__isnull=False, publish_at__lte=at)

    def withdrawn(self):
        """Taken down by an editor: the public address answers 410 Gone."""
        return self.filter(status=ArticleStatus.WITHDRAWN)

    def scheduled(self, at=None):
        """Published with a publish time still in the future."""
        at = at or timezone.now()
        return self.filter(status=ArticleStatus.PUBLISHED, publish_at__gt=at)

    def visible_to(self, user):
        """What a logged-in user may open in the admin.

        Editors (and superusers) see every article; a correspondent sees only the
        articles they are a byline on.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("articles.view_all_articles"):
            return self
        # ``id IN (their bylines' article ids)``, not a join and a DISTINCT over whole rows:
        # the work is the user's bylines (an index), whatever the archive's size.
        return self.filter(pk__in=_bylined_article_ids(user))

    def editable_by(self, user):
        """What a user may change: editors every article; a correspondent their own while draft or returned.

        The query form of ``workflow.can_edit`` (a test checks the two agree on every state).
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("articles.view_all_articles"):
            return self
        return self.filter(status__in=[ArticleStatus.DRAFT, ArticleStatus.RETURNED], pk__in=_bylined_article_ids(user))


def _bylined_article_ids(user):
    """The ids of the articles ``user`` is a byline on, as a subquery (for ``id IN (...)``)."""
    return Byline.objects.filter(correspondent__user=user).values("article_id")


def waiting_first(status):
    """An ordering term that puts articles in ``status`` first (0) and the rest after (1).

    The desk's list orders by it; ``article_desk_order_idx`` indexes it for editors (submitted
    first), so the default list is an index walk, whatever the archive's size.
    """
    return models.Case(models.When(status=status, then=models.Value(0)), default=models.Value(1))


class Article(models.Model):
    """One story, from first draft to publication (and, rarely, withdrawal)."""

    Status = ArticleStatus

    Language = Language

    Licence = Licence

    headline = models.CharField(
        max_length=255, help_text=_('Often "Country: claim", e.g. "Tajikistan: Border Villages Wait for Water".')
    )
    slug = models.SlugField(
        max_length=120,
        unique=True,
        allow_unicode=True,
        blank=True,
        validators=[validate_not_reserved],
        help_text=_("Public address. Filled from the headline; changing it keeps the old address working."),
    )
    standfirst = models.TextField(blank=True, help_text=_("One sentence under the headline."))
    body = models.TextField(blank=True, help_text=_("The story. Sanitised on every save."))
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    countries = models.ManyToManyField(Country, blank=True, related_name="articles")
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    tags = TaggableManager(blank=True, verbose_name=_("topics"), help_text=_("Topics, comma separated."))
    lead_image = models.ForeignKey(Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False)
    licence = models.CharField(
        max_length=20,
        choices=Licence.choices,
        default=Licence.ALL_RIGHTS_RESERVED,
        help_text=_("Who may republish the story. Partners only: partners with an API key, by agreement."),
    )

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False, help_text=_("Last saved."))
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When it goes (or went) live. In the future, the article is scheduled."),
    )
    public_updated_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text=_('Shown to readers as "Updated"; set by a correction.')
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Raised on every save; a save based on an older version is refused.")
    )
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translations",
        help_text=_("The original story this one translates. Empty on an original."),
    )
    original_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("The original's version this translation was last brought up to date with."),
    )
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        get_latest_by = "publish_at"
        permissions = [
            ("view_all_articles", "Can see every article, whoever wrote it"),
            ("review_article", "Can return and approve submitted articles"),
            ("publish_article", "Can publish, schedule, withdraw and republish articles"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values),
                name="article_language_valid",
            ),
            models.CheckConstraint(
                condition=Q(licence__in=Licence.values),
                name="article_licence_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(publish_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article needs a publish time."),
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
            models.CheckConstraint(condition=~Q(translation_of=F("pk")), name="article_not_own_translation"),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="article_one_translation_per_language",
                violation_error_message=_("This story already has a translation in that language."),
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=sorted(RESERVED_SLUGS)),
                name="article_slug_not_reserved",
                violation_error_message=_("This slug is an address the site uses itself."),
            ),
            # Every feed and sitemap carries these two: a control character there broke them all.
            models.CheckConstraint(
                condition=has_no_control_characters("headline") & has_no_control_characters("slug"),
                name="article_headline_slug_plain_text",
                violation_error_message=_("Headlines and slugs cannot contain invisible control characters."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_live_idx"),
            models.Index(fields=["programme", "status", "-publish_at"], name="article_programme_idx"),
            # The partner API's "changed since" walk: the later of the last save and the publish time.
            models.Index(F("status"), Greatest("updated_at", "publish_at"), F("id"), name="article_modified_idx"),
            models.Index(
                waiting_first(ArticleStatus.SUBMITTED),
                models.F("updated_at").desc(),
                models.F("id").desc(),
                name="article_desk_order_idx",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        """The story's address in the current interface language (``/slug/``, ``/ru/slug/``…): the one
        place a story's public address is made, so a reader moving through lists keeps the language."""
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def get_canonical_url(self):
        """The story's one address for search engines, sitemaps, hreflang and sharing, whatever the
        request's language: in its own language's interface when the site has one (a Russian story
        at ``/ru/slug/``), else unprefixed (English, and languages without an interface)."""
        from articles.languages import interface_for

        with translation.override(interface_for(self.language)):
            return self.get_absolute_url()

    def is_live(self, at=None):
        """The same rule as ``Article.objects.live()``, for one article in memory."""
        at = at or timezone.now()
        return self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at <= at

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at > timezone.now()

    @property
    def text_direction(self):
        """``rtl`` or ``ltr``: the direction of the story's own words, whatever the page around them."""
        return text_direction(self.language)

    @property
    def licence_url(self):
        """The licence's public deed, or ``None`` for all rights reserved and partners only."""
        return LICENCE_URLS.get(self.licence)

    @property
    def may_be_republished(self):
        """Whether anyone may republish the story under its licence (partners-only asks for an agreement)."""
        return self.licence in LICENCE_URLS

    @property
    def body_text(self):
        return strip_tags(self.body)

    def slug_for(self, headline):
        """The slug a headline gives this article: unique, and never an address the site uses itself."""
        return unique_slug(self, headline, max_length=100, reserved=RESERVED_SLUGS)

    def save(self, *args, **kwargs):
        """Fill derived fields: slug, sanitised body. The database keeps the search entry (``ArticleSearch``)."""
        if not self.slug:
            self.slug = self.slug_for(self.headline)
        self.body = clean_html(self.body)
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def record_slug(self, old_slug):
        """Keep an old address answering with a redirect."""
        if old_slug and old_slug != self.slug:
            SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": self})


#: PostgreSQL text-search configuration per article language; 'simple' where none fits.
#: The database function ``articles_search_config`` says the same (a test checks they agree).
SEARCH_CONFIGS = {"en": "english", "ru": "russian"}


class ArticleSearch(models.Model):
    """An article's search entry, kept by the database, outside the article row.

    On PostgreSQL a trigger on ``articles_article`` writes it on every insert and on every
    update of the headline, standfirst, body, language, status or publish time, so rows
    made by ``bulk_create``, ``update()`` or ``loadarchive`` are searchable like saved ones.
    The vector (headline A, standfirst B, body C, in the language's configuration) lives
    here so reading an article never drags it along. ``status`` and ``publish_at`` are
    copies that let one index walk find the newest matches; ``live()`` still decides what
    the public sees. On SQLite the table stays empty and search reads the text directly.
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_entry", editable=False
    )
    language = models.CharField(max_length=5, editable=False)
    status = models.CharField(max_length=12, editable=False)
    publish_at = models.DateTimeField(null=True, editable=False)
    vector = SearchVectorField(editable=False)

    class Meta:
        ordering = ["-publish_at"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            GinIndex(fields=["vector"], name="article_search_vector_gin"),
            models.Index(fields=["status", "-publish_at"], name="article_search_newest_idx"),
        ]

    def __str__(self):
        return f"search entry for article {self.article_id}"


class ArchiveMonth(models.Model):
    """How many published stories fall in each calendar month (site time zone), kept by the database.

    On PostgreSQL a trigger on ``articles_article`` adds and takes away one on every insert,
    delete and change of status or publish time, whoever makes it (``save()``, the workflow,
    ``update()``, raw SQL); ``loadarchive``, which writes with triggers off, recounts after its
    load (``articles.months.recount``). Scheduled stories are counted under their month
    already: ``listings.months()`` takes away the few still waiting for their time, so a
    scheduled story is in the archive the instant it goes live, with no write. The archive
    page and the sitemap index read these rows instead of grouping the whole archive. On
    SQLite the table stays empty and the months are grouped from the articles.
    """

    month = models.DateField(primary_key=True, editable=False)
    published = models.IntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-month"]
        verbose_name = "archive month"
        verbose_name_plural = "archive months"

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.published} published"


class SlugRedirect(models.Model):
    """An article's former address, answered with a 301 to the current one."""

    old_slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class BylineRole(models.TextChoices):
    AUTHOR = "author", _("Author")
    TRANSLATOR = "translator", _("Translator")


class Byline(models.Model):
    """A correspondent credited on an article, in print order."""

    Role = BylineRole

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    correspondent = models.ForeignKey("people.Correspondent", on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0, help_text=_("Order in the byline; lowest first."))
    role = models.CharField(max_length=12, choices=BylineRole.choices, default=BylineRole.AUTHOR)
    author_line = models.CharField(
        max_length=300,
        blank=True,
        help_text=_('Line at the foot of this story, e.g. "Aigerim S. is a correspondent in Osh."'),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(fields=["article", "correspondent"], name="byline_unique_correspondent"),
            models.CheckConstraint(condition=Q(role__in=BylineRole.values), name="byline_role_valid"),
        ]
        indexes = [models.Index(fields=["correspondent", "article"], name="byline_correspondent_idx")]

    def __str__(self):
        return str(self.correspondent)


class Citation(models.Model):
    """A source quoted or an organisation cited in an article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(
        "people.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="citations"
    )
    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="citations"
    )
    role = models.CharField(
        max_length=200, blank=True, help_text=_('Role at the time of the story, e.g. "director of a legal-aid NGO".')
    )
    is_anonymous = models.BooleanField(
        default=False, help_text=_("Name the source nowhere in public for this story, even if named elsewhere.")
    )
    descriptor = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('Public descriptor when anonymous, e.g. "a local official who asked not to be named".'),
    )
    quote = models.TextField(blank=True, help_text=_("The quoted words, optionally."))
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=Q(source__isnull=False) | Q(organisation__isnull=False),
                name="citation_cites_someone",
                violation_error_message=_("A citation needs a source, an organisation, or both."),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "article"], name="citation_organisation_idx")]

    def __str__(self):
        return self.public_label

    @property
    def is_confidential(self):
        return self.is_anonymous or (self.source is not None and self.source.confidential)

    @property
    def public_label(self):
        """How the public sees who is cited here. Never a confidential name."""
        if self.is_confidential:
            # An anonymous citation names nobody, not even the organisation it came from.
            described = self.source.public_descriptor if self.source_id else ""
            return self.descriptor or described or "a source who asked not to be named"
        if self.source_id:
            return self.source.name
        return self.organisation.name


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    UPDATE = "update", _("Update")
    CLARIFICATION = "clarification", _("Clarification")


class Correction(models.Model):
    """A dated public note on a published article."""

    Kind = CorrectionKind

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.CORRECTION)
    note = models.TextField(help_text=_("What was wrong and what is right now, as readers will see it."))
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CorrectionKind.values), name="correction_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.published_at:%d %b %Y}"


class WorkflowEvent(models.Model):
    """One step in an article's life: who did what, when, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    comment = models.TextField(blank=True)
    publish_at = models.DateTimeField(null=True, blank=True, help_text=_("The publish time set by this step, if any."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        indexes = [models.Index(fields=["article", "-created_at"], name="event_article_idx")]

    def __str__(self):
        return f"{self.action}: {self.from_status or '—'} → {self.to_status or '—'}"


class Revision(models.Model):
    """A saved version of an article (fields, bylines, citations), restorable."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(help_text=_("The article's version this revision records."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    data = models.JSONField(help_text=_("The article as saved."))
    comment = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-version", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [models.UniqueConstraint(fields=["article", "version"], name="revision_unique_version")]

    def __str__(self):
        return f"Version {self.version} of {self.article}"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be delivered")


class Notification(models.Model):
    """An e-mail about an article: written in the same transaction as the step it reports (the
    outbox), sent afterwards by the task worker, with every delivery attempt kept for the desk."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(WorkflowEvent, null=True, on_delete=models.SET_NULL, related_name="notifications")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
        help_text=_("Waiting (also between retries), sent, or given up after the last attempt."),
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text=_("Delivery attempts so far."))
    attempt_log = models.JSONField(
        default=list, blank=True, help_text=_("Each attempt: when, and the mail server's error if it failed.")
    )
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, help_text=_("When the step was taken and the mail queued."))
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text=_("When the next retry is due."))
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=NotificationStatus.values), name="notification_status_valid"),
            models.CheckConstraint(
                condition=Q(status=NotificationStatus.SENT, sent_at__isnull=False) | ~Q(status=NotificationStatus.SENT),
                name="notification_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.email}"

    def attempt_history(self):
        """Each delivery attempt as (when, error); the error is empty for the one that went through."""
        return [(datetime.fromisoformat(item["at"]), item["error"]) for item in self.attempt_log]


class PreviewLink(models.Model):
    """A link that shows one unpublished article to someone without an account, until it expires,
    is revoked, or the article is published or withdrawn.

    Only a SHA-256 hash of the token is stored: the database, or a dump of it, cannot open a preview.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(
        max_length=100, blank=True, help_text=_("Who the link is for, e.g. “lawyer in Bishkek”. Seen on the desk only.")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(help_text=_("After this the link shows nothing."))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_count = models.PositiveIntegerField(default=0, help_text=_("How many times the link was opened."))
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="previewlink_expires_after_creation"
            ),
        ]

    def __str__(self):
        return f"Preview link {self.label or self.pk} for article {self.article_id}"

    def is_active(self, at=None):
        """Not revoked and not expired (whether the article may still be previewed is ``previews.find``'s rule)."""
        return self.revoked_at is None and self.expires_at > (at or timezone.now())
