"""Article-side models: the database refuses what must never be stored, and saving fills derived fields."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Citation, Correction, Country, Revision, SlugRedirect
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    ConfidentialSourceFactory,
    CorrespondentFactory,
    CountryFactory,
    ProgrammeFactory,
    RegionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(make):
    """``make`` must fail with IntegrityError at the database, leaving the connection usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


# --- Constraints ------------------------------------------------------------------------------------


def test_database_refuses_an_unknown_article_status():
    refused_by_database(lambda: ArticleFactory(status="live-ish"))


def test_database_refuses_an_unknown_article_language():
    refused_by_database(lambda: ArticleFactory(language="xx"))


def test_database_refuses_a_published_article_without_a_publish_time():
    refused_by_database(lambda: ArticleFactory(status=Article.Status.PUBLISHED, publish_at=None))


def test_database_refuses_an_empty_article_slug():
    article = ArticleFactory()

    refused_by_database(lambda: Article.objects.filter(pk=article.pk).update(slug=""))


def test_database_refuses_two_articles_with_the_same_slug():
    ArticleFactory(slug="tajikistan-border-villages")

    refused_by_database(lambda: ArticleFactory(slug="tajikistan-border-villages"))


def test_database_refuses_a_country_code_that_is_not_two_capital_letters():
    refused_by_database(
        lambda: Country.objects.bulk_create([Country(name="Nowhere", iso_code="k1", region=RegionFactory())])
    )


def test_database_refuses_an_article_slug_the_site_uses_itself():
    refused_by_database(lambda: ArticleFactory(slug="search"))


def test_reserved_slug_is_refused_with_a_message_in_forms():
    article = ArticleFactory.build(slug="archive")

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert "slug" in error.value.message_dict


def test_headline_that_slugifies_to_a_site_address_gets_another_slug_and_opens(client):
    article = ArticleFactory(headline="Search", live=True)

    assert article.slug == "search-2"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_database_refuses_the_same_correspondent_twice_on_one_byline():
    byline = BylineFactory()

    refused_by_database(lambda: BylineFactory(article=byline.article, correspondent=byline.correspondent))


def test_database_refuses_a_citation_of_nobody():
    article = ArticleFactory()

    refused_by_database(lambda: Citation.objects.create(article=article, source=None, organisation=None))


def test_citation_of_nobody_is_refused_with_the_desk_message():
    citation = Citation(article=ArticleFactory(), role="spokesman")

    with pytest.raises(ValidationError, match="A citation needs a source, an organisation, or both."):
        citation.full_clean()


def test_database_refuses_an_unknown_correction_kind():
    article = ArticleFactory(live=True)

    refused_by_database(lambda: Correction.objects.create(article=article, kind="retraction", note="Wrong."))


def test_database_refuses_two_revisions_with_the_same_version():
    article = ArticleFactory()
    Revision.objects.create(article=article, version=1, data={"headline": article.headline})

    refused_by_database(lambda: Revision.objects.create(article=article, version=1, data={}))


def test_database_refuses_an_old_address_used_twice():
    SlugRedirect.objects.create(old_slug="old-address", article=ArticleFactory())

    refused_by_database(lambda: SlugRedirect.objects.create(old_slug="old-address", article=ArticleFactory()))


def test_database_refuses_two_countries_with_one_iso_code():
    CountryFactory(name="Kazakhstan", iso_code="KZ")

    refused_by_database(lambda: CountryFactory(name="Qazaqstan", iso_code="KZ"))


def test_database_refuses_duplicate_taxonomy_names():
    RegionFactory(name="Central Asia")
    ProgrammeFactory(name="Rule of Law")

    refused_by_database(lambda: RegionFactory._meta.model.objects.create(name="Central Asia"))
    refused_by_database(lambda: ProgrammeFactory._meta.model.objects.create(name="Rule of Law"))


# --- save() fills derived fields --------------------------------------------------------------------


