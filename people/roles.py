"""Making a user a correspondent or an editor: the two newsroom roles.

The groups and their permissions come from migration ``articles 0007_roles`` (the latest copy of the table); these
functions only put people in them (and give a correspondent the profile their
byline needs). Code decides what a user may do by permission, never by group name.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from people.models import Correspondent

CORRESPONDENTS = "Correspondents"
EDITORS = "Editors"


@transaction.atomic
def make_correspondent(user, *, name=None, base_location=""):
    """Put ``user`` in Correspondents, staff, with a linked Correspondent profile (created if missing)."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=CORRESPONDENTS))
    profile, _ = Correspondent.objects.get_or_create(
        user=user,
        defaults={
            "name": name or user.get_full_name() or user.get_username(),
            "role_title": "Correspondent",
            "base_location": base_location,
        },
    )
    return profile


@transaction.atomic
def make_editor(user):
    """Put ``user`` in Editors, staff. Grants no right to manage users."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=EDITORS))
    return user
