"""What the API and the JSON Feed show of a live article, in the words the public pages use.

Querysets come from ``articles.listings`` (so from ``Article.objects.live()``); names from
``Correspondent.public_name`` and ``Citation.public_label``/``is_confidential``, exactly as the
article page prints them. A confidential or anonymous citation is its label and nothing
else: no role, no organisation, no link, no quote.
"""

import logging

from django.db.models import Prefetch
from django.db.models.functions import Greatest
from django.urls import reverse
from taggit.models import Tag

from articles import listings, versions
from articles.models import Article, Citation
from articles.sanitize import clean_html
from articles.templatetags.newsroom import absolute

logger = logging.getLogger(__name__)


def with_modified(queryset):
    """Annotate ``modified_at``: the later of the last save and the publish time.

    A scheduled story goes live without a save, so "changed since" must count its publish time.
    """
    return queryset.annotate(modified_at=Greatest("updated_at", "publish_at"))


def articles():
    """Live articles with what an API item shows, in a fixed number of queries.

    An API item carries more than a public list item (licence, first publication, language…), so
    the list's narrow ``only()`` is lifted; the body is read only where the detail shows it.
    """
    return with_modified(listings.live_articles().defer(None).prefetch_related("tags"))


def article_detail():
    """Live articles with everything the detail shows, in a fixed number of queries."""
    return (
        articles()
        .select_related("lead_image")
        .prefetch_related(
            "lead_image__renditions",
            Prefetch("citations", queryset=Citation.objects.select_related("source", "organisation")),
            "corrections",
        )
    )


def licence(article):
    if article.may_be_republished:
        terms = "open"
    elif article.licence == Article.Licence.PARTNERS_ONLY:
        terms = "partners"
    else:
        terms = "none"
    return {
        "code": article.licence,
        "name": article.get_licence_display(),
        "url": article.licence_url,
        "republication": terms,
    }


#: Public page paths by (model, slug): a list of 100 stories names the same countries, topics and
#: people again and again, and ``reverse()`` was a third of its time. A path follows from the
#: slug alone, so a remembered one is never wrong; the memo is emptied when it grows large.
_page_paths = {}
PAGE_PATH_MEMO = 20_000


def page_url(obj):
    """The absolute address of a subject's public page."""
    key = (type(obj), obj.slug)
    path = _page_paths.get(key)
    if path is None:
        if len(_page_paths) >= PAGE_PATH_MEMO:
            _page_paths.clear()
        path = reverse("articles:topic", args=[obj.slug]) if isinstance(obj, Tag) else obj.get_absolute_url()
        _page_paths[key] = path
    return absolute(path)


def subject(obj, name=None):
    """A subject by its name, or by ``name`` when the public knows it by another (a correspondent's public name)."""
    return {"name": obj.name if name is None else name, "slug": obj.slug, "url": page_url(obj)}


def topic(tag):
    return subject(tag)


def byline(line):
    person = line.correspondent
    return {
        "name": person.public_name,
        "url": page_url(person),
        "role": line.role,
        "author_line": line.author_line,
    }


def shown_in_public(cited):
    """Whether the article page lists this citation at all: a person (named or not), or a public organisation."""
    return bool(cited.source_id or cited.is_anonymous or listings.names_organisation_in_public(cited))


def citation(cited):
    """A citation as the article page's "In this story" panel shows it."""
    if cited.is_confidential:
        return {"label": cited.public_label, "role": "", "source_url": None, "organisation": None}
    organisation = None
    if listings.names_organisation_in_public(cited):
        organisation = {
            "name": cited.organisation.name,
            "acronym": cited.organisation.acronym,
            "url": page_url(cited.organisation),
        }
    return {
        "label": cited.public_label,
        "role": cited.role if cited.source_id else "",
        "source_url": page_url(cited.source) if cited.source_id else None,
        "organisation": organisation,
    }


def lead_image(image):
    """The lead image's renditions and credit; ``None`` when there is none or its files cannot be addressed."""
    if image is None:
        return None
    try:
        renditions = [
            {"url": absolute(r.file.url), "width": r.width, "height": r.height, "format": r.format}
            for r in image.renditions.all()
        ]
        if not renditions:
            renditions = [{"url": absolute(image.file.url), "width": image.width, "height": image.height,
                           "format": "original"}]  # fmt: skip
    except (ValueError, OSError) as error:
        logger.warning("Image %s left out of the API: %s", image.pk, error)
        return None
    return {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
        "renditions": renditions,
    }


def summary(article, api_url):
    """An article in a list: enough to show and to fetch the rest."""
    return {
        "id": article.pk,
        "headline": article.headline,
        "standfirst": article.standfirst,
        "language": article.language,
        "published_at": article.publish_at,
        "updated_at": article.public_updated_at,
        "modified_at": article.modified_at,
        "canonical_url": absolute(article.get_canonical_url()),
        "api_url": api_url,
        "programme": subject(article.programme) if article.programme_id else None,
        "countries": [subject(country) for country in article.countries.all()],
        "topics": [topic(tag) for tag in article.tags.all()],
        "bylines": [byline(line) for line in article.bylines.all()],
        "licence": licence(article),
    }


def translation(version, api_url):
    """Another live version of the story: enough to show the link and to fetch it."""
    return {
        "id": version.article.pk,
        "language": version.language,
        "headline": version.article.headline,
        "is_original": version.is_original,
        "canonical_url": absolute(version.url),
        "api_url": api_url(version.article.pk),
    }


def detail(article, api_url, article_url):
    """An article in full: sanitised body, citations by public label, corrections, image, licence, and the
    story's other live versions (``articles.versions``: nothing unpublished is ever named)."""
    others = versions.others(versions.live_versions(article), article)
    return {
        **summary(article, api_url),
        "body_html": clean_html(article.body),
        # As the page's panel: an organisation readers may not see yet (a proposal) is named nowhere.
        "citations": [citation(cited) for cited in article.citations.all() if shown_in_public(cited)],
        "corrections": [
            {"kind": c.kind, "note": c.note, "published_at": c.published_at} for c in article.corrections.all()
        ],
        "lead_image": lead_image(article.lead_image),
        "translations": [translation(version, article_url) for version in others],
    }