def test_saving_an_article_sanitises_whatever_body_was_assigned():
    """The ORM path a forged POST ends up on: whatever reaches save() is cleaned."""
    article = ArticleFactory()
    article.body = (
        '<p onclick="steal()">Officials <script>alert(1)</script>said <a href="javascript:alert(1)">this</a>.</p>'
        '<iframe src="https://evil.example"></iframe><p style="color:red">Second paragraph.</p>'
    )

    article.save()
    article.refresh_from_db()

    assert article.body == (
        '<p>Officials said <a rel="noopener noreferrer nofollow">this</a>.</p><p>Second paragraph.</p>'
    )


def test_saving_an_article_stamps_updated_at_even_when_saving_only_some_fields():
    article = ArticleFactory()
    earlier = timezone.now() - dt.timedelta(days=3)
    Article.objects.filter(pk=article.pk).update(updated_at=earlier)
    article.refresh_from_db()

    article.standfirst = "A new standfirst."
    article.save(update_fields=["standfirst"])
    article.refresh_from_db()

    assert article.updated_at > earlier + dt.timedelta(days=2)


def test_a_new_article_gets_a_slug_from_its_headline_and_a_repeated_headline_a_numbered_one():
    first = ArticleFactory(headline="Georgia: Watchdog Tracks Election Advertising")
    second = ArticleFactory(headline="Georgia: Watchdog Tracks Election Advertising")

    assert first.slug == "georgia-watchdog-tracks-election-advertising"
    assert second.slug == "georgia-watchdog-tracks-election-advertising-2"


def test_editing_a_headline_keeps_the_slug_so_links_do_not_break():
    article = ArticleFactory(headline="Kyrgyzstan: Osh Traders Brace for Rents")

    article.headline = "Kyrgyzstan: Osh Traders Brace for Higher Rents"
    article.save()

    assert article.slug == "kyrgyzstan-osh-traders-brace-for-rents"


UNICODE_HEADLINES = [
    ("Казахстан: в Таразе родители добиваются ремонта школы", "казахстан-в-таразе-родители-добиваются-ремонта-школы"),
    ("Қазақстан: әкімдік, ғимарат, қоңыр, өңір", "қазақстан-әкімдік-ғимарат-қоңыр-өңір"),
    ("Қазақстан: ұлт, үміт, һәм іні", "қазақстан-ұлт-үміт-һәм-іні"),
    ("أفغانستان: مدارس البنات تنتقل إلى البيوت", "أفغانستان-مدارس-البنات-تنتقل-إلى-البيوت"),
]


@pytest.mark.parametrize(("headline", "slug"), UNICODE_HEADLINES)
def test_unicode_headline_gives_a_readable_slug_whose_public_page_opens(client, headline, slug):
    article = ArticleFactory(headline=headline, live=True)

    assert article.slug == slug
    url = reverse("articles:detail", kwargs={"slug": article.slug})
    assert url == article.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert headline in response.text


def test_very_long_headline_gives_a_slug_that_fits_its_column():
    article = ArticleFactory(headline="Kazakhstan: " + "very " * 45 + "long")

    assert len(article.slug) <= Article._meta.get_field("slug").max_length
    assert not article.slug.endswith("-")


# --- What the public sees ---------------------------------------------------------------------------


def test_citation_of_a_confidential_source_shows_only_the_descriptor():
    source = ConfidentialSourceFactory(name="Serik Baimukhanov", public_descriptor="a prison doctor")
    named_elsewhere = SourceFactory(name="Roza Akhmatova")
    article = ArticleFactory()

    confidential = Citation.objects.create(article=article, source=source)
    anonymous_here = Citation.objects.create(
        article=article, source=named_elsewhere, is_anonymous=True, descriptor="a lawyer in Osh"
    )

    assert str(confidential) == "a prison doctor"
    assert "Serik" not in str(confidential)
    assert str(anonymous_here) == "a lawyer in Osh"


def test_byline_shows_the_public_name_never_the_real_one():
    pseudonymous = CorrespondentFactory(name="Mariam Haidari", byline_name="Zahra Noori", is_pseudonym=True)

    byline = BylineFactory(correspondent=pseudonymous)

    assert str(byline) == "Zahra Noori"


def test_correction_reads_as_its_kind_and_date():
    correction = Correction(
        article=ArticleFactory(live=True),
        kind=Correction.Kind.CLARIFICATION,
        note="Clarified.",
        published_at=dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC),
    )

    assert str(correction) == "Clarification of 04 Mar 2026"
