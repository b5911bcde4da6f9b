"""Public pages of the insights app: the editorial policies and the list of corrections.

Both go through the public page cache like every reader's page: a policy page carries the tag
``policy:<kind>`` (bumped when an editor saves it, see ``insights/apps.py``); the corrections
list also carries ``archive``, which every change to a live story or its corrections bumps, and
lists only corrections of live stories (``Article.objects.live()``).
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from articles.caching import invalidate, public_page
from articles.models import Article, Correction
from insights.models import Policy

#: Corrections on one page of the list; older ones follow the "older corrections" link.
PER_PAGE = 30


def _policy(kind):
    policy = Policy.objects.filter(kind=kind).first()
    if policy is None:
        raise Http404("This policy page has not been written yet.")
    return policy


@require_GET
@public_page("policy:{kind}")
def policy_page(request, kind):
    """A policy page (publishing principles, unnamed sources), as an editor last saved it."""
    return render(request, "insights/policy_detail.html", {"policy": _policy(kind)})


@require_GET
@public_page("archive", "policy:corrections")
def corrections(request):
    """Every public correction of a live story, newest first, a page at a time (keyset on time and id)."""
    notes = (
        Correction.objects.filter(article__in=Article.objects.live())
        .select_related("article")
        .only("kind", "note", "published_at", "article__headline", "article__slug", "article__language")
        .order_by("-published_at", "-pk")
    )
    before = request.GET.get("before", "")
    if before:
        if not before.isdigit() or len(before) > 18:
            raise Http404("No such page of corrections.")
        anchor = notes.filter(pk=int(before)).values_list("published_at", flat=True).first()
        if anchor is None:
            raise Http404("No such page of corrections.")
        notes = notes.filter(Q(published_at__lt=anchor) | Q(published_at=anchor, pk__lt=int(before)))
    page = list(notes[: PER_PAGE + 1])
    older = page[PER_PAGE - 1].pk if len(page) > PER_PAGE else None
    # The list stands without its policy text too (an editor may not have written one yet).
    policy = Policy.objects.filter(kind=Policy.Kind.CORRECTIONS).first() or Policy(title=gettext("Corrections"))
    context = {"policy": policy, "corrections": page[:PER_PAGE], "older": older}
    return render(request, "insights/correction_list.html", context)


def policy_changed(sender, instance, raw=False, **kwargs):
    """An editor saved or deleted a policy: its page (and the corrections list it may head) goes stale."""
    if raw:
        return
    invalidate({f"policy:{instance.kind}"}, {instance.get_absolute_url()})
