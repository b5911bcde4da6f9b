"""Display helpers for the public templates: absolute links, pictures, JSON-LD, pagination, language and direction."""

import json
import logging

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import languages
from articles.figures import render_figures
from images.renditions import picture_sources
from people import names

register = template.Library()
logger = logging.getLogger(__name__)

# As in Django's json_script: nothing in the data can close the script element or open a comment.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def site_name():
    return settings.NEWSROOM_SITE_NAME


@register.filter
def absolute(path):
    """The canonical absolute address of a site path (``NEWSROOM_BASE_URL`` + path)."""
    path = str(path)
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.NEWSROOM_BASE_URL}{path}"


def _sources_or_none(image):
    """The image's sources, or ``None`` when its file cannot be addressed (the page then shows no picture)."""
    try:
        return picture_sources(image)
    except (ValueError, OSError) as error:
        logger.warning("Image %s left out of a page: %s", image.pk, error)
        return None


@register.inclusion_tag("includes/picture.html")
def picture(image, sizes="100vw", lazy=True):
    """A ``<picture>`` with WebP and JPEG renditions, explicit size, lazy unless above the fold."""
    return {"image": image, "sources": _sources_or_none(image), "sizes": sizes, "lazy": lazy}


@register.filter
def with_figures(body):
    """The sanitised body with its library figures as responsive pictures (with credits)."""
    return mark_safe(render_figures(body))  # noqa: S308 (sanitised on save; figures built with format_html)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context, homes=False):
    """Links to this page in each interface language (no script needed); the current one marked.

    ``homes=True`` (error pages): to each language's home page instead of the same address.
    """
    request = context.get("request")
    return {"languages": languages.switcher(request, homes=homes) if request is not None else []}


@register.filter
def number(value):
    """A count as the interface language groups its digits: 1,000 · 1 000 · 1.000."""
    return formats.number_format(value, force_grouping=True)


@register.simple_tag
def page_query(request, number):
    """The current query string with ``page`` set to ``number`` (page 1 has no parameter)."""
    query = request.GET.copy()
    query.pop("page", None)
    if number != 1:
        query["page"] = number
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def _person(byline):
    """A byline as a schema.org Person: the public name and page only."""
    return {
        "@type": "Person",
        "name": byline.correspondent.public_name,
        "url": absolute(byline.correspondent.get_absolute_url()),
    }


def _work(version):
    """Another live version of the story, as JSON-LD names it (by @id, its address)."""
    url = absolute(version.url)
    return {"@type": "NewsArticle", "@id": url, "url": url, "headline": version.article.headline,
            "inLanguage": version.language}  # fmt: skip


@register.simple_tag
def article_json_ld(article, bylines, corrections, translators=(), versions=()):
    """schema.org NewsArticle as a JSON-LD data block. Authors and translators by public name only.

    ``versions`` are the story's live versions (``articles.versions``): a translation names its
    original (``translationOfWork``), the original its translations (``workTranslation``).
    """
    url = absolute(article.get_canonical_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "headline": article.headline,
        "description": article.standfirst,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": article.language,
        "datePublished": article.publish_at,
        "dateModified": article.public_updated_at or article.publish_at,
        "author": [_person(byline) for byline in bylines],
        "publisher": {"@type": "NewsMediaOrganization", "name": settings.NEWSROOM_SITE_NAME, "url": absolute("/")},
        "license": article.licence_url or {"@type": "CreativeWork", "name": article.get_licence_display()},
    }
    if translators:
        data["translator"] = [_person(byline) for byline in translators]
    others = [version for version in versions if version.article.pk != article.pk]
    if article.translation_of_id:
        original = [version for version in others if version.is_original]
        if original:
            data["translationOfWork"] = _work(original[0])
    else:
        translations = [_work(version) for version in others]
        if translations:
            data["workTranslation"] = translations
    sources = _sources_or_none(article.lead_image) if article.lead_image_id else None
    if sources:
        largest = sources["largest"]
        data["image"] = {
            "@type": "ImageObject",
            "url": absolute(largest.file.url),
            "width": largest.width,
            "height": largest.height,
        }
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.note,
                "datePublished": correction.published_at,
            }
            for correction in corrections
        ]
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def picture_data(image):
    """Rendition data for meta tags (``og:image``): the largest JPEG and its size."""
    return _sources_or_none(image)


@register.filter
def isodate(value):
    """An aware datetime as ISO 8601 to the second (HTML ``datetime`` accepts at most milliseconds)."""
    if not value:
        return ""
    return value.replace(microsecond=0).isoformat()


@register.filter
def byline_detail(correspondent):
    """Role and base beside a byline, as the correspondent's safety mode allows (``people.names``)."""
    return names.byline_detail(correspondent)


@register.simple_tag
def lang_dir(article):
    """`` lang="…" dir="…"`` for an element holding a story's own words (headline, standfirst, body, caption),
    so they keep their language and direction inside a page in another language: an Arabic story on the
    English home reads right to left, an English one on the Arabic home left to right."""
    return format_html(' lang="{}" dir="{}"', article.language, article.text_direction)
