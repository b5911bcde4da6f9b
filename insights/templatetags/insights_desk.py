"""The article form's insights panel: the mention scan as the form loads, and the unnamed sources' state."""

from django import template
from django.urls import reverse

from articles import workflow
from insights import governance, mentions
from insights.models import AnonymityReason
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
        governed = governance.citations_of(article)
        may_justify = bool(governed) and governance.can_justify(request.user, governed[0])
        is_byline = bool(governed) and workflow.is_byline(request.user, article)
        unnamed = [
            {
                "citation": citation,
                "state": state,
                "label": governance.STATUS_LABELS[state],
                "url": reverse("insights:citation", args=[citation.pk]),
                "justification": governance.justification_of(citation),
                "may_justify": may_justify,
                "sign_off_refusal": governance.sign_off_refusal(request.user, citation, is_byline=is_byline),
                "fingerprint": governance.current_fingerprint(citation),
            }
            for citation in governed
            for state in [governance.status(citation)]
        ]
    else:
        review, unnamed = mentions.Review([], [], []), []
    return {
        **panel_context(request, article if article is not None and article.pk else None, review),
        "unnamed": unnamed,
        "reasons": AnonymityReason.choices,
        "is_editor": request.user.has_perm("articles.review_article"),
        "scan_url": reverse("insights:scan"),
        "cite_url": reverse("insights:cite", args=[article.pk]) if article is not None and article.pk else "",
    }
