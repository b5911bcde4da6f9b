"""Which live articles each public list shows, written once for pages, feeds and sitemaps.

Everything starts from ``Article.objects.live()``. A citation counts for an
organisation or a source page only when it names them: an anonymous citation, or
one of a confidential source, never ties a story to anyone in public, and an organisation a
correspondent proposed is named nowhere until an editor confirms it
(``Organisation.objects.confirmed()``). The article page's "In this story" panel applies the
same rule in Python (``in_this_story``); a test checks the two forms agree.
"""

from django.db.models import Prefetch
from django.http import Http404
from taggit.models import Tag

from articles.models import Article, Byline, Citation
from people.models import Affiliation, Correspondent, Organisation, Source

PUBLIC_CITATIONS = Citation.objects.filter(is_anonymous=False).exclude(source__confidential=True)

#: The citations that name an organisation in public: a public citation of a confirmed organisation.
PUBLIC_ORGANISATION_CITATIONS = PUBLIC_CITATIONS.filter(organisation__in=Organisation.objects.confirmed())


def names_in_public(citation):
    """Whether ``citation`` names its source and organisation in public: ``PUBLIC_CITATIONS`` for one row."""
    return not citation.is_anonymous and not (citation.source_id and citation.source.confidential)


def names_organisation_in_public(citation):
    """Whether readers see ``citation``'s organisation: ``PUBLIC_ORGANISATION_CITATIONS`` for one row."""
    return names_in_public(citation) and citation.organisation_id is not None and not citation.organisation.is_proposed


def in_this_story(article):
    """What the article page lists: people (named or by descriptor) and the organisations it names, once each.

    One query whatever the number of citations.
    """
    citations = list(article.citations.select_related("source", "organisation"))
    organisations = []
    for citation in citations:
        # The only organisation a template may print beside a person: None unless readers may see it.
        citation.public_organisation = citation.organisation if names_organisation_in_public(citation) else None
        if citation.public_organisation is not None and citation.public_organisation not in organisations:
            organisations.append(citation.public_organisation)
    people = [c for c in citations if c.source_id or c.is_anonymous]
    return {"people": people, "organisations": organisations}


def public_affiliations():
    """A named source's roles as its public page shows them: at confirmed organisations only."""
    return Affiliation.objects.filter(organisation__in=Organisation.objects.confirmed()).select_related("organisation")


def live_articles():
    """Live articles with what a list item shows (programme, bylines, countries), in a fixed number of queries."""
    return (
        Article.objects.live()
        .select_related("programme")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("correspondent")),
            "countries",
        )
    )


def in_region(region):
    return live_articles().filter(countries__region=region).distinct()


def in_country(country):
    return live_articles().filter(countries=country)


def in_programme(programme):
    return live_articles().filter(programme=programme)


def on_topic(tag):
    return live_articles().filter(tags=tag)


def by_correspondent(correspondent):
    return live_articles().filter(bylines__correspondent=correspondent)


def citing_organisation(organisation):
    return (
        live_articles().filter(citations__in=PUBLIC_ORGANISATION_CITATIONS.filter(organisation=organisation)).distinct()
    )


def quoting_source(source):
    return live_articles().filter(citations__in=PUBLIC_CITATIONS.filter(source=source)).distinct()


def public_or_404(queryset, **lookup):
    """The object, or 404: the public never learns whether a hidden object exists."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def topics():
    """Topics with at least one live article."""
    return Tag.objects.filter(article__in=Article.objects.live()).distinct()


def correspondents():
    """Correspondents with at least one live byline."""
    return Correspondent.objects.filter(bylines__article__in=Article.objects.live()).distinct()


def organisations():
    """Confirmed organisations a live article names."""
    return Organisation.objects.filter(
        citations__in=PUBLIC_ORGANISATION_CITATIONS.filter(article__in=Article.objects.live())
    ).distinct()


def sources():
    """Named (non-confidential) sources a live article quotes by name."""
    return (
        Source.objects.public()
        .filter(citations__in=PUBLIC_CITATIONS.filter(article__in=Article.objects.live()))
        .distinct()
    )


def live_citations_of(source):
    """Citations of ``source`` (an instance or an ``OuterRef``) in live articles: how readers see a source."""
    return Citation.objects.filter(source=source, article__in=Article.objects.live())
