"""Factories for every model. Append new ones at the end of the file."""

import datetime as dt
import io

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import (
    Article,
    Byline,
    Citation,
    Correction,
    Country,
    Programme,
    Region,
)
from images.models import Image
from people.models import Affiliation, Correspondent, Organisation, Source


def png_bytes(size=(64, 48), color=(200, 40, 40)):
    out = io.BytesIO()
    PILImage.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)
        if create:
            self.save()


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Region {n}")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Country {n}")
    iso_code = factory.Sequence(lambda n: f"{chr(65 + (n // 26) % 26)}{chr(65 + n % 26)}")
    region = factory.SubFactory(RegionFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Programme {n}")


class CorrespondentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correspondent

    name = factory.Faker("name")
    byline_name = factory.LazyAttribute(lambda c: c.name)
    role_title = "Correspondent"
    base_location = "Osh"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Bureau for Rights and Law {n}")
    acronym = factory.Sequence(lambda n: f"BRL{n}")
    kind = Organisation.Kind.NGO


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Faker("name")
    description = "Lawyer"


class ConfidentialSourceFactory(SourceFactory):
    confidential = True
    public_descriptor = "an official who asked not to be named"


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    source = factory.SubFactory(SourceFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "director"
    start_date = dt.date(2020, 1, 1)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image
        skip_postgeneration_save = True

    file = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="photo.png"))
    alt_text = "A dry canal between two villages"
    caption = "The canal has been dry since June."
    credit = "Photo: Newsroom"

    @factory.post_generation
    def renditions(obj, create, extracted, **kwargs):
        """Made as the worker makes them after an upload; ``renditions=False`` for an image still waiting."""
        if create and extracted is not False:
            from images.renditions import renditions_for

            renditions_for(obj)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Tajikistan: Border Villages Wait for Water {n}")
    standfirst = "Farmers on both sides of the border say the canal has been dry since June."
    body = "<p>The canal that feeds the orchards has been dry since June.</p>"
    language = "en"

    class Params:
        live = factory.Trait(
            status=Article.Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1)),
            first_published_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1)),
        )

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.add(*extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory)
    correspondent = factory.SubFactory(CorrespondentFactory)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    article = factory.SubFactory(ArticleFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ""


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory, live=True)
    note = "An earlier version gave the wrong district."


def role_group(name):
    """A role group as the migrations made it (re-made after a transactional test's flush)."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from people.roles import sync_roles

    if not Group.objects.filter(name=name).exists():
        sync_roles(apps)
    return Group.objects.get(name=name)


class EditorFactory(UserFactory):
    """A user in the Editors group (the group and its permissions come from the roles migrations)."""

    @factory.post_generation
    def editors_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(role_group("Editors"))


class CorrespondentUserFactory(UserFactory):
    """A user in the Correspondents group with a linked Correspondent profile (``user.correspondent``)."""

    @factory.post_generation
    def correspondents_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(role_group("Correspondents"))
            CorrespondentFactory(user=self, name=f"Desk name of {self.username}", byline_name=f"{self.username} Byline")


class SuperuserFactory(UserFactory):
    """A superuser: administers users and reads the audit trail."""

    is_superuser = True
