"""How the desk names a person behind a login: by their public byline, never by the login.

A correspondent is named as readers know them (``Correspondent.public_name``: a pseudonym, or the
withheld label); a user with no byline by their full name, and only failing that by the login.
"""

from people.models import Correspondent


def public_names(users):
    """``{user pk: name}`` for every user in ``users`` (``None`` entries skipped), in one query."""
    users = {user.pk: user for user in users if user is not None}
    names = {pk: user.get_full_name() or user.get_username() for pk, user in users.items()}
    for correspondent in Correspondent.objects.filter(user_id__in=users):
        names[correspondent.user_id] = correspondent.public_name
    return names


def public_name(user):
    """The name the desk shows for ``user`` (``None``: "the desk")."""
    if user is None:
        return "the desk"
    return public_names([user])[user.pk]


def byline_detail(correspondent):
    """What a byline may print beside a correspondent's name: their role and base, as safety allows.

    A withheld name prints nothing more (its label already says what may be said); a pseudonym
    prints the role only, since a base narrows down who writes under it; anyone else role and base.
    """
    if correspondent.name_withheld:
        return ""
    if correspondent.is_pseudonym:
        return correspondent.role_title
    return ", ".join(part for part in (correspondent.role_title, correspondent.base_location) if part)
