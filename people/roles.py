"""The two newsroom roles: what each group may do (``ROLES``), and putting a user in one.

``ROLES`` is the current table. Migrations apply frozen copies of it (``articles 0004_roles``,
``articles 0007_roles`` since images have their own app, ``articles 0014`` for proposed
organisations, ``insights 0002`` for the policy pages and source profiles editors keep); a test
checks the migrated groups hold exactly this table, so a change here needs a new migration. Tests call it after a
transactional test's flush. Code decides what a user may do by permission, never by group
name. The table names apps by label only, so ``people`` imports nothing above it.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from people.models import Correspondent

CORRESPONDENTS = "Correspondents"
EDITORS = "Editors"

ROLES = {
    "Correspondents": {
        "articles": {
            "article": ["add", "change", "view", "delete"],
            "byline": ["add", "change", "view", "delete"],
            "citation": ["add", "change", "view", "delete"],
            "region": ["view"],
            "country": ["view"],
            "programme": ["view"],
        },
        "images": {"image": ["add", "change", "view"]},
        "people": {
            "source": ["add", "change", "view"],
            "affiliation": ["add", "change", "view", "delete"],
            # Added organisations are proposals until an editor confirms them (people/organisations.py).
            "organisation": ["add", "change", "view"],
            "correspondent": ["view"],
        },
    },
    "Editors": {
        "articles": {
            "article": ["add", "change", "view", "delete", "view_all_articles", "review_article", "publish_article"],
            "byline": ["add", "change", "view", "delete"],
            "citation": ["add", "change", "view", "delete"],
            "correction": ["add", "change", "view", "delete"],
            "region": ["add", "change", "view"],
            "country": ["add", "change", "view"],
            "programme": ["add", "change", "view"],
            "slugredirect": ["view"],
            "workflowevent": ["view"],
            "revision": ["view"],
            "notification": ["view"],
        },
        "images": {"image": ["add", "change", "view"]},
        "people": {
            "source": ["add", "change", "view", "view_confidential_source"],
            "affiliation": ["add", "change", "view", "delete"],
            "organisation": ["add", "change", "view", "confirm_organisation"],
            "correspondent": ["add", "change", "view"],
        },
        "insights": {
            "policy": ["change", "view"],
            "sourceprofile": ["add", "change", "view", "delete"],
        },
    },
}


def codename(action, model):
    return f"{action}_{model}" if action in {"add", "change", "view", "delete"} else action


def sync_roles(apps, schema_editor=None, *, table=ROLES):
    """Put each group's permissions back to ``table`` (``ROLES`` unless a migration passes its frozen copy).

    Usable from a migration with its historical ``apps``; migrations keep their own copy of the
    table, so a later change to ``ROLES`` never rewrites what an old migration applied."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        # create_permissions skips apps without a models module (always so in migration state).
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, by_app in table.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for app_label, by_model in by_app.items():
            for model, actions in by_model.items():
                for action in actions:
                    wanted.append(
                        Permission.objects.get(
                            content_type__app_label=app_label,
                            content_type__model=model,
                            codename=codename(action, model),
                        )
                    )
        group.permissions.set(wanted)


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
