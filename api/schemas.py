"""The shapes of API v1's answers, as the OpenAPI document publishes them.

Answers are validated against these on the way out, so a field that is not declared here
never leaves, whatever a serialiser puts in by mistake.
"""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field


class Message(Schema):
    detail: str


class Subject(Schema):
    name: str
    slug: str
    url: str


class Country(Subject):
    iso_code: str
    region: Subject


class Organisation(Subject):
    acronym: str


class Byline(Schema):
    name: str
    url: str
    role: Literal["author", "translator"] = Field(description="`author`, or `translator` on a translation.")
    author_line: str


class Licence(Schema):
    code: str
    name: str
    url: str | None
    republication: str


class CitedOrganisation(Schema):
    name: str
    acronym: str
    url: str


class Citation(Schema):
    label: str
    role: str
    source_url: str | None
    organisation: CitedOrganisation | None


class Correction(Schema):
    kind: str
    note: str
    published_at: datetime


class Rendition(Schema):
    url: str
    width: int
    height: int
    format: str


class Image(Schema):
    alt_text: str
    caption: str
    credit: str
    width: int
    height: int
    renditions: list[Rendition]


class Translation(Schema):
    """Another live version of the same story: its original, or a translation."""

    id: int
    language: str
    headline: str
    is_original: bool = Field(description="Whether this version is the story's original (the others translate it).")
    canonical_url: str
    api_url: str


class ArticleSummary(Schema):
    id: int
    headline: str
    standfirst: str
    language: str
    published_at: datetime
    updated_at: datetime | None
    modified_at: datetime
    canonical_url: str
    api_url: str
    programme: Subject | None
    countries: list[Subject]
    topics: list[Subject]
    bylines: list[Byline]
    licence: Licence


class ArticleDetail(ArticleSummary):
    body_html: str
    citations: list[Citation]
    corrections: list[Correction]
    lead_image: Image | None
    translations: list[Translation]


class ArticlePage(Schema):
    items: list[ArticleSummary]
    next: str | None


class SubjectPage(Schema):
    items: list[Subject]
    next: str | None


class CountryPage(Schema):
    items: list[Country]
    next: str | None


class OrganisationPage(Schema):
    items: list[Organisation]
    next: str | None
