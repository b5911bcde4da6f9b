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
