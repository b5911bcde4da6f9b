"""The two newsroom roles, as groups with exactly these permissions (a copy of ``0004_roles``'s
table, now that images live in their own app).

Running the migration again (or a later copy of this table) puts each group back to
this list: permissions added by hand are removed, missing ones are restored.
Editors get no ``auth`` permission, so they cannot grant anyone more rights.
"""

from django.db import migrations

from people import roles

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
        "images": {
            "image": ["add", "change", "view"],
        },
        "people": {
            "source": ["add", "change", "view"],
            "affiliation": ["add", "change", "view", "delete"],
            "organisation": ["view"],
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
        "images": {
            "image": ["add", "change", "view"],
        },
        "people": {
            "source": ["add", "change", "view", "view_confidential_source"],
            "affiliation": ["add", "change", "view", "delete"],
            "organisation": ["add", "change", "view"],
            "correspondent": ["add", "change", "view"],
        },
    },
}


def sync_roles(apps, schema_editor):
    roles.sync_roles(apps, schema_editor, table=ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_images_app"),
        ("images", "0001_initial"),
        ("people", "0002_integrity_constraints"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
