"""Review on the article change form: the editor's return note and the preview-link box.

Template tags, so the change form needs one include line for each and no change to the admin.
"""

from django import template
from django.urls import reverse
from django.utils import timezone

from articles import previews
from people.names import public_name

register = template.Library()


@register.simple_tag
def return_note(article):
    """The editor's latest return note while it is still the last word: until the next submit.

    ``{"who", "when", "text"}`` or ``None``.
    """
    if article is None or article.pk is None:
        return None
    last = article.events.filter(action__in=["return", "submit"]).select_related("actor").first()
    if last is None or last.action != "return":
        return None
    return {"who": public_name(last.actor), "when": last.created_at, "text": last.comment}


@register.simple_tag
def preview_share(article, user):
    """What the change form says about preview links: how many are active, and where to manage them."""
    if article is None or article.pk is None or article.status not in previews.PREVIEWABLE:
        return None
    active = article.preview_links.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).count()
    can_share = previews.can_share(user, article)
    if not (active or can_share):
        return None
    return {
        "active": active,
        "can_share": can_share,
        "url": reverse("admin:articles_article_preview_links", args=[article.pk]),
    }
