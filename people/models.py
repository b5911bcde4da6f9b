"""Who appears in the news: correspondents, organisations and quoted sources.

Identities are stored encrypted (``people/encryption.py``): every source's name, description,
contact details and private notes, and every correspondent's real name. The database sees
tokens, so nothing filters or orders by those columns; a name is found through its blind
index (``named()``, ``name_matches()``), and lists are ordered by the public slug.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from images.uploads import SafeImageField, random_upload_path
from people.encryption import EncryptedCharField, EncryptedTextField, name_index, name_search_q


def unique_slug(instance, text, *, field="slug", max_length=80, reserved=()):
    """A slug for ``text`` not yet used by another row of the same model, nor in ``reserved``.

    Unicode letters are kept (``allow_unicode``) so Cyrillic, Kazakh and Arabic
    names give readable, working URLs.
    """
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or "item"
    model = type(instance)
    candidate, n = base, 2
    while candidate in reserved or model._default_manager.filter(**{field: candidate}).exclude(pk=instance.pk).exists():
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return candidate


class NameIndexQuerySet(models.QuerySet):
    """Finding people by a name the database only holds encrypted."""

    def named(self, name):
        """Rows whose name is ``name`` once normalised (case, spacing and Unicode forms aside)."""
        query = name_search_q(self.model.INDEX_CONTEXT, name, by_word=False)
        return self.filter(query) if query is not None else self.none()

    def name_matches(self, term):
        """Rows whose name is ``term`` once normalised, or holds every word of it (a surname finds the person)."""
        query = name_search_q(self.model.INDEX_CONTEXT, term)
        return self.filter(query) if query is not None else self.none()


class NameIndexed(models.Model):
    """The blind index of an encrypted ``name``: clear digests the desk's searches compare against."""

    #: Mixed into every digest, so equal names in two tables do not match each other in a dump.
    INDEX_CONTEXT = None

    name_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    name_tokens = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    def refresh_name_index(self):
        self.name_index, self.name_tokens = name_index(self.INDEX_CONTEXT, self.name)

    def clean(self):
        super().clean()
        # Constraints on the index are checked against what save() will store.
        self.refresh_name_index()

    def save(self, *args, **kwargs):
        self.refresh_name_index()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_index", "name_tokens"}
        super().save(*args, **kwargs)


