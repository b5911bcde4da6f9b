"""Proposed organisations: a correspondent proposes, an editor confirms or merges.

A correspondent may create an organisation while filing; it is *proposed*: they can cite it
on their own drafts at once, the desk sees it marked as proposed, and no public surface names
it (``Organisation.objects.confirmed()`` is part of the public citation rule in
``articles.listings``). An editor either confirms it, or merges it into an organisation that
already exists: every row that points at it (citations, affiliations, whatever an app above
adds) then points at the existing one, and its name becomes one of that one's aliases.

Rows are moved one by one with ``save()`` so the public cache hears of each change; a proposal
has a handful of citations, never thousands.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext

from people.models import Organisation, can_confirm_organisations


def propose(organisation, *, by):
    """Mark a new organisation as ``by``'s proposal unless ``by`` is an editor (whose organisations stand)."""
    if organisation.pk is None and not can_confirm_organisations(by):
        organisation.is_proposed = True
        organisation.proposed_by = by
    return organisation


def can_change(user, organisation):
    """Editors change any organisation; a correspondent only their own proposal, until it is confirmed."""
    if not user.has_perm("people.change_organisation"):
        return False
    if can_confirm_organisations(user):
        return True
    return organisation.is_proposed and organisation.proposed_by_id == user.pk


def _check(by):
    if not can_confirm_organisations(by):
        raise PermissionDenied("Only an editor can confirm or merge a proposed organisation.")


def confirm(organisation, *, by):
    """Make a proposed organisation public. Only editors confirm."""
    _check(by)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.is_proposed:
            organisation.is_proposed = False
            organisation.save(update_fields=["is_proposed"])
    return organisation


def merge(proposed, *, into, by):
    """Fold ``proposed`` into the existing ``into``: its citations and affiliations move, its names become aliases.

    Returns the number of rows moved. Only editors merge, only a proposal is merged away, and
    never into itself or into another proposal.
    """
    _check(by)
    if proposed.pk == into.pk:
        raise ValidationError(gettext("An organisation cannot be merged into itself."))
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().filter(pk__in=[proposed.pk, into.pk])
        rows = {org.pk: org for org in locked}
        proposed, into = rows[proposed.pk], rows[into.pk]
        if not proposed.is_proposed:
            raise ValidationError(
                gettext("“%(name)s” is confirmed already; only a proposal is merged away.") % {"name": proposed.name}
            )
        if into.is_proposed:
            raise ValidationError(
                gettext("“%(name)s” is itself a proposal; confirm it first, then merge into it.") % {"name": into.name}
            )
        moved = 0
        for relation in Organisation._meta.related_objects:
            if not (relation.one_to_many or relation.one_to_one) or not isinstance(relation.field, models.ForeignKey):
                continue
            field = relation.field.name
            for row in relation.related_model._base_manager.filter(**{field: proposed}):
                setattr(row, field, into)
                row.save(update_fields=[field])
                moved += 1
        known = {name.casefold() for name in (into.name, into.acronym, *into.alias_list) if name}
        new_names = [name for name in (proposed.name, proposed.acronym) if name and name.casefold() not in known]
        if new_names:
            into.aliases = "\n".join([*into.alias_list, *new_names])
            into.save(update_fields=["aliases"])
        proposed.delete()
    return moved
