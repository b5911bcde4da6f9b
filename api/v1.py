"""API v1: live articles and the public subjects, for partners holding a key.

Every answer starts from ``articles.listings`` (so from ``Article.objects.live()``) and says
only what the public pages say (``api.content``). Every endpoint needs a partner key
(``Authorization: Bearer nr_…``); the OpenAPI document and the docs page do not.
Lists are keyset-paginated (``api.keyset``): an opaque ``next`` link, no page numbers, no counts.
"""

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer
from pydantic import Field

from api import content, keys, keyset
from api import schemas as s
from articles import listings
from articles.models import Article, Country, Programme, Region
from articles.templatetags.newsroom import absolute

DEFAULT_LIMIT = 20
MAX_LIMIT = 100

BY_PUBLISHED = keyset.Order("published", "publish_at", descending=True, is_datetime=True)
BY_MODIFIED = keyset.Order("modified", "modified_at", is_datetime=True)
BY_SLUG = keyset.Order("slug", "slug")


class RateLimited(Exception):
    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


class PartnerKey(HttpBearer):
    """A partner's key, active and under its rate limit. Counted, and its use noted once a minute."""

    def authenticate(self, request, token):
        key = keys.authenticate(token)
        if key is None:
            return None
        retry_after = keys.over_limit(key)
        if retry_after is not None:
            raise RateLimited(retry_after)
        keys.note_use(key)
        return key


class PartnerAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        # Answers depend on the key: no shared cache may keep one for another partner.
        response["Cache-Control"] = "private, no-store"
        response["Vary"] = "Authorization"
        return response


api = PartnerAPI(
    title=f"{settings.NEWSROOM_SITE_NAME} partner API",
    version="1",
    description="Read-only access to live stories for partners who republish them. See docs/api.md.",
    urls_namespace="api:v1",
    auth=PartnerKey(),
    # No badge from validator.swagger.io: the docs page makes no request off this site.
    docs=Swagger(settings={"validatorUrl": None, "tryItOutEnabled": False}),
)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    response = api.create_response(
        request, {"detail": "A valid partner API key is required: send 'Authorization: Bearer <key>'."}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="partner API"'
    return response


@api.exception_handler(RateLimited)
def rate_limited(request, exc):
    response = api.create_response(
        request, {"detail": f"Rate limit reached; try again in {exc.retry_after} s."}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(keyset.BadCursor)
def bad_cursor(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


class Page(Schema):
    cursor: str | None = Field(None, description="The `next` link's cursor; leave out for the first page.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")


class ArticleFilters(Page):
    updated_since: datetime | None = Field(
        None, description="Only articles published or changed at or after this time (ISO 8601 with a zone)."
    )
    country: str | None = Field(None, description="A country's slug (see /countries).")
    programme: str | None = Field(None, description="A programme's slug (see /programmes).")
    language: Article.Language | None = Field(None, description="The article's language code.")
    topic: str | None = Field(None, description="A topic's slug (see /topics).")
    sort: Literal["published", "modified"] = Field(
        "published",
        description="`published`: newest first. `modified`: oldest change first, for syncing with `updated_since`.",
    )


def _next_link(request, cursor):
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return absolute(f"{request.path}?{query.urlencode()}")


def _article_url(pk):
    return absolute(reverse("api:v1:article", args=[pk]))


@api.get("/articles", response=s.ArticlePage, tags=["articles"], summary="List live articles")
def article_list(request, filters: Query[ArticleFilters]):
    """Live articles, newest first (or by change, for syncing), with keyset pagination."""
    articles = content.articles()
    if filters.updated_since is not None:
        articles = articles.filter(modified_at__gte=filters.updated_since)
    if filters.country:
        articles = articles.filter(countries__slug=filters.country)
    if filters.programme:
        articles = articles.filter(programme__slug=filters.programme)
    if filters.language:
        articles = articles.filter(language=filters.language)
    if filters.topic:
        articles = articles.filter(tags__slug=filters.topic)
    order = BY_MODIFIED if filters.sort == "modified" else BY_PUBLISHED
    rows, cursor = keyset.page(articles, order, cursor=filters.cursor, limit=filters.limit)
    return {"items": [content.summary(a, _article_url(a.pk)) for a in rows], "next": _next_link(request, cursor)}


@api.get(
    "/articles/{int:article_id}",
    response={200: s.ArticleDetail, 404: s.Message, 410: s.Message},
    tags=["articles"],
    summary="One live article",
    url_name="article",
)
def article_detail(request, article_id: int):
    """A live article in full. 404 if there is none; 410 if it was withdrawn (take your copy down)."""
    article = content.article_detail().filter(pk=article_id).first()
    if article is not None:
        return content.detail(article, _article_url(article.pk), _article_url)
    if Article.objects.withdrawn().filter(pk=article_id).exists():
        return Status(410, {"detail": "This article was withdrawn. Please take down any copy you published."})
    raise Http404


def _subjects(request, queryset, page, serialise, order=BY_SLUG):
    rows, cursor = keyset.page(queryset, order, cursor=page.cursor, limit=page.limit)
    return {"items": [serialise(row) for row in rows], "next": _next_link(request, cursor)}


@api.get("/regions", response=s.SubjectPage, tags=["subjects"], summary="Regions")
def region_list(request, page: Query[Page]):
    return _subjects(request, Region.objects.all(), page, content.subject)


@api.get("/countries", response=s.CountryPage, tags=["subjects"], summary="Countries")
def country_list(request, page: Query[Page]):
    def country(obj):
        return {**content.subject(obj), "iso_code": obj.iso_code, "region": content.subject(obj.region)}

    return _subjects(request, Country.objects.select_related("region"), page, country)


@api.get("/programmes", response=s.SubjectPage, tags=["subjects"], summary="Programmes")
def programme_list(request, page: Query[Page]):
    return _subjects(request, Programme.objects.all(), page, content.subject)


@api.get("/topics", response=s.SubjectPage, tags=["subjects"], summary="Topics of live articles")
def topic_list(request, page: Query[Page]):
    return _subjects(request, listings.SUBJECT["topic"].public(), page, content.topic)


@api.get("/correspondents", response=s.SubjectPage, tags=["subjects"], summary="Correspondents with live articles")
def correspondent_list(request, page: Query[Page]):
    """By public name only: a pseudonym, or the withheld label when the name is withheld."""
    return _subjects(
        request, listings.SUBJECT["correspondent"].public(), page, lambda c: content.subject(c, name=c.public_name)
    )


@api.get("/organisations", response=s.OrganisationPage, tags=["subjects"], summary="Organisations live articles name")
def organisation_list(request, page: Query[Page]):
    def organisation(obj):
        return {**content.subject(obj), "acronym": obj.acronym}

    return _subjects(request, listings.SUBJECT["organisation"].public(), page, organisation)
