"""Autosave: the words of an open article form reach the server every half minute, never over a newer save.

The change form posts its headline, standfirst and body with the version it was opened at
(``base_version``). ``autosave`` takes the same lock and the same version check as a Save
(``workflow.lock``, ``check_version``): if someone saved since, it raises the usual
``WorkflowError`` and writes nothing; the author's words stay in their form. Otherwise it
writes the three fields, raises the version and records a revision marked "Autosaved", which
replaces the one the same author's previous autosave of this sitting left (so the history
shows one entry per sitting, not one per half minute), unless a translation follows that
version (``translations.follows_version``). The form then carries the new version,
so the author's own Save that follows is not refused as stale.

A new article has no row yet: its form is kept in the session (``articles.stash``) and comes
back filled on the next visit to the add page, until it is saved.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from articles import revisions, translations, workflow
from articles.models import Article, Revision

#: The comment on an autosave's revision; a later autosave by the same author replaces it.
AUTOSAVED = gettext_noop("Autosaved")

#: What an autosave writes: the words. Filing, bylines and citations wait for Save.
FIELDS = ("headline", "standfirst", "body")


class AutosaveForm(forms.ModelForm):
    """The words as the article form validates them (the text-field validators of ``safetext`` apply)."""

    class Meta:
        model = Article
        fields = FIELDS


def autosave(article, *, by, version, data, replaces=None):
    """Write ``data``'s words into ``article`` for ``by``, based on ``version``; return the version now saved.

    Refused (``WorkflowError``) when ``by`` may not edit the article or someone saved after
    ``version``; invalid words raise ``ValidationError``. Nothing changed: nothing written.
    ``replaces`` is the version this sitting's previous autosave produced: that revision is
    dropped once the new one holds everything it held.
    """
    with transaction.atomic():
        locked, _ = workflow.lock(article, by=by, version=version)
        if not workflow.can_edit(by, locked):
            raise workflow.WorkflowError(gettext("This article is not yours to edit now."), code="refused")
        form = AutosaveForm(data, instance=locked)
        if not form.is_valid():
            raise forms.ValidationError([error for errors in form.errors.values() for error in errors])
        if not form.has_changed():
            return locked.version
        previous = locked.version
        locked.version += 1
        locked.save(update_fields=[*FIELDS, "version", "updated_at"])
        revisions.record_revision(locked, by=by, comment=AUTOSAVED)
        # A revision a translation follows stays: it is what "out of date" compares with.
        if replaces is not None and replaces == previous and not translations.follows_version(locked, previous):
            Revision.objects.filter(article=locked, version=previous, created_by=by, comment=AUTOSAVED).delete()
    article.version = locked.version
    return locked.version
