"""Topics (django-taggit tags): which ones a desk user is offered, and merging duplicates.

A topic is a public name once a live story carries it; before that it can say more than a
reader should know ("arrest of …" on an unpublished draft). So a correspondent is offered the
topics of live stories and of the stories they may open, never those only a colleague's draft
uses; editors are offered every topic. Merging moves every article of the merged topics to the
target and deletes them, in one transaction, refreshing the public pages that showed any of them.
"""

from django.db import transaction
from django.db.models import Q
from taggit.models import Tag, TaggedItem

from articles import caching
from articles.models import Article
from articles.workflow import is_editor

#: How many suggestions the chips widget shows at once.
SUGGESTIONS = 10


def topics_visible_to(user):
    """The topics ``user`` may be offered on the desk (the rule in this module's first lines)."""
    if not user.is_authenticated or not user.is_active:
        return Tag.objects.none()
    if is_editor(user):
        return Tag.objects.all()
    seen = TaggedItem.objects.filter(
        Q(object_id__in=Article.objects.live().values("pk"))
        | Q(object_id__in=Article.objects.visible_to(user).values("pk"))
    )
    return Tag.objects.filter(Q(pk__in=seen.values("tag")) | Q(taggit_taggeditem_items=None)).distinct()


def suggest(user, query, *, limit=SUGGESTIONS):
    """Names of the topics ``user`` may see that start with ``query`` (then those containing it), by name."""
    query = query.strip()
    if not query:
        return []
    topics = topics_visible_to(user)
    starting = list(topics.filter(name__istartswith=query).order_by("name").values_list("name", flat=True)[:limit])
    if len(starting) < limit:
        containing = (
            topics.filter(name__icontains=query).exclude(name__istartswith=query).order_by("name")
        ).values_list("name", flat=True)[: limit - len(starting)]
        starting += list(containing)
    return starting


def merge_topics(target, others):
    """Give every article tagged with one of ``others`` the ``target`` topic, then delete ``others``.

    Returns the ids of the articles that were moved. Public pages of the articles and of every
    topic involved are refreshed (the bulk moves send no signals, so this says so itself).
    """
    others = [topic for topic in others if topic.pk != target.pk]
    if not others:
        return set()
    with transaction.atomic():
        other_ids = [topic.pk for topic in others]
        moved = TaggedItem.objects.filter(tag_id__in=other_ids)
        article_ids = set(moved.values_list("object_id", flat=True))
        # What showed the old topics must be refreshed (their lists disappear, the target's grows).
        tags, urls = caching.live_articles_subjects(article_ids)
        already = set(TaggedItem.objects.filter(tag=target).values_list("object_id", flat=True))
        carried = TaggedItem.objects.filter(tag_id__in=other_ids).exclude(object_id__in=already)
        # One row per article: an article tagged with two of the merged topics gets the target once.
        keep = {}
        for item in carried.order_by("pk"):
            keep.setdefault((item.content_type_id, item.object_id), item.pk)
        TaggedItem.objects.filter(pk__in=keep.values()).update(tag=target)
        Tag.objects.filter(pk__in=other_ids).delete()
        after_tags, after_urls = caching.live_articles_subjects(article_ids)
        caching.invalidate(tags | after_tags | {caching.SITE}, urls | after_urls)
    return article_ids