class Correspondent(NameIndexed):
    """A byline. The public sees ``public_name`` only, never ``name``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="correspondent",
        help_text="The login this correspondent files with, if any.",
    )
    INDEX_CONTEXT = "people.correspondent"

    name = EncryptedCharField(
        max_length=200,
        help_text="Real name, for the desk only; stored encrypted. Never shown on the public site.",
    )
    byline_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Name printed in the byline. May be a pseudonym; leave blank to use the real name.",
    )
    is_pseudonym = models.BooleanField(
        default=False, help_text="The byline name is a pseudonym chosen for the correspondent's safety."
    )
    name_withheld = models.BooleanField(
        default=False,
        help_text="Print no name at all; the byline shows the withheld label instead.",
    )
    withheld_label = models.CharField(
        max_length=200,
        blank=True,
        help_text='Shown instead of a name when the name is withheld, e.g. "A correspondent in Taraz".',
    )
    slug = models.SlugField(
        max_length=80, unique=True, allow_unicode=True, blank=True, help_text="Public address of the byline page."
    )
    role_title = models.CharField(max_length=200, blank=True, help_text='e.g. "Correspondent", "Contributing editor".')
    base_location = models.CharField(max_length=200, blank=True, help_text='Where they report from, e.g. "Osh".')
    bio = models.TextField(blank=True, help_text="Short public biography. Leave blank for withheld names.")
    photo = SafeImageField(
        upload_to=random_upload_path, blank=True, help_text="Public portrait. Never set for withheld names."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NameIndexQuerySet.as_manager()

    class Meta:
        # The public slug follows the printed name; the real name is encrypted and cannot be sorted on.
        ordering = ["slug"]
        verbose_name = "correspondent"
        verbose_name_plural = "correspondents"
        constraints = [
            models.CheckConstraint(
                condition=Q(name_withheld=False) | ~Q(withheld_label=""),
                name="correspondent_withheld_has_label",
                violation_error_message="A correspondent whose name is withheld needs a public label.",
            ),
            models.CheckConstraint(
                condition=Q(name_withheld=False) | Q(photo=""),
                name="correspondent_withheld_has_no_photo",
                violation_error_message="A correspondent whose name is withheld cannot have a public photo.",
            ),
        ]

    def __str__(self):
        if self.name_withheld:
            return f"{self.withheld_label} (withheld)"
        return self.public_name

    def clean(self):
        super().clean()
        if self.is_pseudonym and not self.name_withheld and not self.byline_name.strip():
            # Otherwise the byline would fall back to the real name the pseudonym is there to hide.
            raise ValidationError({"byline_name": "A correspondent writing under a pseudonym needs the pseudonym."})

    @property
    def public_name(self):
        """The only name the public ever sees."""
        if self.name_withheld:
            return self.withheld_label
        return self.byline_name or self.name

    def save(self, *args, **kwargs):
        # A withheld or pseudonymous name must not leak through the URL, also when it was
        # withheld only after the slug had been made from it.
        if not self.slug or self.slug_reveals_identity():
            # A pseudonym with no byline name yet would print the real name: no name goes in the URL.
            unnamed = self.name_withheld or (self.is_pseudonym and not self.byline_name)
            self.slug = unique_slug(self, "correspondent" if unnamed else self.public_name)
        super().save(*args, **kwargs)

    @property
    def is_protected(self):
        """Whether the real name is a secret: printed under a pseudonym or under no name at all."""
        return self.name_withheld or self.is_pseudonym

    def slug_reveals_identity(self):
        """Whether the slug says more than the public may know about who this is."""
        if self.name_withheld or (self.is_pseudonym and not self.byline_name):
            return not re.fullmatch(r"correspondent(-\d+)?", self.slug)
        if self.is_pseudonym and self.name:
            return slugify(self.name, allow_unicode=True) in self.slug
        return False

    def get_absolute_url(self):
        return reverse("people:correspondent", kwargs={"slug": self.slug})


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("NGO")
    GOVERNMENT = "government", _("Government body")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisation")
    RESEARCH = "research", _("Research institute")
    MEDIA = "media", _("Media outlet")
    PARTY = "party", _("Political party")
    COURT = "court", _("Court")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet):
    def confirmed(self):
        """Organisations the desk has confirmed: the only ones any public surface may name."""
        return self.filter(is_proposed=False)

    def visible_to(self, user):
        """The desk sees every organisation; a correspondent the confirmed ones and those they proposed."""
        if can_confirm_organisations(user):
            return self
        return self.filter(Q(is_proposed=False) | Q(proposed_by=user))


def can_confirm_organisations(user):
    """Editors (and superusers) confirm or merge what correspondents propose."""
    return user.is_superuser or user.has_perm("people.confirm_organisation")


class Organisation(models.Model):
    """An NGO, ministry, court, outlet… that a story cites or quotes.

    A correspondent may *propose* one: it is usable on their own drafts at once, and no public
    page, feed or sitemap names it until an editor confirms it (or merges it into another).
    """

    Kind = OrganisationKind

    name = models.CharField(max_length=255, unique=True, help_text="Full name, as first cited in a story.")
    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True, blank=True)
    acronym = models.CharField(
        max_length=30, blank=True, help_text='Short form used after first mention, e.g. "KIBHR".'
    )
    aliases = models.TextField(
        blank=True, help_text="Other names it goes by, one per line (former names, translations)."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NGO)
    country = models.ForeignKey(
        "articles.Country",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text="Where it is based; blank for international bodies.",
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, help_text="One or two sentences for its public page.")
    is_proposed = models.BooleanField(
        "proposed",
        default=False,
        help_text="Proposed by a correspondent and not yet confirmed by an editor: never named in public until then.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The correspondent who proposed it; they may cite and correct it until it is confirmed.",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        permissions = [("confirm_organisation", "Can confirm or merge organisations proposed by correspondents")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"),
        ]

    def __str__(self):
        label = f"{self.name} ({self.acronym})" if self.acronym else self.name
        # The desk sees what still waits for an editor; the public never sees a proposed one at all.
        return f"{label} [proposed]" if self.is_proposed else label

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.acronym or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:organisation", kwargs={"slug": self.slug})


NAME_OR_DESCRIPTOR = "A source needs a name, unless they are confidential: then the public descriptor alone is enough."


class SourceQuerySet(NameIndexQuerySet):
    def public(self):
        """Sources the public may see named: never a confidential one."""
        return self.filter(confidential=False)

    def visible_to(self, user):
        """Editors see every source; a correspondent sees public ones and the confidential ones they added."""
        if user.is_superuser or user.has_perm("people.view_confidential_source"):
            return self
        return self.filter(Q(confidential=False) | Q(added_by=user))


class Source(NameIndexed):
    """A person quoted in a story. A confidential source is only ever shown by its descriptor.

    Name, description, contact details and private notes are stored encrypted for every source,
    named or not: one rule, and a source who becomes confidential later has nothing left in clear.
    """

    INDEX_CONTEXT = "people.source"
    #: What identifies the person: encrypted, seen only by those allowed, and every look recorded.
    IDENTITY_FIELDS = ("name", "description", "contact", "private_notes")

    name = EncryptedCharField(
        max_length=200,
        blank=True,
        help_text="Full name. For a confidential source, seen only by the desk, and optional: "
        "leave it empty to record them by the descriptor alone. Stored encrypted.",
    )
    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True, blank=True)
    description = EncryptedTextField(
        blank=True, help_text="Who they are, for the desk (and the public page if named). Stored encrypted."
    )
    contact = EncryptedTextField(
        blank=True,
        help_text="Phone, messenger, e-mail: how to reach them. Never public; stored encrypted.",
    )
    private_notes = EncryptedTextField(
        blank=True, help_text="Anything the desk must know and the public must not. Stored encrypted."
    )
    confidential = models.BooleanField(
        default=False,
        help_text="Never name this person in public: pages, feeds, search and sitemaps show the descriptor only.",
    )
    public_descriptor = models.CharField(
        max_length=200,
        blank=True,
        help_text='How the public sees a confidential source, e.g. "an independent analyst in Almaty".',
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="Who entered this source; a correspondent sees the confidential sources they added.",
    )
    organisations = models.ManyToManyField(Organisation, through="Affiliation", related_name="sources", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        # A named source's slug follows the name; confidential ones ("source-12") sort together.
        ordering = ["slug"]
        verbose_name = "source"
        verbose_name_plural = "sources"
        permissions = [("view_confidential_source", "Can see the identity of confidential sources")]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidential=False) | ~Q(public_descriptor=""),
                name="source_confidential_has_descriptor",
                violation_error_message="A confidential source needs a public descriptor.",
            ),
            # The name is encrypted, so the database checks its blind index (empty exactly when the name is).
            models.CheckConstraint(
                condition=Q(confidential=True) | ~Q(name_index=""),
                name="source_named_unless_confidential",
                violation_error_message=NAME_OR_DESCRIPTOR,
            ),
        ]

    def __str__(self):
        # Whatever renders a source by accident (widgets, logs, error pages) shows the safe form.
        if self.confidential:
            return f"{self.public_descriptor} (confidential #{self.pk})"
        return self.name

    def clean(self):
        super().clean()
        if not self.confidential and not self.name_index:
            raise ValidationError({"name": NAME_OR_DESCRIPTOR})

    def save(self, *args, **kwargs):
        # A confidential name must not leak through its slug either, also when the source
        # became confidential after the slug had been made from the name.
        if not self.slug or (self.confidential and not re.fullmatch(r"source(-\d+)?", self.slug)):
            self.slug = unique_slug(self, "source" if self.confidential else self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:source", kwargs={"slug": self.slug})


class Affiliation(models.Model):
    """A source's role at an organisation over a span of time."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="affiliations")
    role = models.CharField(
        max_length=200, blank=True, help_text='e.g. "director", "spokesperson"; leave empty when not known.'
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Leave blank while the role is current.")

    class Meta:
        ordering = ["-start_date", "role"]
        verbose_name = "affiliation"
        verbose_name_plural = "affiliations"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="affiliation_dates_ordered",
                violation_error_message="An affiliation cannot end before it starts.",
            ),
        ]

    def __str__(self):
        organisation = self.organisation.acronym or self.organisation.name
        return f"{self.role}, {organisation}" if self.role else organisation
