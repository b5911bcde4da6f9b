"""Who may see and change which source: the row rules the people admin obeys, written once.

The source desk (editors, superusers: whoever may see confidential identities) sees and
changes every source. A correspondent sees named sources and the confidential ones they
added, changes only the sources they added, and never what readers see of a source a live
article cites (name, description, descriptor, confidentiality, affiliations): that is the
desk's to change. Contact details and private notes stay with whoever may change the source.
Organisations are changed by the desk only (the Correspondents group has no such permission).

Each rule is a predicate on one source and a queryset for many; tests check the two agree.

What "a live article cites it" means belongs to ``articles`` (``Article.objects.live()``), an
app above this one: it tells this module through ``shown_to_readers_by`` when it is ready, so
``people`` imports nothing from above. Until something is registered, every source counts as
shown to readers (the lock fails closed).
"""

from django.db.models import Exists, OuterRef, Q

from people.models import Source

#: Functions ``use(source_or_outer_ref) -> QuerySet`` of the rows that show a source to readers.
_public_uses = []


def shown_to_readers_by(use):
    """Register how an app above shows sources to readers (``articles`` registers its live citations)."""
    if use not in _public_uses:
        _public_uses.append(use)
    return use


#: What readers see of a named source, and what a live article's citation shows.
PUBLIC_FIELDS = ("name", "description", "confidential", "public_descriptor", "slug")


def is_source_desk(user):
    """Editors and superusers: they see every identity and change every source."""
    return user.is_superuser or user.has_perm("people.view_confidential_source")


def _shown_publicly(source_ref):
    """A condition: some registered use shows the source to readers (always true while none is registered)."""
    if not _public_uses:
        return Q(pk__isnull=False)
    condition = Q()
    for use in _public_uses:
        condition |= Q(Exists(use(source_ref)))
    return condition


# --- one source ---------------------------------------------------------------------------------------


def can_see(user, source):
    """Whether ``user`` may open ``source`` at all: the predicate form of ``Source.objects.visible_to``."""
    return is_source_desk(user) or not source.confidential or source.added_by_id == user.pk


def can_see_identity(user, source):
    """Whether ``user`` may see who a confidential source is (for a named one the name is public anyway)."""
    return is_source_desk(user) or source.added_by_id == user.pk


def can_change(user, source):
    """The desk changes any source; a correspondent only those they added."""
    if not user.has_perm("people.change_source"):
        return False
    return is_source_desk(user) or (source.added_by_id is not None and source.added_by_id == user.pk)


def is_cited_live(source):
    """Whether readers see ``source`` now (a live article cites it): the predicate form of ``publicly_locked_for``."""
    if source.pk is None:
        return False
    return not _public_uses or any(use(source).exists() for use in _public_uses)


def public_fields_locked(user, source):
    """Whether what readers see of ``source`` is the desk's alone to change for ``user``."""
    return not is_source_desk(user) and is_cited_live(source)


# --- many sources -------------------------------------------------------------------------------------


def changeable_by(user, queryset=None):
    """The sources ``user`` may change: the queryset form of ``can_change``."""
    queryset = Source.objects.all() if queryset is None else queryset
    if not user.has_perm("people.change_source"):
        return queryset.none()
    if is_source_desk(user):
        return queryset
    return queryset.filter(added_by=user)


def publicly_locked_for(user, queryset=None):
    """The sources whose public fields ``user`` may not change: the queryset form of ``public_fields_locked``."""
    queryset = Source.objects.all() if queryset is None else queryset
    if is_source_desk(user):
        return queryset.none()
    return queryset.filter(_shown_publicly(OuterRef("pk")))
