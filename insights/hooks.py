"""Signal receivers that keep the report's facts current; connected in ``insights/apps.py``.

They never query: they note the story and let ``facts.schedule`` queue one task for the commit,
so a draft's autosave costs nothing and a rolled-back step refreshes nothing.
"""

from django.db import transaction

from articles.models import ArticleStatus, WorkflowEvent
from insights import facts

#: A story in one of these states has facts, or had them until this save.
COUNTED = {ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN}
#: Steps that put a story in or out of the report. Earlier steps (submit, return) are read when it
#: is published, which refreshes the whole story.
STEPS_THAT_COUNT = {"publish", "reschedule", "cancel_schedule", "withdraw", "republish"}


def article_saved(sender, instance, raw=False, **kwargs):
    """A published or withdrawn story was saved (an edit, a new publish time, a withdrawal)."""
    if not raw and instance.status in COUNTED:
        facts.schedule([instance.pk])


def part_changed(sender, instance, raw=False, **kwargs):
    """A citation, byline, workflow event or correction changed (a draft's parts skipped when at hand)."""
    if raw:
        return
    if sender is WorkflowEvent and instance.action not in STEPS_THAT_COUNT:
        return
    article = instance._state.fields_cache.get("article")
    if sender is not WorkflowEvent and article is not None and article.status not in COUNTED:
        return
    facts.schedule([instance.article_id])


def source_saved(sender, instance, created=False, raw=False, **kwargs):
    """A source's confidentiality decides how its citations count: recount the stories citing it."""
    if raw or created:
        return
    from insights.tasks import refresh_source_facts

    transaction.on_commit(lambda pk=instance.pk: refresh_source_facts.enqueue(pk), robust=True)


def organisation_saved(sender, instance, created=False, raw=False, **kwargs):
    """An organisation's kind and country are keys of the monthly totals: recount the months citing it."""
    if raw or created:
        return
    from insights.tasks import refresh_organisation_totals

    transaction.on_commit(lambda pk=instance.pk: refresh_organisation_totals.enqueue(pk), robust=True)
