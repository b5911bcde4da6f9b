"""API v1 subjects: regions, countries, programmes, topics, correspondents, organisations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrespondentFactory,
    CountryFactory,
    OrganisationFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def names(api, path, **params):
    response = api(path, **params)
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_taxonomy_lists_link_their_public_pages(api, settings):
    country = CountryFactory(name="Kyrgyzstan", iso_code="KG")
    ProgrammeFactory(name="Global Voices")

    base = settings.NEWSROOM_BASE_URL
    region = country.region
    data = api("/countries").json()["items"]
    region_data = {"name": region.name, "slug": region.slug, "url": f"{base}{region.get_absolute_url()}"}
    assert data == [{"name": "Kyrgyzstan", "slug": country.slug, "iso_code": "KG",
                     "url": f"{base}{country.get_absolute_url()}", "region": region_data}]  # fmt: skip
    assert names(api, "/regions") == [country.region.name]
    assert names(api, "/programmes") == ["Global Voices"]


def test_people_and_topics_appear_only_through_live_stories_and_by_public_name(api):
    live = ArticleFactory(live=True, tags=["water"])
    draft = ArticleFactory(tags=["draft-only topic"])
    BylineFactory(article=live, correspondent=CorrespondentFactory(byline_name="Aibek Regular"))
    BylineFactory(
        article=live,
        correspondent=CorrespondentFactory(name="Timur Secret", name_withheld=True, withheld_label="A writer in Osh"),
    )
    BylineFactory(article=draft, correspondent=CorrespondentFactory(byline_name="Only Drafts"))
    CitationFactory(article=live, organisation=OrganisationFactory(name="Osh Legal Aid Centre", acronym="OLAC"))
    hidden_org = OrganisationFactory(name="Hidden Org")
    CitationFactory(article=live, source=ConfidentialSourceFactory(), organisation=hidden_org)
    CitationFactory(article=draft, organisation=OrganisationFactory(name="Draft Org"))

    assert names(api, "/topics") == ["water"]
    assert sorted(names(api, "/correspondents")) == ["A writer in Osh", "Aibek Regular"]
    assert api("/organisations").json()["items"][0]["acronym"] == "OLAC"
    assert names(api, "/organisations") == ["Osh Legal Aid Centre"]
    assert "Timur Secret" not in api("/correspondents").content.decode()


def test_subject_lists_are_keyset_paginated(api):
    for i in range(7):
        ProgrammeFactory(name=f"Programme {i}")
    first = api("/programmes", limit=3).json()
    second = api(first["next"]).json()
    third = api(second["next"]).json()
    got = [p["name"] for p in first["items"] + second["items"] + third["items"]]
    assert sorted(got) == [f"Programme {i}" for i in range(7)]
    assert third["next"] is None


def _queries(api, path):
    api(path)  # the key's last use is written on the first request
    with CaptureQueriesContext(connection) as queries:
        assert api(path).status_code == 200
    return len(queries)


def test_subject_lists_take_two_queries_for_1_or_30_subjects(api):
    def story():
        article = ArticleFactory(live=True, countries=[CountryFactory()], tags=[f"topic {CountryFactory().pk}"])
        BylineFactory(article=article)
        CitationFactory(article=article, organisation=OrganisationFactory())

    story()
    paths = ["/regions", "/countries", "/programmes", "/topics", "/correspondents", "/organisations"]
    one = [_queries(api, f"{path}?limit=30") for path in paths]
    for _ in range(29):
        story()
    assert [_queries(api, f"{path}?limit=30") for path in paths] == one == [2] * 6  # the key, the list
