"""Template helpers for the public site: the organisation's JSON-LD and the unnamed-sources link."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.templatetags.newsroom import absolute
from insights.models import PolicyKind, policy_url

register = template.Library()

# As in Django's json_script: nothing in the data can close the script element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def organisation_data():
    """schema.org ``NewsMediaOrganization`` for the whole site, with its three policy addresses."""
    home = absolute("/")
    return {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "@id": f"{home}#organisation",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": home,
        "publishingPrinciples": absolute(policy_url(PolicyKind.PRINCIPLES)),
        "unnamedSourcesPolicy": absolute(policy_url(PolicyKind.UNNAMED_SOURCES)),
        "correctionsPolicy": absolute(policy_url(PolicyKind.CORRECTIONS)),
    }


@register.simple_tag
def organisation_json_ld():
    """The site-wide organisation as a JSON-LD data block (no script runs; CSP allows data blocks)."""
    payload = json.dumps(organisation_data(), ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def has_unnamed(citations):
    """Whether any citation shows the public an unnamed person (anonymous, or a confidential source)."""
    return any(citation.is_confidential for citation in citations)
