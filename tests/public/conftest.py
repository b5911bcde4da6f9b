import pytest

from tests.factories import (
    AffiliationFactory,
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrectionFactory,
    CountryFactory,
    ImageFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SourceFactory,
)


@pytest.fixture
def build_story():
    """A live story with ``n`` of everything a page can list: bylines, citations, tags, corrections, countries."""

    def build(n=1, **kwargs):
        programme = ProgrammeFactory(name="Global Voices")
        article = ArticleFactory(
            live=True,
            programme=programme,
            lead_image=ImageFactory(),
            tags=[f"topic {i}" for i in range(n)],
            countries=[CountryFactory() for _ in range(n)],
            **kwargs,
        )
        for i in range(n):
            BylineFactory(article=article, position=i, author_line=f"Writer {i} reports from Osh.")
            source = SourceFactory()
            AffiliationFactory(source=source)
            CitationFactory(article=article, source=source, organisation=OrganisationFactory(), role="director")
            CitationFactory(
                article=article,
                source=ConfidentialSourceFactory(),
                organisation=None,
                descriptor="a local official who asked not to be named",
            )
            CorrectionFactory(article=article, note=f"Correction number {i}.")
        return article

    return build
