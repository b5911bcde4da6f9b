"""The article form's insights panel: the mention scan as the form loads, and the unnamed sources' state."""

from django import template
from django.urls import reverse

from insights import governance, mentions
from insights.views import panel_context

register = template.Library()


@register.simple_tag(takes_context=True)
def article_insights(context):
    """Context for ``insights/article_panel.html`` on the article form (``original`` is the article, if saved)."""
    request = context["request"]
    article = context.get("original")
    if article is not None and article.pk:
        text = mentions.article_text(article.headline, article.standfirst, article.body)
        review = mentions.review(
            request.user, text, mentions.saved_citations(article), request=request, article=article
        )
        unnamed = [
            {
                "citation": citation,
                "state": state,
                "label": governance.STATUS_LABELS[state],
                "url": reverse("insights:citation", args=[citation.pk]),
            }
            for citation in governance.citations_of(article)
            for state in [governance.status(citation)]
        ]
    else:
        review, unnamed = mentions.Review([], [], []), []
    return {
        **panel_context(request, article if article is not None and article.pk else None, review),
        "unnamed": unnamed,
        "scan_url": reverse("insights:scan"),
        "cite_url": reverse("insights:cite", args=[article.pk]) if article is not None and article.pk else "",
    }
